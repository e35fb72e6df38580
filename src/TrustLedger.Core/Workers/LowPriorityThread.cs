using System.Runtime.InteropServices;

namespace TrustLedger.Core.Workers;

/// <summary>
/// Runs CPU-heavy work that nobody waits for (the reputation board's network pass) on a thread of its own at the lowest
/// CPU priority, so on a busy machine it takes only what the work clients wait for leaves. On Linux a thread's nice
/// value is its own and .NET's <see cref="Thread.Priority"/> does not set it, so the thread sets nice 19 on itself
/// (raising niceness needs no privilege; it cannot be lowered again, which is why the thread is never reused).
/// </summary>
public static partial class LowPriorityThread
{
    public static Task RunAsync(string name, Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Lower();
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    /// <summary>The calling thread's scheduling priority now (nice on Linux); for tests and diagnostics.</summary>
    public static int CurrentNice() => OperatingSystem.IsLinux() ? getpriority(PrioProcess, 0) : 0;

    private static void Lower()
    {
        if (OperatingSystem.IsLinux()) _ = setpriority(PrioProcess, 0, 19); // who = 0: the calling thread (Linux)
        else Thread.CurrentThread.Priority = ThreadPriority.Lowest;
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpriority(int which, int who);
}

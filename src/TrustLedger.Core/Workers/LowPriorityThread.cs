using System.Runtime.InteropServices;

namespace TrustLedger.Core.Workers;

/// <summary>
/// Runs CPU-heavy work that nobody waits for (the reputation board's network pass) on a thread of its own at the lowest
/// CPU priority, so on a busy machine it takes only what the work clients wait for leaves. On Linux the thread puts
/// itself in SCHED_IDLE (it runs when a core would otherwise idle) and at nice 19 (in case SCHED_IDLE is refused):
/// both are the thread's own, which .NET's <see cref="Thread.Priority"/> does not set there, and neither needs a
/// privilege. Neither can be undone without one, which is why the thread is never reused.
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

    /// <summary>The calling thread's nice value and scheduling policy (Linux; 0 and 0 elsewhere): for tests and diagnostics.</summary>
    public static (int Nice, int Policy) Current() => OperatingSystem.IsLinux() ? (getpriority(PrioProcess, 0), sched_getscheduler(0)) : (0, 0);

    /// <summary>Linux's SCHED_IDLE policy number.</summary>
    public const int SchedIdle = 5;

    private static void Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.CurrentThread.Priority = ThreadPriority.Lowest;
            return;
        }
        _ = setpriority(PrioProcess, 0, 19); // who = 0: the calling thread (Linux)
        int priority = 0; // SCHED_IDLE takes static priority 0
        _ = sched_setscheduler(0, SchedIdle, ref priority); // pid 0: the calling thread
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpriority(int which, int who);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getscheduler(int pid);
}

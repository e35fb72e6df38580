using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Tests.Workers;

public class LowPriorityThreadTests
{
    [Fact]
    public async Task Work_RunsAtIdlePriority_OnItsOwnThread_AndTheCallerKeepsItsPriority()
    {
        if (!OperatingSystem.IsLinux()) return; // nice and SCHED_IDLE are Linux's; elsewhere Thread.Priority does it
        var before = LowPriorityThread.Current();
        (int Nice, int Policy) inside = (int.MinValue, -1);
        int thread = -1;
        await LowPriorityThread.RunAsync("test", () => { inside = LowPriorityThread.Current(); thread = Environment.CurrentManagedThreadId; })
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal((19, LowPriorityThread.SchedIdle), inside);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(before, LowPriorityThread.Current());
        Assert.NotEqual(LowPriorityThread.SchedIdle, before.Policy);
    }

    [Fact]
    public async Task AFailure_FaultsTheTask()
    {
        var run = LowPriorityThread.RunAsync("test", () => throw new InvalidOperationException("network pass failed"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal("network pass failed", e.Message);
    }
}

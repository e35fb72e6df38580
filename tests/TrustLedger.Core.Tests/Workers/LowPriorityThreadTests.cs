using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Tests.Workers;

public class LowPriorityThreadTests
{
    [Fact]
    public async Task Work_RunsAtNice19_OnItsOwnThread_AndTheCallerKeepsItsPriority()
    {
        if (!OperatingSystem.IsLinux()) return; // nice is Linux's; elsewhere Thread.Priority does it
        var before = LowPriorityThread.CurrentNice();
        int inside = int.MinValue, thread = -1;
        await LowPriorityThread.RunAsync("test", () => { inside = LowPriorityThread.CurrentNice(); thread = Environment.CurrentManagedThreadId; })
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(19, inside);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(before, LowPriorityThread.CurrentNice());
    }

    [Fact]
    public async Task AFailure_FaultsTheTask()
    {
        var run = LowPriorityThread.RunAsync("test", () => throw new InvalidOperationException("network pass failed"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal("network pass failed", e.Message);
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Tests.Workers;

/// <summary>A worker that idles for an hour still looks again at once when the index moves (<see cref="IndexAdvance"/>).</summary>
public class WorkerLoopWakeUpTests
{
    private static readonly WorkerPacing AnHour = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    [Fact]
    public async Task IdleWait_EndsWhenTheIndexMoves()
    {
        var advance = new IndexAdvance();
        var looks = Channel();
        using var stop = new CancellationTokenSource();
        var loop = WorkerLoop.RunAsync("test", _ => { looks.Writer.TryWrite(0); return Task.FromResult(false); }, AnHour,
            NullLogger.Instance, stop.Token, wakeUp: () => advance.Next);

        await looks.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        advance.Moved();
        await looks.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AMoveDuringAStep_IsNotMissed_TheNextLookFollowsAtOnce()
    {
        var advance = new IndexAdvance();
        var steps = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var loop = WorkerLoop.RunAsync("test", _ =>
        {
            if (++steps == 1) advance.Moved(); // the indexer commits while this step reads the old checkpoint
            else second.TrySetResult();
            return Task.FromResult(true);
        }, AnHour, NullLogger.Instance, stop.Token, wakeUp: () => advance.Next);

        await second.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private static System.Threading.Channels.Channel<int> Channel() => System.Threading.Channels.Channel.CreateUnbounded<int>();
}

using System.Collections.Concurrent;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>How intake's group commit and batched node reads form their groups.</summary>
public sealed class CoalescerTests
{
    [Fact]
    public async Task CallsArrivingWhileAGroupRuns_RunTogetherAsTheNextGroup_EachGettingItsOwnResult()
    {
        var groups = new ConcurrentQueue<int[]>();
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var coalescer = new Coalescer<int, int>(async items =>
        {
            groups.Enqueue([.. items]);
            if (groups.Count == 1)
            {
                firstRunning.SetResult();
                await releaseFirst.Task;
            }
            return [.. items.Select(i => i * 10)];
        });

        var first = coalescer.RunAsync(1);
        await firstRunning.Task;
        var later = Enumerable.Range(2, 5).Select(coalescer.RunAsync).ToList();
        Assert.All(later, t => Assert.False(t.IsCompleted)); // nobody is answered before their group is done
        releaseFirst.SetResult();

        Assert.Equal(10, await first);
        var answers = await Task.WhenAll(later);
        Assert.Equal([20, 30, 40, 50, 60], answers);
        Assert.Equal([[1], [2, 3, 4, 5, 6]], groups.ToArray());
    }

    [Fact]
    public async Task AGroupThatThrows_FailsItsOwnCallersOnly()
    {
        var coalescer = new Coalescer<int, int>(items =>
            items.Contains(13) ? throw new InvalidOperationException("unlucky group") : Task.FromResult<IReadOnlyList<int>>([.. items]));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => coalescer.RunAsync(13));
        Assert.Equal("unlucky group", failed.Message);
        Assert.Equal(7, await coalescer.RunAsync(7));
    }

    [Fact]
    public async Task AGroupIsNeverLargerThanItsLimit()
    {
        var sizes = new ConcurrentQueue<int>();
        var gate = new TaskCompletionSource();
        var coalescer = new Coalescer<int, int>(async items =>
        {
            sizes.Enqueue(items.Count);
            await gate.Task;
            return [.. items];
        }, maxGroup: 4);

        var calls = Enumerable.Range(0, 11).Select(coalescer.RunAsync).ToList();
        gate.SetResult();

        var answers = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 11), answers);
        Assert.All(sizes, size => Assert.InRange(size, 1, 4));
        Assert.Equal(11, sizes.Sum());
    }
}

namespace TrustLedger.Core.Relaying;

/// <summary>
/// Calls made concurrently, run as groups: the first caller's item runs alone at once; items that arrive while a group
/// runs wait for it to finish and then run together as the next group (at most <paramref name="maxGroup"/>). A lone
/// caller waits for nothing; under load one round trip serves every caller that arrived during the last one. Each
/// caller is answered only once its group is done. <paramref name="runGroup"/> returns one result per item, in order;
/// if it throws, every caller of that group gets the exception (so it should isolate failures that belong to one item).
/// </summary>
public sealed class Coalescer<TIn, TOut>(Func<IReadOnlyList<TIn>, Task<IReadOnlyList<TOut>>> runGroup, int maxGroup = 256)
{
    private readonly object _lock = new();
    private List<(TIn Item, TaskCompletionSource<TOut> Done)> _queue = [];
    private bool _running;

    public Task<TOut> RunAsync(TIn item)
    {
        var done = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _queue.Add((item, done));
            start = !_running;
            _running = true;
        }
        if (start) _ = Task.Run(DrainAsync);
        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(TIn Item, TaskCompletionSource<TOut> Done)> group;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }
                if (_queue.Count <= maxGroup) (group, _queue) = (_queue, []);
                else
                {
                    group = _queue[..maxGroup];
                    _queue.RemoveRange(0, maxGroup);
                }
            }
            try
            {
                var results = await runGroup([.. group.Select(g => g.Item)]);
                for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var (_, done) in group) done.TrySetException(e);
            }
        }
    }
}

namespace TrustLedger.Core.Indexing;

/// <summary>
/// Tells readers of the index in this process that the indexer moved its checkpoint (a range committed, a reorg
/// rolled back), so they look at once instead of at their next poll: the reputation board is what a client waits
/// for after a confirmation, and a poll interval is pure latency there. Replicas that do not run the indexer get no
/// signal and keep polling.
/// </summary>
public sealed class IndexAdvance
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next move after it was read: read it before looking, so a move during the look is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Moved() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

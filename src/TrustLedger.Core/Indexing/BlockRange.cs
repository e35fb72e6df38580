namespace TrustLedger.Core.Indexing;

/// <summary>
/// The adaptive size of the next eth_getLogs range. Providers refuse wide ranges ("query returned
/// more than 10000 results", "response size exceeded", timeouts); the range halves on such an error,
/// shrinks in proportion when a range brought more events than the target, and doubles while ranges
/// stay sparse, so a long backfill over quiet blocks takes few calls and a busy stretch small ones.
/// </summary>
public sealed class BlockRange(IndexerOptions options)
{
    public long Size { get; private set; } = Math.Clamp(options.InitialRangeBlocks, 1, options.MaxRangeBlocks);

    /// <summary>The provider refused the range as too large: halve it. False when it is one block already.</summary>
    public bool ShrinkAfterRefusal()
    {
        if (Size == 1) return false;
        Size = Math.Max(1, Size / 2);
        return true;
    }

    /// <summary>A range of <paramref name="blocks"/> blocks brought <paramref name="events"/> events.</summary>
    public void Fitted(long blocks, int events)
    {
        var target = options.TargetEventsPerRange;
        if (events > target)
            Size = Math.Max(1, blocks * target / events);
        else if (events <= target / 2 && blocks >= Size)
            Size = Math.Min(options.MaxRangeBlocks, Size * 2);
    }
}

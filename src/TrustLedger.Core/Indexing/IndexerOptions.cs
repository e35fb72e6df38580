namespace TrustLedger.Core.Indexing;

/// <summary>How the indexer walks the chain (configuration section "Indexer"). Confirmations come from Chain.</summary>
public sealed class IndexerOptions
{
    public const string Section = "Indexer";

    /// <summary>Off: this replica never indexes (it still serves what another replica indexed).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Blocks per eth_getLogs call at start; the range then adapts (see <see cref="BlockRange"/>).</summary>
    public int InitialRangeBlocks { get; set; } = 100;

    /// <summary>Upper bound of the adaptive range.</summary>
    public int MaxRangeBlocks { get; set; } = 50_000;

    /// <summary>
    /// Events per range the indexer aims for: a range that returned more is shrunk in proportion, one
    /// that returned under half is doubled. Bounds memory and the size of each DB transaction.
    /// </summary>
    public int TargetEventsPerRange { get; set; } = 5_000;

    /// <summary>How often to look for new blocks once caught up with the chain.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Block hashes kept below the checkpoint for finding a reorg's fork point. A reorg deeper than
    /// this (and than the last <see cref="MinBlockHashesKept"/> ranges) makes the indexer start over
    /// from the deployment block: slow, but never wrong.
    /// </summary>
    public int BlockHashRetention { get; set; } = 1_024;

    /// <summary>Newest stored block hashes that are never pruned, however old.</summary>
    public int MinBlockHashesKept { get; set; } = 64;

    /// <summary>First wait after a failure (node down, database error); doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a long backfill logs its progress.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the "indexer" lease lasts without renewal; another replica takes over after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
}

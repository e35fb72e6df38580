namespace TrustLedger.Core.Indexing;

/// <summary>What an indexer is doing, for /health and logs. Immutable snapshot.</summary>
/// <param name="State">starting, backfilling, following, retrying, standby, stopped</param>
/// <param name="CheckpointBlock">last block written</param>
/// <param name="HeadBlock">the node's head when last asked</param>
/// <param name="Lag">head minus checkpoint (confirmations included)</param>
/// <param name="LastError">the failure being retried, if any (no secrets: RPC URLs are never in it)</param>
public sealed record IndexerStatus(
    string State, long? CheckpointBlock, long? HeadBlock, long? Lag, string? LastError, DateTimeOffset UpdatedAt)
{
    public static IndexerStatus Starting { get; } = new("starting", null, null, null, null, DateTimeOffset.UtcNow);
}

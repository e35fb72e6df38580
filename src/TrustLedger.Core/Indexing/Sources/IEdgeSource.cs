namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// A contract outside our registry whose events become reputation edges. The indexer fetches its
/// logs through the same <see cref="RegistryLogSource"/> range reads as the registry's (same ranges,
/// confirmations, reorg checks, one checkpoint) and hands each log of its address here.
/// </summary>
public interface IEdgeSource
{
    /// <summary>The contract's address, lower-case.</summary>
    string Address { get; }

    /// <summary>The eth_getLogs topics filter: only the events (and schemas) that count are fetched.</summary>
    object?[] Topics { get; }

    /// <summary>Turns one of its logs into rows of <paramref name="batch"/> (nothing, when the mapping says it counts nothing).</summary>
    Task DecodeAsync(RegistryLog log, long blockTime, IndexBatch batch, PinnedCalls calls);
}

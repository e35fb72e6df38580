using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Indexing;

// What one range of blocks adds to the database, decoded from the registry's events. Addresses are
// lower-case 0x hex, bytes32 values 0x hex, times unix seconds (see 003_indexer.sql).

public sealed record SchemaRow(
    string Uid, string Definition, string Hook, bool Revocable, string Registerer, long BlockNumber, string TxHash, int LogIndex);

public sealed record AttestationRow(
    string Uid, string SchemaUid, string Attester, string Subject, string? RefUid, long Expiration, byte[] Data,
    long BlockNumber, long BlockTime, string TxHash, int LogIndex);

public sealed record RevocationRow(string Uid, long BlockNumber, long BlockTime, string TxHash);

public sealed record ConfirmationRow(string Uid, string ConfirmationUid, long BlockNumber, string TxHash, int LogIndex);

/// <summary>Blocks [From, To.Number] of one stream, decoded: written in one transaction with the checkpoint To.</summary>
public sealed class IndexBatch(long from, BlockRef to)
{
    public long From { get; } = from;
    public BlockRef To { get; } = to;
    public List<SchemaRow> Schemas { get; } = [];
    public List<AttestationRow> Attestations { get; } = [];
    public List<RevocationRow> Revocations { get; } = [];
    public List<ConfirmationRow> Confirmations { get; } = [];

    /// <summary>Edges and revocations of the configured outside sources (EAS, ERC-8004), decoded by <see cref="EdgeSourceSet"/>.</summary>
    public List<SourceEdgeRow> SourceEdges { get; } = [];
    public List<SourceRevocationRow> SourceRevocations { get; } = [];

    /// <summary>Logs of those sources, between decoding the registry's logs and the sources' own (which may call the node).</summary>
    internal List<RegistryLog> SourceLogs { get; } = [];

    /// <summary>Hashes of the blocks that had events, and of <see cref="To"/>: kept for reorg detection.</summary>
    public SortedDictionary<long, string> BlockHashes { get; } = [];

    public int EventCount => Schemas.Count + Attestations.Count + Revocations.Count + Confirmations.Count
        + SourceEdges.Count + SourceRevocations.Count + SourceLogs.Count;
}

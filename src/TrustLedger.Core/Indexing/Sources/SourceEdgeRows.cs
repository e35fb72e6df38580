namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// An edge an outside source made, already through its declared mapping: <paramref name="Rating"/> on
/// our -5..+5 scale (negative = a report). <paramref name="Contract"/> and <paramref name="Uid"/> say
/// where it came from: an EAS attestation uid, or ERC-8004's "agentId:client:feedbackIndex".
/// </summary>
/// <param name="Source">the source kind: <see cref="EasEdgeSource.Kind"/> or <see cref="Erc8004EdgeSource.Kind"/></param>
/// <param name="Reference">the EAS schema uid, or the ERC-8004 agent id</param>
/// <param name="Expiration">unix seconds, 0 = never</param>
public sealed record SourceEdgeRow(
    string Source, string Contract, string Uid, string Reference, string Attester, string Subject, double Rating, string? Category,
    long Expiration, long BlockNumber, long BlockTime, string TxHash, int LogIndex);

/// <summary>A revocation the source emitted for one of its edges.</summary>
public sealed record SourceRevocationRow(string Contract, string Uid, long BlockNumber, long BlockTime, string TxHash);

/// <summary>A stored source edge as of some block (revocation after that block not yet counted).</summary>
public sealed record SourceEdge
{
    public string Source { get; init; } = "";
    public string Contract { get; init; } = "";
    public string Uid { get; init; } = "";
    public string Reference { get; init; } = "";
    public string Attester { get; init; } = "";
    public string Subject { get; init; } = "";
    public double Rating { get; init; }
    public string? Category { get; init; }
    public long Expiration { get; init; }
    public long BlockNumber { get; init; }
    public long Time { get; init; }
    public string TxHash { get; init; } = "";
    public int LogIndex { get; init; }
    public long? RevokedTime { get; init; }

    public bool Revoked => RevokedTime is not null;
}

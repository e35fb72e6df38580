namespace TrustLedger.Core.Reputation;

/// <summary>What an attestation says about its subject. Kinds weigh differently (see ReputationOptions).</summary>
public enum EdgeKind : byte
{
    /// <summary>One-sided endorsement by the attester.</summary>
    Endorsement = 0,
    /// <summary>A trade or service both parties confirmed on chain; stronger evidence than a one-sided claim.</summary>
    ConfirmedReciprocity = 1,
    /// <summary>A complaint. Its rating is always taken as negative, whatever sign it was given.</summary>
    NegativeReport = 2,
}

/// <summary>
/// One attestation: <paramref name="Source"/> rates <paramref name="Target"/>.
/// Party ids are opaque strings compared exactly (give addresses in lower-case hex, or integer ids).
/// </summary>
/// <param name="Rating">On the scale of <see cref="ReputationOptions.Scale"/> (default -10..10); negative allowed.</param>
/// <param name="Time">Unix seconds when the attestation was made; later than the as-of time means "not yet made".</param>
/// <param name="RevokedAt">Unix seconds of revocation; from then on the edge has no effect.</param>
/// <param name="ExpiresAt">Unix seconds of expiry; from then on the edge has no effect.</param>
public readonly record struct Edge(
    string Source,
    string Target,
    double Rating,
    EdgeKind Kind = EdgeKind.Endorsement,
    long Time = 0,
    long? RevokedAt = null,
    long? ExpiresAt = null)
{
    /// <summary>Made by <paramref name="asOf"/> and neither revoked nor expired then: the edge counts at that time.</summary>
    public bool InForceAt(long asOf) => Time <= asOf && !(RevokedAt <= asOf) && !(ExpiresAt <= asOf);
}

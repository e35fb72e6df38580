using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials;

// Settable members rather than positional records: SQLite reports no column type for an expression
// (COALESCE, MAX) before a row is read, so Dapper finds no constructor to match; properties convert per value.

/// <summary>One attestation a credential derives from, as indexed (null columns: not on chain, e.g. after a reorg).</summary>
public sealed record FactState
{
    public string Uid { get; init; } = "";
    public string? IndexedUid { get; init; }
    public long? RevokedBlock { get; init; }
    public long Expiration { get; init; }
    public bool Indexed => IndexedUid is not null;
}

/// <summary>A credential whose fact no longer holds and whose anchor is on chain, so its revocation can be relayed now.</summary>
public sealed record StaleCredential
{
    public string Id { get; init; } = "";
    public string AnchorKey { get; init; } = "";
    public string Reason { get; init; } = "";
}

/// <summary>
/// What a product credential rests on (table credential_facts): the endorsement it restates, or
/// the reciprocity proposal and the confirmation it restates. A credential is only as good as its
/// facts: once one of them is revoked or expired on chain, verification reports the credential
/// revoked at once, and the credentials worker relays the revocation of its anchor.
/// </summary>
public static class CredentialFacts
{
    /// <summary>Revocation reasons (credentials.revoked_reason).</summary>
    public const string FactRevoked = "fact-revoked";
    public const string FactExpired = "fact-expired";
    public const string ByIssuer = "issuer";

    public static async Task<IReadOnlyList<FactState>> OfAsync(Database db, string credentialId, CancellationToken ct)
    {
        const string sql = """
            SELECT f.attestation_uid AS Uid, a.uid AS IndexedUid, a.revoked_block AS RevokedBlock, COALESCE(a.expiration, 0) AS Expiration
            FROM credential_facts f LEFT JOIN attestations a ON a.uid = f.attestation_uid
            WHERE f.credential_id = @Id ORDER BY f.attestation_uid
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<FactState>(new CommandDefinition(sql, new { Id = credentialId }, cancellationToken: ct))).AsList();
    }

    /// <summary>Why the facts no longer hold at <paramref name="now"/> (unix seconds), as a sentence; null while they all hold.</summary>
    public static string? Broken(IReadOnlyList<FactState> facts, long now)
    {
        foreach (var fact in facts)
        {
            if (fact.RevokedBlock is { } block) return $"the attestation {fact.Uid} it derives from was revoked in block {block}";
            if (fact.Expiration > 0 && fact.Expiration <= now) return $"the attestation {fact.Uid} it derives from expired at {fact.Expiration}";
            if (!fact.Indexed) return $"the attestation {fact.Uid} it derives from is not on chain (any more)";
        }
        return null;
    }

    /// <summary>
    /// Unrevoked credentials with a revoked or expired fact whose anchor is indexed (a revocation of
    /// an anchor not yet mined would fail), oldest first: what the worker revokes next.
    /// </summary>
    public static async Task<IReadOnlyList<StaleCredential>> StaleAsync(Database db, long now, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT k.id AS Id, k.anchor_key AS AnchorKey,
                   MAX(CASE WHEN a.revoked_block IS NOT NULL THEN 'fact-revoked' ELSE 'fact-expired' END) AS Reason
            FROM attestations a
            JOIN credential_facts f ON f.attestation_uid = a.uid
            JOIN credentials k ON k.id = f.credential_id
            WHERE (a.revoked_block IS NOT NULL OR (a.expiration > 0 AND a.expiration <= @Now))
              AND k.revoked_at IS NULL
              AND EXISTS (SELECT 1 FROM attestations x WHERE x.uid = k.anchor_uid)
            GROUP BY k.id, k.anchor_key, k.issued_at
            ORDER BY k.issued_at, k.id
            LIMIT @Limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<StaleCredential>(new CommandDefinition(sql, new { Now = now, Limit = limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>The ids of the credentials derived from attestation <paramref name="uid"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> CredentialsOfAsync(Database db, string uid, CancellationToken ct)
    {
        const string sql = """
            SELECT k.id FROM credential_facts f JOIN credentials k ON k.id = f.credential_id
            WHERE f.attestation_uid = @Uid ORDER BY k.issued_at, k.id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(sql, new { Uid = uid.ToLowerInvariant() }, cancellationToken: ct))).AsList();
    }
}

using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials;

/// <summary>A credential as issued and stored (table credentials, migration 007).</summary>
public sealed class CredentialRow
{
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public string Issuer { get; init; } = "";
    /// <summary>"eip712" or "vc+jwt".</summary>
    public string Mechanism { get; init; } = "";
    /// <summary>The verifiable credential (EIP-712) or its EnvelopedVerifiableCredential (JWS) as JSON text.</summary>
    public string Document { get; init; } = "";
    public string? Jws { get; init; }
    public string AnchorKey { get; init; } = "";
    public string AnchorHash { get; init; } = "";
    public string AnchorUid { get; init; } = "";
    public long? AnchorRequestId { get; init; }
    public long? RevokeRequestId { get; init; }
    public string? Source { get; init; }
    public string IssuedAt { get; init; } = "";
    public string? RevokedAt { get; init; }
    /// <summary>fact-revoked | fact-expired | issuer, once a revocation is recorded.</summary>
    public string? RevokedReason { get; init; }
    /// <summary>The credential issued in its place for the same fact (an event confirmed again).</summary>
    public string? SupersededBy { get; init; }
    /// <summary>The chain generation its anchor was made on, once that chain is gone (null: the current chain).</summary>
    public long? OldChain { get; init; }
}

/// <summary>The SQL over credentials and credential_holders; callers pass the database, each call opens its own connection.</summary>
public static class CredentialStore
{
    private const string Columns = """
        SELECT id AS Id, type AS Type, issuer AS Issuer, mechanism AS Mechanism, document AS Document, jws AS Jws,
               anchor_key AS AnchorKey, anchor_hash AS AnchorHash, anchor_uid AS AnchorUid, anchor_request_id AS AnchorRequestId,
               revoke_request_id AS RevokeRequestId, source AS Source, issued_at AS IssuedAt, revoked_at AS RevokedAt,
               revoked_reason AS RevokedReason, superseded_by AS SupersededBy, old_chain AS OldChain
        FROM credentials
        """;

    /// <summary>Why the chain a credential was anchored on is gone, or null while its chain is the current one.</summary>
    public static async Task<string?> GoneChainAsync(System.Data.Common.DbConnection c, string id, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            SELECT 'chain generation ' || g.id || ' (chain ' || g.chain_id || ', genesis ' || g.genesis_hash || ') ended: ' || COALESCE(g.ended_reason, '')
            FROM credentials c JOIN chain_generations g ON g.id = c.old_chain WHERE c.id = @id
            """, new { id }, cancellationToken: ct));

    /// <summary>
    /// Stores a credential before its anchor is submitted, with its holders and the attestations it
    /// derives from (<paramref name="facts"/>). False when its id or its source is taken already (the
    /// caller then answers with what is stored, or a conflict).
    /// </summary>
    public static async Task<bool> TryInsertAsync(Database db, CredentialRow row, IReadOnlyList<string> holders, CancellationToken ct,
        IReadOnlyList<string>? facts = null)
    {
        const string fact = "INSERT INTO credential_facts (credential_id, attestation_uid) VALUES (@Id, @Uid) ON CONFLICT DO NOTHING";
        const string insert = """
            INSERT INTO credentials (id, type, issuer, mechanism, document, jws, anchor_key, anchor_hash, anchor_uid, source, issued_at)
            VALUES (@Id, @Type, @Issuer, @Mechanism, @Document, @Jws, @AnchorKey, @AnchorHash, @AnchorUid, @Source, @IssuedAt)
            ON CONFLICT DO NOTHING
            """;
        const string holder = "INSERT INTO credential_holders (credential_id, holder) VALUES (@Id, @Holder) ON CONFLICT DO NOTHING";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(insert, row, transaction, cancellationToken: ct)) == 0) return false;
        foreach (var address in holders.Distinct(StringComparer.Ordinal))
            await connection.ExecuteAsync(new CommandDefinition(holder, new { row.Id, Holder = address }, transaction, cancellationToken: ct));
        foreach (var uid in (facts ?? []).Select(f => f.ToLowerInvariant()).Distinct(StringComparer.Ordinal))
            await connection.ExecuteAsync(new CommandDefinition(fact, new { row.Id, Uid = uid }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Undoes <see cref="TryInsertAsync"/> when the anchor could not be submitted, so nothing unanchored stays listed.</summary>
    public static async Task DeleteAsync(Database db, string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM credential_holders WHERE credential_id = @Id", new { Id = id }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM credential_facts WHERE credential_id = @Id", new { Id = id }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM credentials WHERE id = @Id", new { Id = id }, cancellationToken: ct));
    }

    public static async Task SetAnchorRequestAsync(Database db, string id, long requestId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE credentials SET anchor_request_id = @RequestId WHERE id = @Id", new { Id = id, RequestId = requestId }, cancellationToken: ct));
    }

    /// <summary>Records the revocation request once, with why (<see cref="CredentialFacts"/> reasons); false when another one was recorded first.</summary>
    public static async Task<bool> SetRevokeRequestAsync(Database db, string id, long? requestId, DateTimeOffset at, CancellationToken ct,
        string reason = CredentialFacts.ByIssuer)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE credentials SET revoke_request_id = @RequestId, revoked_at = @At, revoked_reason = @Reason WHERE id = @Id AND revoke_request_id IS NULL",
            new { Id = id, RequestId = requestId, At = at.ToString("O"), Reason = reason }, cancellationToken: ct)) == 1;
    }

    /// <summary>Frees a credential's source for the one that supersedes it (its source becomes source#id: still traceable).</summary>
    public static async Task RetireSourceAsync(Database db, string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE credentials SET source = source || '#' || id WHERE id = @Id AND source IS NOT NULL", new { Id = id }, cancellationToken: ct));
    }

    public static async Task SetSupersededByAsync(Database db, string id, string newer, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE credentials SET superseded_by = @Newer WHERE id = @Id AND superseded_by IS NULL", new { Id = id, Newer = newer }, cancellationToken: ct));
    }

    public static async Task<CredentialRow?> GetAsync(Database db, string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<CredentialRow>(new CommandDefinition(Columns + " WHERE id = @Id", new { Id = id }, cancellationToken: ct));
    }

    public static async Task<CredentialRow?> FindBySourceAsync(Database db, string source, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<CredentialRow>(
            new CommandDefinition(Columns + " WHERE source = @Source", new { Source = source }, cancellationToken: ct));
    }

    /// <summary>Every holder of one credential (lower-case addresses).</summary>
    public static async Task<IReadOnlyList<string>> HoldersAsync(Database db, string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT holder FROM credential_holders WHERE credential_id = @Id ORDER BY holder", new { Id = id }, cancellationToken: ct))).AsList();
    }

    /// <summary>A holder's credentials, newest first, <paramref name="limit"/> at most, after the cursor (issued_at, id) if given.</summary>
    public static async Task<IReadOnlyList<CredentialRow>> ListByHolderAsync(
        Database db, string holder, (string IssuedAt, string Id)? after, int limit, CancellationToken ct)
    {
        var sql = Columns + """
             WHERE id IN (SELECT credential_id FROM credential_holders WHERE holder = @Holder)
             {0}
             ORDER BY issued_at DESC, id DESC LIMIT @Limit
            """;
        var where = after is null ? "" : "AND (issued_at < @AfterTime OR (issued_at = @AfterTime AND id < @AfterId))";
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<CredentialRow>(new CommandDefinition(string.Format(sql, where),
            new { Holder = holder, Limit = limit, AfterTime = after?.IssuedAt, AfterId = after?.Id }, cancellationToken: ct))).AsList();
    }
}

using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials.StatusLists;

/// <summary>One published version of a list (table status_list_versions, migration 014).</summary>
public sealed class StatusListVersion
{
    public long ListNumber { get; init; }
    public long Version { get; init; }
    /// <summary>keccak256 of the uncompressed bitstring, 0x-hex: what the chain holds for this version.</summary>
    public string BitstringHash { get; init; } = "";
    public long RevokedCount { get; init; }
    /// <summary>The BitstringStatusListCredential as a compact vc+jwt.</summary>
    public string Jws { get; init; } = "";
    public string PublishedAt { get; init; } = "";
    /// <summary>The credentialId of its CredentialAnchor: {list URL}#v{version}.</summary>
    public string AnchoredId { get; init; } = "";
    public string AnchorUid { get; init; } = "";
    public long? AnchorRequestId { get; init; }
}

internal sealed class SlotRow
{
    public long List { get; init; }
    public long ListIndex { get; init; }
}

internal sealed class ListUse
{
    public long List { get; init; }
    public long Used { get; init; }
}

/// <summary>The SQL over status_list_slots and status_list_versions.</summary>
public static class StatusListStore
{
    private const string VersionColumns = """
        SELECT list_number AS ListNumber, version AS Version, bitstring_hash AS BitstringHash, revoked_count AS RevokedCount, jws AS Jws,
               published_at AS PublishedAt, anchored_id AS AnchoredId, anchor_uid AS AnchorUid, anchor_request_id AS AnchorRequestId
        FROM status_list_versions
        """;

    /// <summary>The newest list and how many slots it has reserved; (1, 0) before the first credential.</summary>
    public static async Task<(long List, long Used)> NewestListAsync(Database db, CancellationToken ct)
    {
        const string sql = """
            SELECT list_number AS List, COUNT(*) AS Used FROM status_list_slots
            WHERE list_number = (SELECT MAX(list_number) FROM status_list_slots) GROUP BY list_number
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ListUse>(new CommandDefinition(sql, cancellationToken: ct));
        return row is null ? (1, 0) : (row.List, row.Used);
    }

    /// <summary>Reserves one slot; false when it is taken (the caller draws another index).</summary>
    public static async Task<bool> TryReserveAsync(Database db, long list, long index, string credentialId, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO status_list_slots (list_number, list_index, credential_id, reserved_at) VALUES (@List, @Index, @Id, @At)
            ON CONFLICT DO NOTHING
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { List = list, Index = index, Id = credentialId, At = at.ToString("O") },
            cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// The indices whose bit is set: credentials with a recorded revocation (by their issuer, or by the
    /// worker once a fact they derive from was revoked or expired) or replaced by a newer credential.
    /// Both are recorded once and never cleared, so a bit never goes back to 0 (revocation is final).
    /// </summary>
    public static async Task<IReadOnlyList<long>> RevokedIndicesAsync(Database db, long list, CancellationToken ct)
    {
        const string sql = """
            SELECT s.list_index FROM status_list_slots s JOIN credentials k ON k.id = s.credential_id
            WHERE s.list_number = @List AND (k.revoked_at IS NOT NULL OR k.superseded_by IS NOT NULL)
            ORDER BY s.list_index
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(sql, new { List = list }, cancellationToken: ct))).AsList();
    }

    /// <summary>The indices of credentials suspended now (suspended_at set; reinstating clears it, so the bit returns to 0).</summary>
    public static async Task<IReadOnlyList<long>> SuspendedIndicesAsync(Database db, long list, CancellationToken ct)
    {
        const string sql = """
            SELECT s.list_index FROM status_list_slots s JOIN credentials k ON k.id = s.credential_id
            WHERE s.list_number = @List AND k.suspended_at IS NOT NULL
            ORDER BY s.list_index
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(sql, new { List = list }, cancellationToken: ct))).AsList();
    }

    /// <summary>Whether list <paramref name="list"/> holds a credential that can be suspended (endorsement or reciprocity), so its suspension list is published.</summary>
    public static async Task<bool> HasSuspendableAsync(Database db, long list, CancellationToken ct)
    {
        const string sql = """
            SELECT COUNT(*) FROM status_list_slots s JOIN credentials k ON k.id = s.credential_id
            WHERE s.list_number = @List AND k.type IN ('EndorsementCredential', 'ReciprocityCredential')
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { List = list }, cancellationToken: ct)) > 0;
    }

    /// <summary>The slot of credential <paramref name="credentialId"/>, or null.</summary>
    public static async Task<(long List, long Index)?> SlotOfAsync(Database db, string credentialId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SlotRow>(new CommandDefinition(
            "SELECT list_number AS List, list_index AS ListIndex FROM status_list_slots WHERE credential_id = @Id", new { Id = credentialId }, cancellationToken: ct));
        return row is null ? null : (row.List, row.ListIndex);
    }

    /// <summary>Suspends (<paramref name="at"/> set) or reinstates (null) a credential; false when there is no such credential.</summary>
    public static async Task<bool> SetSuspendedAsync(Database db, string credentialId, DateTimeOffset? at, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("UPDATE credentials SET suspended_at = @At WHERE id = @Id",
            new { Id = credentialId, At = at?.ToString("O") }, cancellationToken: ct)) == 1;
    }

    public static async Task<bool> IsSuspendedAsync(Database db, string credentialId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT suspended_at FROM credentials WHERE id = @Id",
            new { Id = credentialId }, cancellationToken: ct)) is not null;
    }

    public static async Task<IReadOnlyList<long>> ListNumbersAsync(Database db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT list_number FROM status_list_slots ORDER BY list_number", cancellationToken: ct))).AsList();
    }

    public static async Task<StatusListVersion?> LatestAsync(Database db, long list, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StatusListVersion>(new CommandDefinition(
            VersionColumns + " WHERE list_number = @List ORDER BY version DESC LIMIT 1", new { List = list }, cancellationToken: ct));
    }

    /// <summary>Every version of a list, newest first.</summary>
    public static async Task<IReadOnlyList<StatusListVersion>> VersionsAsync(Database db, long list, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<StatusListVersion>(new CommandDefinition(
            VersionColumns + " WHERE list_number = @List ORDER BY version DESC LIMIT @Limit", new { List = list, Limit = limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>Stores a new version; false when another replica stored this version number first.</summary>
    public static async Task<bool> TryInsertAsync(Database db, StatusListVersion version, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO status_list_versions (list_number, version, bitstring_hash, revoked_count, jws, published_at, anchored_id, anchor_uid)
            VALUES (@ListNumber, @Version, @BitstringHash, @RevokedCount, @Jws, @PublishedAt, @AnchoredId, @AnchorUid)
            ON CONFLICT DO NOTHING
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, version, cancellationToken: ct)) == 1;
    }

    public static async Task SetAnchorRequestAsync(Database db, long list, long version, long requestId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE status_list_versions SET anchor_request_id = @RequestId WHERE list_number = @List AND version = @Version",
            new { List = list, Version = version, RequestId = requestId }, cancellationToken: ct));
    }
}

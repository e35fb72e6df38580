using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;

namespace TrustLedger.Core.Attestations;

/// <summary>
/// The queries the API and the indexer share over the indexed tables. Callers open the connection
/// (one per request); addresses and uids may come in any case and are matched lower-case.
/// </summary>
public static class AttestationStore
{
    public const int MaxPageSize = 500;

    private const string AttestationColumns = """
        SELECT uid AS Uid, schema_uid AS SchemaUid, attester AS Attester, subject AS Subject, ref_uid AS RefUid,
               expiration AS Expiration, data AS Data, block_number AS BlockNumber, block_time AS BlockTime,
               tx_hash AS TxHash, log_index AS LogIndex, revoked_block AS RevokedBlock, revoked_time AS RevokedTime,
               revoked_tx AS RevokedTx, confirmed_by AS ConfirmedBy, confirmed_block AS ConfirmedBlock
        FROM attestations
        """;

    public const string ByUidSql = AttestationColumns + " WHERE uid = @Uid";

    /// <summary>{0}: the WHERE clause built from <see cref="AttestationFilter"/>. Newest first.</summary>
    public const string ListSql = AttestationColumns + " {0} ORDER BY block_number DESC, log_index DESC LIMIT @Limit";

    public const string CountSql = "SELECT COUNT(*) FROM attestations {0}";

    public const string SchemaByUidSql = """
        SELECT uid AS Uid, definition AS Definition, hook AS Hook, revocable AS Revocable, registerer AS Registerer,
               block_number AS BlockNumber, tx_hash AS TxHash
        FROM schemas WHERE uid = @Uid
        """;

    public const string SchemasSql = """
        SELECT uid AS Uid, definition AS Definition, hook AS Hook, revocable AS Revocable, registerer AS Registerer,
               block_number AS BlockNumber, tx_hash AS TxHash
        FROM schemas ORDER BY block_number, log_index
        """;

    /// <summary>{0}: an optional schema filter. Chain order, so a score computed from it is reproducible.</summary>
    public const string EdgesSql = """
        SELECT uid AS Uid, attester AS Attester, subject AS Subject, schema_uid AS SchemaUid, data AS Data,
               block_time AS Time, block_number AS BlockNumber, expiration AS Expiration, revoked_time AS RevokedTime,
               ref_uid AS RefUid, confirmed_by AS ConfirmedBy
        FROM attestations {0} ORDER BY block_number, log_index
        """;

    /// <summary>
    /// The edge columns of attestations a as the chain stood at block @AtBlock: later revocations undone and the latest
    /// confirmation made by then. Every reader of edges at a block (the full read below, the board's changed rows) selects these.
    /// </summary>
    public const string EdgeColumnsAtBlockSql = """
        SELECT a.uid AS Uid, a.attester AS Attester, a.subject AS Subject, a.schema_uid AS SchemaUid, a.data AS Data,
               a.block_time AS Time, a.block_number AS BlockNumber, a.expiration AS Expiration,
               CASE WHEN a.revoked_block <= @AtBlock THEN a.revoked_time END AS RevokedTime,
               a.ref_uid AS RefUid,
               CASE WHEN a.confirmed_block IS NULL THEN NULL
                    WHEN a.confirmed_block <= @AtBlock THEN a.confirmed_by
                    ELSE (SELECT c.confirmation_uid FROM confirmations c WHERE c.uid = a.uid AND c.block_number <= @AtBlock
                          ORDER BY c.block_number DESC, c.log_index DESC LIMIT 1) END AS ConfirmedBy
        FROM attestations a

        """;

    /// <summary>
    /// The edge rows as the chain stood at block @AtBlock, whatever the indexer added since: later
    /// attestations left out, later revocations undone, and the latest confirmation made by then.
    /// </summary>
    public const string EdgesAtBlockSql = EdgeColumnsAtBlockSql + "WHERE a.block_number <= @AtBlock ORDER BY a.block_number, a.log_index";

    /// <summary>The attestation with this uid, or null if it is not (yet) indexed.</summary>
    public static Task<IndexedAttestation?> GetAsync(DbConnection connection, string uid, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<IndexedAttestation>(new CommandDefinition(ByUidSql, new { Uid = uid.ToLowerInvariant() }, cancellationToken: ct));

    /// <summary>One page (at most <paramref name="limit"/>, 1..<see cref="MaxPageSize"/>) after <paramref name="after"/>.</summary>
    public static async Task<AttestationPage> ListAsync(
        DbConnection connection, AttestationFilter filter, AttestationCursor? after, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var (where, parameters) = Where(filter, after);
        parameters.Add("Limit", limit + 1); // one more tells whether a next page exists
        var rows = (await connection.QueryAsync<IndexedAttestation>(
            new CommandDefinition(string.Format(ListSql, where), parameters, cancellationToken: ct))).AsList();
        if (rows.Count <= limit) return new AttestationPage(rows, null);
        rows.RemoveAt(limit);
        var last = rows[^1];
        return new AttestationPage(rows, new AttestationCursor(last.BlockNumber, last.LogIndex).Encode());
    }

    public static Task<long> CountAsync(DbConnection connection, AttestationFilter filter, CancellationToken ct = default)
    {
        var (where, parameters) = Where(filter, null);
        return connection.ExecuteScalarAsync<long>(new CommandDefinition(string.Format(CountSql, where), parameters, cancellationToken: ct));
    }

    public static Task<IndexedSchema?> GetSchemaAsync(DbConnection connection, string uid, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<IndexedSchema>(new CommandDefinition(SchemaByUidSql, new { Uid = uid.ToLowerInvariant() }, cancellationToken: ct));

    public static async Task<IReadOnlyList<IndexedSchema>> ListSchemasAsync(DbConnection connection, CancellationToken ct = default) =>
        (await connection.QueryAsync<IndexedSchema>(new CommandDefinition(SchemasSql, cancellationToken: ct))).AsList();

    /// <summary>
    /// Every attestation (optionally of one schema) as a reputation edge, streamed row by row from an open
    /// reader: memory stays flat however many there are. Keep <paramref name="connection"/> open while enumerating.
    /// </summary>
    public static async IAsyncEnumerable<AttestationEdge> StreamEdgesAsync(
        DbConnection connection, string? schemaUid = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sql = string.Format(EdgesSql, schemaUid is null ? "" : "WHERE schema_uid = @Schema");
        await foreach (var edge in connection.QueryUnbufferedAsync<AttestationEdge>(sql, new { Schema = schemaUid?.ToLowerInvariant() })
                           .WithCancellation(ct))
            yield return edge;
    }

    /// <summary>
    /// Every attestation as a reputation edge as of <paramref name="atBlock"/> (at or below the checkpoint),
    /// streamed like <see cref="StreamEdgesAsync"/>: what a snapshot of that block is computed from, while
    /// the indexer keeps writing newer blocks.
    /// </summary>
    public static async IAsyncEnumerable<AttestationEdge> StreamEdgesAtBlockAsync(
        DbConnection connection, long atBlock, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var edge in connection.QueryUnbufferedAsync<AttestationEdge>(EdgesAtBlockSql, new { AtBlock = atBlock })
                           .WithCancellation(ct))
            yield return edge;
    }

    private static (string Where, DynamicParameters Parameters) Where(AttestationFilter filter, AttestationCursor? after)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            parameters.Add(name, value);
        }
        if (filter.Subject is { } subject) Add("subject = @Subject", "Subject", subject.ToLowerInvariant());
        if (filter.Attester is { } attester) Add("attester = @Attester", "Attester", attester.ToLowerInvariant());
        if (filter.Schema is { } schema) Add("schema_uid = @Schema", "Schema", schema.ToLowerInvariant());
        if (filter.FromTime is { } from) Add("block_time >= @FromTime", "FromTime", from);
        if (filter.ToTime is { } to) Add("block_time < @ToTime", "ToTime", to);
        if (filter.Revoked is { } revoked) conditions.Add(revoked ? "revoked_block IS NOT NULL" : "revoked_block IS NULL");
        if (after is { } cursor)
        {
            Add("(block_number, log_index) < (@AfterBlock, @AfterLog)", "AfterBlock", cursor.BlockNumber);
            parameters.Add("AfterLog", cursor.LogIndex);
        }
        return (conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions), parameters);
    }
}

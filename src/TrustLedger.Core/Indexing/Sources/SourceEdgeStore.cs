using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;

namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// The source_edges table: written by the indexer inside each range's transaction (row by row, in
/// chain order: sources are sparse beside the registry), read by the board, snapshots and the API.
/// </summary>
public static class SourceEdgeStore
{
    public const string Stream = AttestationIndexer.RegistryStream;

    private const string Columns = """
        SELECT source AS Source, contract AS Contract, uid AS Uid, reference AS Reference, attester AS Attester, subject AS Subject,
               rating AS Rating, category AS Category, expiration AS Expiration, block_number AS BlockNumber, block_time AS Time,
               tx_hash AS TxHash, log_index AS LogIndex,
        """;

    /// <summary>The edges as the chain stood at @AtBlock: later ones left out, later revocations undone. Chain order.</summary>
    public const string AtBlockSql = Columns + """
               CASE WHEN revoked_block <= @AtBlock THEN revoked_time END AS RevokedTime
        FROM source_edges WHERE block_number <= @AtBlock ORDER BY block_number, log_index
        """;

    public const string AllSql = Columns + " revoked_time AS RevokedTime FROM source_edges ORDER BY block_number, log_index";

    /// <summary>Statements a rollback to @Fork runs, beside the registry's.</summary>
    public static readonly string[] RollbackSql =
    [
        "DELETE FROM source_edges WHERE block_number > @Fork",
        "UPDATE source_edges SET revoked_block = NULL, revoked_time = NULL, revoked_tx = NULL WHERE revoked_block > @Fork",
    ];

    internal static async Task WriteAsync(DbConnection c, DbTransaction tx, IndexBatch batch, CancellationToken ct)
    {
        if (batch.SourceEdges.Count > 0)
        {
            const string insert = """
                INSERT INTO source_edges (contract, uid, source, reference, attester, subject, rating, category, expiration,
                                          block_number, block_time, tx_hash, log_index)
                VALUES (@Contract, @Uid, @Source, @Reference, @Attester, @Subject, @Rating, @Category, @Expiration,
                        @BlockNumber, @BlockTime, @TxHash, @LogIndex)
                """;
            await c.ExecuteAsync(new CommandDefinition(insert, batch.SourceEdges, tx, cancellationToken: ct));
        }
        if (batch.SourceRevocations.Count > 0)
        {
            // A revocation of an edge the mapping did not count (or of another schema) matches no row.
            const string revoke = """
                UPDATE source_edges SET revoked_block = @BlockNumber, revoked_time = @BlockTime, revoked_tx = @TxHash
                WHERE contract = @Contract AND uid = @Uid AND revoked_block IS NULL
                """;
            await c.ExecuteAsync(new CommandDefinition(revoke, batch.SourceRevocations, tx, cancellationToken: ct));
        }
    }

    public static async IAsyncEnumerable<SourceEdge> StreamAtBlockAsync(
        DbConnection connection, long? atBlock, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var sql = atBlock is null ? AllSql : AtBlockSql;
        await foreach (var edge in connection.QueryUnbufferedAsync<SourceEdge>(sql, new { AtBlock = atBlock ?? 0 }).WithCancellation(ct))
            yield return edge;
    }

    /// <summary>The fingerprint of the sources the stream was indexed with ("" = none, also for indexes older than the table).</summary>
    public static async Task<string> FingerprintAsync(DbConnection connection, string stream, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT fingerprint FROM indexer_sources WHERE stream = @Stream", new { Stream = stream }, cancellationToken: ct)) ?? "";

    internal static Task SaveFingerprintAsync(DbConnection connection, DbTransaction tx, string stream, string fingerprint, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO indexer_sources (stream, fingerprint) VALUES (@Stream, @Fingerprint)
            ON CONFLICT (stream) DO UPDATE SET fingerprint = excluded.fingerprint
            """, new { Stream = stream, Fingerprint = fingerprint }, tx, cancellationToken: ct));
}

using System.Data.Common;
using Dapper;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Indexing;

/// <summary>Another indexer moved the checkpoint, or our lease ran out: this one must stop writing.</summary>
public sealed class IndexerFencedException(string message) : Exception(message);

/// <summary>
/// The indexer's writes. Each batch (rows, block hashes, checkpoint) and each rollback is one
/// transaction that first moves the checkpoint with a compare-and-set, so a stale second indexer
/// can never write over the first: its update matches no row and its transaction is rolled back.
/// </summary>
public sealed class IndexWriter(Database db, string stream, IndexerOptions options)
{
    public string Stream { get; } = stream;

    public async Task<Checkpoint?> ReadCheckpointAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await IndexCheckpoints.GetAsync(connection, Stream, ct);
    }

    /// <summary>
    /// Starts the stream over at <paramref name="start"/> (the block before the deployment), deleting
    /// whatever was indexed before: used on first start, when the registry address changed (a new
    /// deployment on a reset development chain) and after a reorg deeper than the kept block hashes.
    /// </summary>
    /// <param name="sources">fingerprint of the edge sources the index is built with (<see cref="EdgeSourceSet.Fingerprint"/>)</param>
    public async Task<Checkpoint> ResetAsync(string contractAddress, BlockRef start, Lease? lease, CancellationToken ct, string sources = "")
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (lease is not null && !await lease.StillHeldAsync(connection, tx, ct))
            throw new IndexerFencedException($"the {lease.Name} lease is not held by {lease.Holder}");
        foreach (var table in (string[])["attestations", "confirmations", "schemas", "source_edges"])
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table}", transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM indexed_blocks WHERE stream = @Stream", new { Stream }, tx, cancellationToken: ct));
        const string sql = """
            INSERT INTO indexer_checkpoints (stream, contract_address, block_number, block_hash, updated_at)
            VALUES (@Stream, @ContractAddress, @BlockNumber, @BlockHash, @UpdatedAt)
            ON CONFLICT (stream) DO UPDATE SET contract_address = excluded.contract_address,
                block_number = excluded.block_number, block_hash = excluded.block_hash, updated_at = excluded.updated_at
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Stream, ContractAddress = contractAddress, BlockNumber = start.Number, BlockHash = start.Hash, UpdatedAt = Now(),
        }, tx, cancellationToken: ct));
        await SaveBlockHashesAsync(connection, tx, [new(start.Number, start.Hash)], ct);
        await SourceEdgeStore.SaveFingerprintAsync(connection, tx, Stream, sources, ct);
        await tx.CommitAsync(ct);
        return new Checkpoint(Stream, contractAddress, start.Number, start.Hash);
    }

    /// <summary>Writes one decoded range and moves the checkpoint from <paramref name="expected"/> to its end.</summary>
    public async Task<Checkpoint> ApplyAsync(IndexBatch batch, Checkpoint expected, Lease? lease, CancellationToken ct)
    {
        if (batch.From != expected.BlockNumber + 1)
            throw new InvalidOperationException($"batch starts at {batch.From}, checkpoint is {expected.BlockNumber}");
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await MoveCheckpointAsync(connection, tx, expected, batch.To, lease, ct);
        var rows = db.Kind == DatabaseKind.Postgres ? RowWriter.Postgres : RowWriter.Sqlite;
        await rows.InsertSchemasAsync(connection, tx, batch.Schemas, ct);
        await rows.InsertAttestationsAsync(connection, tx, batch.Attestations, ct);
        await rows.RevokeAsync(connection, tx, batch.Revocations, ct);
        await rows.ConfirmAsync(connection, tx, batch.Confirmations, ct);
        await SourceEdgeStore.WriteAsync(connection, tx, batch, ct);
        await SaveBlockHashesAsync(connection, tx, batch.BlockHashes, ct);
        await PruneBlockHashesAsync(connection, tx, batch.To.Number, ct);
        await tx.CommitAsync(ct);
        return expected with { BlockNumber = batch.To.Number, BlockHash = batch.To.Hash };
    }

    /// <summary>Undoes everything above <paramref name="fork"/>, the last block the chain still agrees with.</summary>
    public async Task<Checkpoint> RollbackAsync(Checkpoint expected, BlockRef fork, Lease? lease, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await MoveCheckpointAsync(connection, tx, expected, fork, lease, ct);
        string[] statements =
        [
            "DELETE FROM attestations WHERE block_number > @Fork",
            "UPDATE attestations SET revoked_block = NULL, revoked_time = NULL, revoked_tx = NULL WHERE revoked_block > @Fork",
            "DELETE FROM confirmations WHERE block_number > @Fork",
            // An attestation may be confirmed again after its first confirmation became invalid; the
            // rolled-back blocks may have held the later one, so restore the latest that remains.
            """
            UPDATE attestations SET
                confirmed_by = (SELECT c.confirmation_uid FROM confirmations c WHERE c.uid = attestations.uid
                                ORDER BY c.block_number DESC, c.log_index DESC LIMIT 1),
                confirmed_block = (SELECT c.block_number FROM confirmations c WHERE c.uid = attestations.uid
                                   ORDER BY c.block_number DESC, c.log_index DESC LIMIT 1)
            WHERE confirmed_block > @Fork
            """,
            "DELETE FROM schemas WHERE block_number > @Fork",
            "DELETE FROM indexed_blocks WHERE stream = @Stream AND block_number > @Fork",
            .. SourceEdgeStore.RollbackSql,
        ];
        foreach (var sql in statements)
            await connection.ExecuteAsync(new CommandDefinition(sql, new { Fork = fork.Number, Stream }, tx, cancellationToken: ct));
        await SaveBlockHashesAsync(connection, tx, [new(fork.Number, fork.Hash)], ct);
        await tx.CommitAsync(ct);
        return expected with { BlockNumber = fork.Number, BlockHash = fork.Hash };
    }

    /// <summary>The fingerprint of the edge sources this stream was indexed with ("" = none).</summary>
    public async Task<string> SourcesAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await SourceEdgeStore.FingerprintAsync(connection, Stream, ct);
    }

    /// <summary>The kept block hashes, oldest first.</summary>
    public async Task<IReadOnlyList<BlockRef>> BlockHashesAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        const string sql = """
            SELECT block_number AS Number, block_hash AS Hash FROM indexed_blocks
            WHERE stream = @Stream ORDER BY block_number
            """;
        var rows = await connection.QueryAsync<(long Number, string Hash)>(new CommandDefinition(sql, new { Stream }, cancellationToken: ct));
        return [.. rows.Select(r => new BlockRef(r.Number, r.Hash, 0))];
    }

    private async Task MoveCheckpointAsync(
        DbConnection connection, DbTransaction tx, Checkpoint expected, BlockRef to, Lease? lease, CancellationToken ct)
    {
        // First statement of the transaction: on PostgreSQL it locks the row, so a second writer waits
        // here and then finds the checkpoint moved; on SQLite the whole database is locked anyway.
        const string sql = """
            UPDATE indexer_checkpoints SET block_number = @Number, block_hash = @Hash, updated_at = @UpdatedAt
            WHERE stream = @Stream AND block_number = @ExpectedNumber AND block_hash = @ExpectedHash
            """;
        var moved = await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            to.Number, to.Hash, UpdatedAt = Now(), Stream, ExpectedNumber = expected.BlockNumber, ExpectedHash = expected.BlockHash,
        }, tx, cancellationToken: ct));
        if (moved != 1)
            throw new IndexerFencedException($"the {Stream} checkpoint is no longer at block {expected.BlockNumber}: another indexer moved it");
        if (lease is not null && !await lease.StillHeldAsync(connection, tx, ct))
            throw new IndexerFencedException($"the {lease.Name} lease of {lease.Holder} ran out");
    }

    private async Task SaveBlockHashesAsync(DbConnection connection, DbTransaction tx, IEnumerable<KeyValuePair<long, string>> hashes, CancellationToken ct)
    {
        var list = hashes.ToList();
        if (db.Kind == DatabaseKind.Postgres)
        {
            const string sql = """
                INSERT INTO indexed_blocks (stream, block_number, block_hash)
                SELECT @Stream, * FROM unnest(@Numbers::bigint[], @Hashes::text[])
                ON CONFLICT (stream, block_number) DO UPDATE SET block_hash = excluded.block_hash
                """;
            await connection.ExecuteAsync(new CommandDefinition(sql, new
            {
                Stream, Numbers = list.Select(h => h.Key).ToArray(), Hashes = list.Select(h => h.Value).ToArray(),
            }, tx, cancellationToken: ct));
        }
        else
        {
            const string sql = """
                INSERT INTO indexed_blocks (stream, block_number, block_hash) VALUES (@Stream, @Number, @Hash)
                ON CONFLICT (stream, block_number) DO UPDATE SET block_hash = excluded.block_hash
                """;
            await connection.ExecuteAsync(new CommandDefinition(sql,
                list.Select(h => new { Stream, Number = h.Key, Hash = h.Value }), tx, cancellationToken: ct));
        }
    }

    /// <summary>Drops hashes older than the retention window, but always keeps the newest few.</summary>
    private async Task PruneBlockHashesAsync(DbConnection connection, DbTransaction tx, long checkpoint, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM indexed_blocks WHERE stream = @Stream AND block_number < @Cutoff
              AND block_number < (SELECT MIN(block_number) FROM (
                    SELECT block_number FROM indexed_blocks WHERE stream = @Stream ORDER BY block_number DESC LIMIT @Keep) AS newest)
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Stream, Cutoff = checkpoint - options.BlockHashRetention, Keep = options.MinBlockHashesKept,
        }, tx, cancellationToken: ct));
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O");
}

using System.Data.Common;
using Dapper;

namespace TrustLedger.Core.Relaying;

/// <summary>What happens to requests once they ride in a transaction: claimed, mined, confirmed, split, re-queued, failed.</summary>
public sealed partial class Outbox
{
    public sealed record Outcome(long RequestId, bool Confirmed, string? ErrorCode, string? ErrorDetail);

    /// <summary>A relayer transaction whose requests are mined but not yet deep enough to be final.</summary>
    public sealed class MinedTransaction
    {
        public string TxHash { get; init; } = "";
        public long BlockNumber { get; init; }
    }

    /// <summary>
    /// Inside the transaction that records the relayer's transaction: moves its requests from pending to sent on
    /// <paramref name="accountNonce"/>, each at its position in the batch (<paramref name="requestIds"/> in call
    /// order). False when a request is no longer pending (the caller rolls back).
    /// </summary>
    public static async Task<bool> ClaimAsync(
        DbConnection connection, DbTransaction transaction, long accountNonce, IReadOnlyList<long> requestIds, CancellationToken ct)
    {
        if (requestIds.Count == 0) return true;
        // One statement for the whole batch (numbered parameters: portable across SQLite and PostgreSQL), each row's
        // position from its id: a batch of 100 took 100 statements inside the transaction that records its transaction.
        var args = new DynamicParameters(new { accountNonce, now = Now() });
        var ids = IdList(requestIds, args);
        var positions = string.Join(" ", requestIds.Select((_, i) => $"WHEN @id{i} THEN {i}"));
        var claimed = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE relay_requests SET status = 'sent', account_nonce = @accountNonce, batch_index = CASE id {positions} END, tx_hash = NULL,
                   attempts = attempts + 1, updated_at = @now
            WHERE id IN ({ids}) AND status = 'pending'
            """, args, transaction, cancellationToken: ct));
        return claimed == requestIds.Count;
    }

    /// <summary>
    /// "@id0, @id1, ..." for an IN list, with the ids added to <paramref name="args"/> as @id{i}. Numbered parameters, not
    /// Dapper's list expansion: with Npgsql that becomes one array parameter, which IN does not take (ANY would).
    /// </summary>
    private static string IdList(IReadOnlyList<long> ids, DynamicParameters args)
    {
        for (var i = 0; i < ids.Count; i++) args.Add($"id{i}", ids[i]);
        return string.Join(", ", ids.Select((_, i) => $"@id{i}"));
    }

    /// <summary>Requests riding in a relayer transaction that is not settled yet.</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> InFlightAsync(CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE status = 'sent' ORDER BY account_nonce, id", cancellationToken: ct))];
    }

    /// <summary>The requests of the transaction at <paramref name="accountNonce"/>, in batch order.</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> RequestsOnNonceAsync(long accountNonce, CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE status = 'sent' AND account_nonce = @accountNonce ORDER BY batch_index, id",
            new { accountNonce }, cancellationToken: ct))];
    }

    /// <summary>
    /// Inside the transaction that records the mined relayer transaction: each request of <paramref name="accountNonce"/>
    /// gets its outcome; a recorded one is confirmed at once when <paramref name="final"/>, else mined (re-checked until
    /// deep enough). Requests of a reverted transaction go back to pending, or fail once out of attempts.
    /// </summary>
    public static async Task ApplyMinedAsync(DbConnection connection, DbTransaction transaction, long accountNonce, string txHash,
        long block, bool succeeded, bool final, IReadOnlyList<Outcome> outcomes, int maxAttempts, CancellationToken ct)
    {
        if (succeeded)
        {
            var now = Now();
            var recorded = final ? "confirmed" : "mined";
            // The recorded ones (nearly always all of them) in one statement; each failure with its own reason.
            var ids = outcomes.Where(o => o.Confirmed).Select(o => o.RequestId).ToList();
            if (ids.Count > 0)
            {
                var args = new DynamicParameters(new { recorded, txHash, block, now });
                await connection.ExecuteAsync(new CommandDefinition($"""
                    UPDATE relay_requests
                    SET status = @recorded, max_batch = NULL, error_code = NULL, error_detail = NULL, tx_hash = @txHash, block_number = @block,
                        updated_at = @now
                    WHERE id IN ({IdList(ids, args)}) AND status = 'sent'
                    """, args, transaction, cancellationToken: ct));
            }
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE relay_requests
                SET status = 'failed', max_batch = NULL, error_code = @ErrorCode, error_detail = @ErrorDetail, tx_hash = @TxHash, block_number = @Block,
                    updated_at = @Now
                WHERE id = @RequestId AND status = 'sent'
                """, outcomes.Where(o => !o.Confirmed).Select(o => new { o.ErrorCode, o.ErrorDetail, TxHash = txHash, Block = block, Now = now, o.RequestId }),
                transaction, cancellationToken: ct));
        }
        else
        {
            await ReleaseAsync(connection, transaction, accountNonce, maxAttempts, "TransactionReverted",
                $"transaction {txHash} reverted in block {block}", ct);
        }
    }

    /// <summary>Requests that can never succeed (e.g. a batch simulation says so) fail right away.</summary>
    public async Task FailAsync(long requestId, string code, string detail, CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        await FailAsync(connection, null, requestId, code, detail, ct);
    }

    public static Task FailAsync(DbConnection connection, DbTransaction? transaction, long requestId, string code, string detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE relay_requests SET status = 'failed', error_code = @code, error_detail = @detail, updated_at = @now
            WHERE id = @requestId AND status IN ('pending', 'sent')
            """, new { requestId, code, detail, now = Now() }, transaction, cancellationToken: ct));

    /// <summary>
    /// Inside the caller's transaction: the requests of a nonce whose transaction will never be mined go
    /// back to pending, or fail when out of attempts.
    /// </summary>
    public static Task ReleaseAsync(DbConnection connection, DbTransaction transaction, long accountNonce, int maxAttempts,
        string code, string detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE relay_requests
            SET status = CASE WHEN attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END,
                error_code = CASE WHEN attempts >= @maxAttempts THEN @code ELSE NULL END,
                error_detail = CASE WHEN attempts >= @maxAttempts THEN @detail ELSE NULL END,
                account_nonce = NULL, batch_index = NULL, updated_at = @now
            WHERE account_nonce = @accountNonce AND status = 'sent'
            """, new { accountNonce, maxAttempts, code, detail, now = Now() }, transaction, cancellationToken: ct));

    /// <summary>
    /// Inside the caller's transaction: the node refused to take the transaction at <paramref name="accountNonce"/>
    /// (too large, too much gas) for what it carries, not for the requests' own fault: they go back to pending, each
    /// allowed at most <paramref name="maxBatch"/> companions next time, and the attempt is not counted.
    /// </summary>
    public static Task SplitAsync(DbConnection connection, DbTransaction transaction, long accountNonce, int maxBatch, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE relay_requests
            SET status = 'pending', max_batch = @maxBatch, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                account_nonce = NULL, batch_index = NULL, error_code = NULL, error_detail = NULL, updated_at = @now
            WHERE account_nonce = @accountNonce AND status = 'sent'
            """, new { accountNonce, maxBatch = (long)maxBatch, now = Now() }, transaction, cancellationToken: ct));

    /// <summary>Relayer transactions with mined requests waiting to be deep enough, oldest first.</summary>
    public async Task<IReadOnlyList<MinedTransaction>> MinedAsync(CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<MinedTransaction>(new CommandDefinition("""
            SELECT tx_hash AS TxHash, CAST(MIN(block_number) AS BIGINT) AS BlockNumber FROM relay_requests
            WHERE status = 'mined' GROUP BY tx_hash ORDER BY MIN(block_number), tx_hash
            """, cancellationToken: ct))];
    }

    /// <summary>Inside the caller's transaction: the mined requests of <paramref name="txHash"/> are final.</summary>
    public static Task ConfirmMinedAsync(DbConnection connection, DbTransaction transaction, string txHash, long block, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE relay_requests SET status = 'confirmed', block_number = @block, updated_at = @now WHERE tx_hash = @txHash AND status = 'mined'
            """, new { txHash, block, now = Now() }, transaction, cancellationToken: ct));

    /// <summary>The transaction is in another block now (re-mined on the winning fork): its requests wait from there.</summary>
    public static Task MoveMinedAsync(DbConnection connection, DbTransaction? transaction, string txHash, long block, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE relay_requests SET block_number = @block, updated_at = @now WHERE tx_hash = @txHash AND status = 'mined'
            """, new { txHash, block, now = Now() }, transaction, cancellationToken: ct));

    /// <summary>
    /// Inside the caller's transaction: a reorg (or a node restarted from an older state) took <paramref name="txHash"/> out of the chain. If the node still holds
    /// it (back in its pool) its requests ride in it again (<paramref name="backInPool"/>); otherwise they go back to
    /// pending and out in a new batch. Not counted as an attempt: no fault of theirs.
    /// </summary>
    public static Task<int> UnmineAsync(DbConnection connection, DbTransaction transaction, string txHash, bool backInPool, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(backInPool
            ? """
              UPDATE relay_requests SET status = 'sent', error_code = NULL, error_detail = NULL, block_number = NULL, updated_at = @now
              WHERE tx_hash = @txHash AND status IN ('mined', 'confirmed', 'failed') AND account_nonce IS NOT NULL
              """
            : """
              UPDATE relay_requests
              SET status = 'pending', account_nonce = NULL, batch_index = NULL, tx_hash = NULL, block_number = NULL,
                  error_code = NULL, error_detail = NULL, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = @now
              WHERE tx_hash = @txHash AND status IN ('mined', 'confirmed', 'failed')
              """, new { txHash, now = Now() }, transaction, cancellationToken: ct));
}

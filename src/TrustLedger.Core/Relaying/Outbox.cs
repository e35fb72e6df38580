using System.Data.Common;
using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Relaying;

public enum RelayKind { Attest, Revoke }

/// <summary>One accepted request in the outbox, as the API reports it.</summary>
public sealed record RelayRequestRow(
    long Id,
    string Kind,
    string Signer,
    string SignerNonce,
    string Uid,
    string Digest,
    string Payload,
    string Status,
    long Attempts,
    long? AccountNonce,
    string? ErrorCode,
    string? ErrorDetail,
    string? TxHash,
    long? BlockNumber,
    string CreatedAt,
    string UpdatedAt);

public enum EnqueueOutcome { Created, Duplicate, Conflict }

/// <summary>
/// The relayer's durable outbox (table relay_requests; its transactions are in chain_transactions). Every state
/// change is one SQL statement or one transaction; nothing is kept only in memory.
/// </summary>
public sealed class Outbox(Database db)
{
    private static string Now() => DateTimeOffset.UtcNow.ToString("O");

    public Database Database => db;

    /// <summary>
    /// Stores a validated request. The same signed request again is a duplicate (same row back);
    /// another request with the same signer and nonce is a conflict: only one can ever be mined.
    /// </summary>
    public async Task<(EnqueueOutcome Outcome, RelayRequestRow Row)> EnqueueAsync(
        RelayKind kind, string signer, string signerNonce, string uid, string digest, string payload, CancellationToken ct = default)
    {
        const string insert = """
            INSERT INTO relay_requests (kind, signer, signer_nonce, uid, digest, payload, status, created_at, updated_at)
            VALUES (@Kind, @Signer, @SignerNonce, @Uid, @Digest, @Payload, 'pending', @Now, @Now)
            ON CONFLICT (kind, signer, signer_nonce) DO NOTHING
            RETURNING id, kind, signer, signer_nonce AS SignerNonce, uid, digest, payload, status, attempts,
                      account_nonce AS AccountNonce, error_code AS ErrorCode, error_detail AS ErrorDetail,
                      tx_hash AS TxHash, block_number AS BlockNumber, created_at AS CreatedAt, updated_at AS UpdatedAt
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { Kind = KindName(kind), Signer = signer, SignerNonce = signerNonce, Uid = uid, Digest = digest, Payload = payload, Now = Now() };
        var inserted = await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(insert, args, cancellationToken: ct));
        if (inserted is not null) return (EnqueueOutcome.Created, inserted);
        var row = await connection.QuerySingleAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE kind = @Kind AND signer = @Signer AND signer_nonce = @SignerNonce", args, cancellationToken: ct));
        return (string.Equals(row.Digest, digest, StringComparison.Ordinal) ? EnqueueOutcome.Duplicate : EnqueueOutcome.Conflict, row);
    }

    public const string SelectRequest = """
        SELECT id, kind, signer, signer_nonce AS SignerNonce, uid, digest, payload, status, attempts,
               account_nonce AS AccountNonce, error_code AS ErrorCode, error_detail AS ErrorDetail,
               tx_hash AS TxHash, block_number AS BlockNumber, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM relay_requests
        """;

    public async Task<RelayRequestRow?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<RelayRequestRow?> FindBySignerNonceAsync(RelayKind kind, string signer, string signerNonce, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE kind = @kind AND signer = @signer AND signer_nonce = @signerNonce",
            new { kind = KindName(kind), signer, signerNonce }, cancellationToken: ct));
    }

    /// <summary>The newest request about an attestation uid (its attestation, or else its revocation).</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> FindByUidAsync(string uid, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE uid = @uid ORDER BY id", new { uid }, cancellationToken: ct))];
    }

    /// <summary>The oldest pending requests of the oldest pending request's kind.</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> NextBatchAsync(int limit, CancellationToken ct = default)
    {
        const string sql = """
            SELECT * FROM (
                SELECT id, kind, signer, signer_nonce AS SignerNonce, uid, digest, payload, status, attempts,
                       account_nonce AS AccountNonce, error_code AS ErrorCode, error_detail AS ErrorDetail,
                       tx_hash AS TxHash, block_number AS BlockNumber, created_at AS CreatedAt, updated_at AS UpdatedAt
                FROM relay_requests
                WHERE status = 'pending'
                  AND kind = (SELECT kind FROM relay_requests WHERE status = 'pending' ORDER BY id LIMIT 1)
                ORDER BY id
                LIMIT @limit) AS batch
            ORDER BY id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(sql, new { limit }, cancellationToken: ct))];
    }

    public async Task<long> CountPendingAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM relay_requests WHERE status = 'pending'", cancellationToken: ct));
    }

    /// <summary>
    /// Inside the transaction that records the relayer's transaction: moves its requests from pending to
    /// sent on <paramref name="accountNonce"/>. False when a request is no longer pending (the caller rolls back).
    /// </summary>
    public static async Task<bool> ClaimAsync(
        DbConnection connection, DbTransaction transaction, long accountNonce, IReadOnlyCollection<long> requestIds, CancellationToken ct)
    {
        const string claim = """
            UPDATE relay_requests SET status = 'sent', account_nonce = @accountNonce, tx_hash = NULL,
                   attempts = attempts + 1, updated_at = @now
            WHERE id = @id AND status = 'pending'
            """;
        // One statement per row (Dapper runs it per element): portable across SQLite and PostgreSQL.
        var now = Now();
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            claim, requestIds.Select(id => new { accountNonce, id, now }), transaction, cancellationToken: ct));
        return claimed == requestIds.Count;
    }

    /// <summary>Requests riding in a relayer transaction that is not settled yet.</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> InFlightAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE status = 'sent' ORDER BY account_nonce, id", cancellationToken: ct))];
    }

    public async Task<IReadOnlyList<RelayRequestRow>> RequestsOnNonceAsync(long accountNonce, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE status = 'sent' AND account_nonce = @accountNonce ORDER BY id", new { accountNonce }, cancellationToken: ct))];
    }

    public sealed record Outcome(long RequestId, bool Confirmed, string? ErrorCode, string? ErrorDetail);

    /// <summary>
    /// Inside the transaction that records the mined relayer transaction: each request of
    /// <paramref name="accountNonce"/> gets its outcome. Requests of a reverted transaction go back to
    /// pending, or fail once out of attempts.
    /// </summary>
    public static async Task ApplyMinedAsync(DbConnection connection, DbTransaction transaction,
        long accountNonce, string txHash, long block, bool succeeded, IReadOnlyList<Outcome> outcomes, int maxAttempts, CancellationToken ct)
    {
        if (succeeded)
        {
            var now = Now();
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE relay_requests
                SET status = CASE WHEN @Confirmed THEN 'confirmed' ELSE 'failed' END,
                    error_code = @ErrorCode, error_detail = @ErrorDetail, tx_hash = @TxHash, block_number = @Block, updated_at = @Now
                WHERE id = @RequestId AND status = 'sent'
                """, outcomes.Select(o => new { o.Confirmed, o.ErrorCode, o.ErrorDetail, TxHash = txHash, Block = block, Now = now, o.RequestId }),
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
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE relay_requests SET status = 'failed', error_code = @code, error_detail = @detail, updated_at = @now
            WHERE id = @requestId AND status IN ('pending', 'sent')
            """, new { requestId, code, detail, now = Now() }, cancellationToken: ct));
    }

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
                account_nonce = NULL, updated_at = @now
            WHERE account_nonce = @accountNonce AND status = 'sent'
            """, new { accountNonce, maxAttempts, code, detail, now = Now() }, transaction, cancellationToken: ct));

    public static string KindName(RelayKind kind) => kind == RelayKind.Attest ? "attest" : "revoke";
}

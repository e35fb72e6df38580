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
    string UpdatedAt,
    long? BatchIndex = null,
    long? MaxBatch = null);

public enum EnqueueOutcome { Created, Duplicate, Conflict }

/// <summary>
/// The relayer's durable outbox (table relay_requests; its transactions are in chain_transactions). Every state
/// change is one SQL statement or one transaction; nothing is kept only in memory. A request goes pending, sent
/// (riding in a transaction at <c>account_nonce</c>, position <c>batch_index</c>), mined (in a block, waiting for
/// Chain:Confirmations), confirmed or failed; a refused broadcast or a reorg sends it back to pending.
/// </summary>
public sealed partial class Outbox
{
    private readonly Database _db;

    public Outbox(Database db)
    {
        _db = db;
        _enqueues = new(EnqueueGroupAsync);
    }

    /// <summary>Every column of a request, named as <see cref="RelayRequestRow"/>'s members.</summary>
    private const string RequestColumns = " " + """
        id, kind, signer, signer_nonce AS SignerNonce, uid, digest, payload, status, attempts,
        account_nonce AS AccountNonce, error_code AS ErrorCode, error_detail AS ErrorDetail,
        tx_hash AS TxHash, block_number AS BlockNumber, created_at AS CreatedAt, updated_at AS UpdatedAt,
        batch_index AS BatchIndex, max_batch AS MaxBatch
        """;

    private static string Now() => DateTimeOffset.UtcNow.ToString("O");

    public Database Database => _db;

    /// <summary>
    /// Stores a validated request. The same signed request again is a duplicate (same row back);
    /// another request with the same signer and nonce is a conflict: only one can ever be mined.
    /// Returns once the row is committed. Concurrent calls are written together in one database transaction
    /// (a group commit, <see cref="Coalescer{TIn, TOut}"/>): one commit, one connection for all of them instead of one each.
    /// </summary>
    public async Task<(EnqueueOutcome Outcome, RelayRequestRow Row)> EnqueueAsync(
        RelayKind kind, string signer, string signerNonce, string uid, string digest, string payload, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return await await _enqueues.RunAsync(new NewRequest(KindName(kind), signer, signerNonce, uid, digest, payload));
    }

    private sealed record NewRequest(string Kind, string Signer, string SignerNonce, string Uid, string Digest, string Payload);

    /// <summary>Each caller's own outcome: a completed task, faulted when its request alone failed.</summary>
    private readonly Coalescer<NewRequest, Task<(EnqueueOutcome, RelayRequestRow)>> _enqueues;

    /// <summary>
    /// One group of requests in one transaction, each answered as if alone (a later one in the group sees an earlier
    /// one's row). If the group fails as a whole, each is written alone, so one request's failure is its own. Not
    /// cancellable: a caller that gives up does not undo, or hold back, the others' commit.
    /// </summary>
    private async Task<IReadOnlyList<Task<(EnqueueOutcome, RelayRequestRow)>>> EnqueueGroupAsync(IReadOnlyList<NewRequest> group)
    {
        if (group.Count > 1)
        {
            try
            {
                await using var connection = await _db.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var results = new List<Task<(EnqueueOutcome, RelayRequestRow)>>(group.Count);
                foreach (var request in group) results.Add(Task.FromResult(await EnqueueAsync(connection, transaction, request)));
                await transaction.CommitAsync();
                return results;
            }
            catch (DbException)
            {
                // Fall through: each alone.
            }
        }
        var alone = group.Select(async request =>
        {
            await using var connection = await _db.OpenConnectionAsync();
            return await EnqueueAsync(connection, null, request);
        }).ToList();
        try
        {
            await Task.WhenAll(alone);
        }
        catch (Exception)
        {
            // Each caller gets its own outcome below: a failure is only its request's.
        }
        return alone;
    }

    private static async Task<(EnqueueOutcome, RelayRequestRow)> EnqueueAsync(DbConnection connection, DbTransaction? transaction, NewRequest request)
    {
        const string insert = """
            INSERT INTO relay_requests (kind, signer, signer_nonce, uid, digest, payload, status, created_at, updated_at)
            VALUES (@Kind, @Signer, @SignerNonce, @Uid, @Digest, @Payload, 'pending', @Now, @Now)
            ON CONFLICT (kind, signer, signer_nonce) DO NOTHING
            RETURNING
            """ + RequestColumns;
        var args = new { request.Kind, request.Signer, request.SignerNonce, request.Uid, request.Digest, request.Payload, Now = Now() };
        var inserted = await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(insert, args, transaction));
        if (inserted is not null) return (EnqueueOutcome.Created, inserted);
        var row = await connection.QuerySingleAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE kind = @Kind AND signer = @Signer AND signer_nonce = @SignerNonce", args, transaction));
        return (string.Equals(row.Digest, request.Digest, StringComparison.Ordinal) ? EnqueueOutcome.Duplicate : EnqueueOutcome.Conflict, row);
    }

    public const string SelectRequest = "SELECT " + RequestColumns + " FROM relay_requests ";

    public async Task<RelayRequestRow?> FindAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<RelayRequestRow?> FindBySignerNonceAsync(RelayKind kind, string signer, string signerNonce, CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE kind = @kind AND signer = @signer AND signer_nonce = @signerNonce",
            new { kind = KindName(kind), signer, signerNonce }, cancellationToken: ct));
    }

    /// <summary>The newest request about an attestation uid (its attestation, or else its revocation).</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> FindByUidAsync(string uid, CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE uid = @uid ORDER BY id", new { uid }, cancellationToken: ct))];
    }

    /// <summary>The oldest pending requests of the oldest pending request's kind.</summary>
    public async Task<IReadOnlyList<RelayRequestRow>> NextBatchAsync(int limit, CancellationToken ct = default)
    {
        const string sql = """
            SELECT * FROM (
                SELECT
            """ + RequestColumns + """
                FROM relay_requests
                WHERE status = 'pending'
                  AND kind = (SELECT kind FROM relay_requests WHERE status = 'pending' ORDER BY id LIMIT 1)
                ORDER BY id
                LIMIT @limit) AS batch
            ORDER BY id
            """;
        await using var connection = await _db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<RelayRequestRow>(new CommandDefinition(sql, new { limit }, cancellationToken: ct))];
    }

    public async Task<long> CountPendingAsync(CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM relay_requests WHERE status = 'pending'", cancellationToken: ct));
    }

    public static string KindName(RelayKind kind) => kind == RelayKind.Attest ? "attest" : "revoke";
}

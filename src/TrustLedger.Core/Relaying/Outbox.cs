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
public sealed partial class Outbox(Database db)
{
    /// <summary>Every column of a request, named as <see cref="RelayRequestRow"/>'s members.</summary>
    private const string RequestColumns = " " + """
        id, kind, signer, signer_nonce AS SignerNonce, uid, digest, payload, status, attempts,
        account_nonce AS AccountNonce, error_code AS ErrorCode, error_detail AS ErrorDetail,
        tx_hash AS TxHash, block_number AS BlockNumber, created_at AS CreatedAt, updated_at AS UpdatedAt,
        batch_index AS BatchIndex, max_batch AS MaxBatch
        """;

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
            RETURNING
            """ + RequestColumns;
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { Kind = KindName(kind), Signer = signer, SignerNonce = signerNonce, Uid = uid, Digest = digest, Payload = payload, Now = Now() };
        var inserted = await connection.QuerySingleOrDefaultAsync<RelayRequestRow>(new CommandDefinition(insert, args, cancellationToken: ct));
        if (inserted is not null) return (EnqueueOutcome.Created, inserted);
        var row = await connection.QuerySingleAsync<RelayRequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE kind = @Kind AND signer = @Signer AND signer_nonce = @SignerNonce", args, cancellationToken: ct));
        return (string.Equals(row.Digest, digest, StringComparison.Ordinal) ? EnqueueOutcome.Duplicate : EnqueueOutcome.Conflict, row);
    }

    public const string SelectRequest = "SELECT " + RequestColumns + " FROM relay_requests ";

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
                SELECT
            """ + RequestColumns + """
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

    public static string KindName(RelayKind kind) => kind == RelayKind.Attest ? "attest" : "revoke";
}

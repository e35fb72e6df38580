using System.Globalization;
using System.Numerics;

namespace TrustLedger.Core.Rewards;

/// <summary>
/// A row of reward_transactions: one piece of the minter's work (a mint or clawback batch, or an
/// admin operation) and, once sent, the transaction carrying it (account and nonce; tx_hash is the
/// one that was mined). The transaction itself is recorded by <see cref="Transactions.TransactionSender"/>.
/// Status: queued (an operation waiting for the minter), sent, mined, reverted, failed, dropped.
/// </summary>
public sealed class RewardTransaction
{
    public const string Columns = """
        SELECT id, program_id AS ProgramId, kind, payload, status, account_nonce AS AccountNonce, tx_hash AS TxHash,
               block_number AS BlockNumber, block_hash AS BlockHash, error_code AS ErrorCode,
               error_detail AS ErrorDetail, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM reward_transactions
        """;

    public long Id { get; init; }
    public long ProgramId { get; init; }
    public string Kind { get; init; } = "";
    public string Payload { get; init; } = "{}";
    public string Status { get; init; } = "";
    public long? AccountNonce { get; init; }
    public string? TxHash { get; init; }
    public long? BlockNumber { get; init; }
    public string? BlockHash { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorDetail { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    public static string Now() => DateTimeOffset.UtcNow.ToString("O");

    public static string Invariant(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}

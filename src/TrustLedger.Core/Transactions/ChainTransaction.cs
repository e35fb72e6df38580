namespace TrustLedger.Core.Transactions;

/// <summary>
/// A row of chain_transactions: one transaction a service key signed, recorded before it was broadcast.
/// Status: signed (recorded, maybe not broadcast), sent, mined, reverted, superseded (another
/// transaction of the same nonce was mined or replaced it), dropped (the nonce went elsewhere, or the
/// node refused it).
/// </summary>
public sealed record ChainTransaction(
    long Id,
    string Account,
    long Nonce,
    string Purpose,
    string TxHash,
    string RawTx,
    long GasLimit,
    string MaxFeePerGas,
    string MaxPriorityFeePerGas,
    string Status,
    string CreatedAt,
    string? SentAt,
    long? BlockNumber,
    string? BlockHash,
    string? Error)
{
    public const string Columns = """
        SELECT id, account, nonce, purpose, tx_hash AS TxHash, raw_tx AS RawTx, gas_limit AS GasLimit,
               max_fee_per_gas AS MaxFeePerGas, max_priority_fee_per_gas AS MaxPriorityFeePerGas, status,
               created_at AS CreatedAt, sent_at AS SentAt, block_number AS BlockNumber, block_hash AS BlockHash, error
        FROM chain_transactions
        """;

    /// <summary><see cref="Columns"/> without <see cref="RawTx"/>, read as <see cref="WithoutBytes"/>.</summary>
    public static readonly string ColumnsWithoutBytes = Columns.Replace("raw_tx AS RawTx, ", "", StringComparison.Ordinal);

    /// <summary>A row read without its bytes (SQLite types an empty literal in its place as a blob, so no placeholder column).</summary>
    public sealed class WithoutBytes
    {
        public long Id { get; init; }
        public string Account { get; init; } = "";
        public long Nonce { get; init; }
        public string Purpose { get; init; } = "";
        public string TxHash { get; init; } = "";
        public long GasLimit { get; init; }
        public string MaxFeePerGas { get; init; } = "";
        public string MaxPriorityFeePerGas { get; init; } = "";
        public string Status { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string? SentAt { get; init; }
        public long? BlockNumber { get; init; }
        public string? BlockHash { get; init; }
        public string? Error { get; init; }

        public ChainTransaction ToTransaction() => new(Id, Account, Nonce, Purpose, TxHash, "", GasLimit, MaxFeePerGas, MaxPriorityFeePerGas,
            Status, CreatedAt, SentAt, BlockNumber, BlockHash, Error);
    }

    public bool InFlight => Status is "signed" or "sent";
}

namespace TrustLedger.Core.Relaying;

/// <summary>Configuration section "Relayer". docs/security.md explains each limit.</summary>
public sealed class RelayerOptions
{
    public const string Section = "Relayer";

    /// <summary>Most requests in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>
    /// Most calldata bytes in one transaction. A geth node refuses transactions over 128 KiB (their RLP encoding:
    /// calldata, signature and envelope), so batches stay well below.
    /// </summary>
    public int MaxBatchCalldataBytes { get; set; } = 96 * 1024;

    /// <summary>Most gas one batch may need (the node's estimate); a larger batch is halved until it fits.</summary>
    public long MaxBatchGas { get; set; } = 10_000_000;

    /// <summary>Most gas one request may cost on average in its batch; a lone request above it fails (GasBudgetExceeded).</summary>
    public long MaxItemGas { get; set; } = 500_000;

    /// <summary>
    /// Most relayer transactions in flight (sent, not yet mined) at once from the one key: batches go out back to back
    /// without waiting for each receipt, up to this many. 1 sends one at a time.
    /// </summary>
    public int MaxInFlight { get; set; } = 8;

    /// <summary>
    /// Most gas (the gas limits, the most the key can be charged) of the relayer transactions in flight at once; a batch
    /// that would go past it waits for earlier ones to settle. With <see cref="MaxBatchGas"/> it bounds what the relayer
    /// spends before it has seen any receipt.
    /// </summary>
    public long MaxInFlightGas { get; set; } = 40_000_000;

    /// <summary>
    /// Ask the node to estimate every batch. Off: a batch of fresh hookless attestations like those already mined gets
    /// its gas from what they used (<see cref="RelayGasModel"/>), sparing the node a second execution of each batch.
    /// </summary>
    public bool EstimateEveryBatch { get; set; }

    /// <summary>How long a lone request may wait for company before it is sent in a small batch.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the relayer looks for work and receipts when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Transactions a request may ride in before it fails for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A request's deadline must leave at least this long to relay it.</summary>
    public TimeSpan MinDeadlineMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A request's deadline may be at most this far ahead: a signature must not stay valid forever (a deadline of
    /// 2^256-1 would let anyone holding it submit it years later).
    /// </summary>
    public TimeSpan MaxDeadlineAhead { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Largest data of a request under an admin-allowed schema (the product's schemas have their own, smaller, limits).</summary>
    public int MaxDataBytes { get; set; } = 4096;

    /// <summary>Largest string or bytes member of a request under an admin-allowed schema.</summary>
    public int MaxStringBytes { get; set; } = 1024;

    /// <summary>Longest wait between retries after a node error (backoff doubles up to this).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

namespace TrustLedger.Core.Relaying;

/// <summary>Configuration section "Relayer".</summary>
public sealed class RelayerOptions
{
    public const string Section = "Relayer";

    /// <summary>Most requests in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>How long a lone request may wait for company before it is sent in a small batch.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the relayer looks for work and receipts when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Transactions a request may ride in before it fails for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A request's deadline must leave at least this long to relay it.</summary>
    public TimeSpan MinDeadlineMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries after a node error (backoff doubles up to this).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

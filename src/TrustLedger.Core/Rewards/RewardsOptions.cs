namespace TrustLedger.Core.Rewards;

/// <summary>Configuration section "Rewards": the reward programs' worker and admin calls.</summary>
public sealed class RewardsOptions
{
    public const string Section = "Rewards";

    /// <summary>Off: this replica never decides or mints (it still serves the API and queues admin operations).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the worker looks for new events, receipts and work when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most rewards in one mintBatch (the token's gas table: ~53k gas per new member).</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Most events one decision pass looks at per program.</summary>
    public int MaxEventsPerPass { get; set; } = 500;

    /// <summary>
    /// Blocks after which a mined mint or clawback is final and no longer re-checked for a reorg (at least
    /// Chain:Confirmations is used).
    /// </summary>
    public int FinalityBlocks { get; set; } = 12;

    /// <summary>How long an admin call waits for its transaction to be mined before answering 202.</summary>
    public TimeSpan AdminWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a mint that cannot go out (paused token, missing role, node refusal): wait this long for that program.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}

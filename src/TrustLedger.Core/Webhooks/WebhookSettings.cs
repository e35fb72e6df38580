namespace TrustLedger.Core.Webhooks;

/// <summary>Configuration section "Webhooks".</summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Deliver to loopback and private addresses (and plain http). Null: only in the Development and
    /// Testing environments; elsewhere a destination must be https and resolve to public addresses only.
    /// </summary>
    public bool? AllowPrivateTargets { get; set; }

    /// <summary>The longest a delivery may take, connect to last byte; then the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest body we send; an event over it is not queued (logged instead).</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Waits before each retry of a failed message; after the last, the message is given up (status failed)
    /// and the subscription disabled with the reason. Unset: <see cref="DefaultRetrySchedule"/>. (Nullable,
    /// so a configured list replaces the default rather than being appended to it.)
    /// </summary>
    public List<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>Standard Webhooks' suggested schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 27 hours in all).</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public IReadOnlyList<TimeSpan> Retries => RetrySchedule is { Count: > 0 } r ? r : DefaultRetrySchedule;

    /// <summary>Failed attempts in a row, over all its messages, after which a subscription is disabled.</summary>
    public int DisableAfterFailuresInARow { get; set; } = 15;

    /// <summary>Deliveries in flight at once; one per subscription, so a slow endpoint delays only its own messages.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 8;

    /// <summary>Subscriptions one owner may hold.</summary>
    public int MaxSubscriptionsPerOwner { get; set; } = 10;

    /// <summary>How often the worker looks for new events and due messages when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool PrivateTargetsAllowed(string environment) =>
        AllowPrivateTargets ?? environment is "Development" or "Testing";
}

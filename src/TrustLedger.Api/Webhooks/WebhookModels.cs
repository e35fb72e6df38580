using TrustLedger.Core.Webhooks;

namespace TrustLedger.Api.Webhooks;

/// <summary>A new subscription. party: an address (default: your own; another's needs the admin role) or "all" (admin).</summary>
public sealed record WebhookSubscriptionRequest(string? Url, List<string>? EventTypes, string? Party, double? MinScoreChange);

/// <summary>What to change; enabled = true turns a disabled subscription back on (its waiting messages resume).</summary>
public sealed record WebhookSubscriptionChange(string? Url, List<string>? EventTypes, double? MinScoreChange, bool? Enabled);

/// <summary>A subscription as its owner sees it (the secret only once, in the 201 answer).</summary>
public sealed record WebhookSubscriptionView(string Id, string Owner, string Party, string Url, IReadOnlyList<string> EventTypes,
    double MinScoreChange, string Status, string? DisabledReason, long FailuresInARow, string CreatedAt, string UpdatedAt, string? Secret = null)
{
    public static WebhookSubscriptionView Of(WebhookSubscription s, bool withSecret = false) =>
        new(s.Id, s.Owner, s.Party ?? "all", s.Url, s.Types, s.MinScoreChange, s.Status, s.DisabledReason, s.FailuresInARow,
            s.CreatedAt, s.UpdatedAt, withSecret ? s.Secret : null);
}

public sealed record WebhookEventTypeView(string Type, string Description);

using TrustLedger.Core.Trust;

namespace TrustLedger.Api.Trust;

/// <param name="Name">who the anchor is, in plain words</param>
/// <param name="Reason">why admins trust it (shown publicly)</param>
public sealed record TrustAnchorRequest(string? Address, string? Name, string? Reason);

/// <param name="Types">the credential types this issuer may issue, e.g. ["MembershipCredential"]</param>
public sealed record TrustedIssuerRequest(string? Did, string? Name, string[]? Types, string? Reason);

/// <summary>Why an entry is removed (shown publicly in the history).</summary>
public sealed record RemovalRequest(string? Reason);

public sealed record TrustAnchorView(string Address, string Name, string Source, string? Reason, string? AddedBy, string? AddedAt);

/// <summary>GET /v1/trust-anchors: who the anchors are, and what that means, in plain words.</summary>
public sealed record TrustAnchorsView(string Meaning, int Count, bool SybilResistant, IReadOnlyList<TrustAnchorView> Anchors);

public sealed record TrustedIssuerView(string Did, string Name, IReadOnlyList<string> Types, string Reason, string AddedBy, string AddedAt);

/// <summary>GET /v1/trusted-issuers: the service's own issuer DIDs (every type) and the governed list.</summary>
public sealed record TrustedIssuersView(string Meaning, IReadOnlyList<string> Ours, IReadOnlyList<TrustedIssuerView> Issuers);

/// <summary>One decision in a list's history: an addition, and its removal if it was removed.</summary>
public sealed record TrustDecisionView(string Subject, string Name, IReadOnlyList<string> Scope, string AddedReason, string AddedBy, string AddedAt,
    string? RemovedReason, string? RemovedBy, string? RemovedAt)
{
    public static TrustDecisionView Of(TrustEntry e) =>
        new(e.Subject, e.Name, e.ScopeItems, e.AddedReason, e.AddedBy, e.AddedAt, e.RemovedReason, e.RemovedBy, e.RemovedAt);
}

public sealed record TrustHistoryView(string List, IReadOnlyList<TrustDecisionView> Decisions);

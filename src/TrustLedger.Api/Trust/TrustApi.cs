using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Data;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Trust;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Trust;

/// <summary>
/// Who the service trusts, in public, changed only by admins and always with a reason: the trust
/// anchors every score flows from (/v1/trust-anchors) and the issuers whose credentials verification
/// accepts besides our own (/v1/trusted-issuers). Each list has its public history.
/// </summary>
public static class TrustApi
{
    private const int MaxName = 120, MaxReason = 500, MaxTypes = 20, MaxType = 100;

    public static void MapTrust(this IEndpointRouteBuilder routes)
    {
        var anchors = routes.MapGroup("/v1/trust-anchors").WithTags("Trust");
        anchors.MapGet("/", ListAnchors)
            .Documented("The trust anchors every score flows from, who they are and why",
                "Public. Governed anchors (added by an admin with a reason) and those set in configuration (Reputation:Seeds); `meaning` says in plain words what they do.")
            .Produces<TrustAnchorsView>();
        anchors.MapGet("/history", (Database db, CancellationToken ct) => HistoryAsync(db, TrustLists.Anchors, ct))
            .Documented("Every anchor ever added or removed", "Public: each decision with the admin who made it and the reason.")
            .Produces<TrustHistoryView>();
        anchors.MapPost("/", AddAnchor).RequireAuthorization(Roles.Admin)
            .Documented("Add a trust anchor", "Admin role. `address`, `name` and `reason` are required; the next board and snapshot score from the new set.")
            .Produces<TrustAnchorView>(StatusCodes.Status201Created).WithProblems("trust-anchor-exists")
            .WithRequestExample(new TrustAnchorRequest("0x90f79bf6eb2c4f870365e785982e1f101e93b906", "Chamber of Commerce, Lyon", "verified members' registry"));
        anchors.MapDelete("/{address}", RemoveAnchor).RequireAuthorization(Roles.Admin)
            .Documented("Remove a trust anchor", "Admin role, with a `reason` in the body. Anchors set in configuration are removed there (409 trust-anchor-configured).")
            .Produces<TrustDecisionView>().WithProblems("not-found", "trust-anchor-configured");

        var issuers = routes.MapGroup("/v1/trusted-issuers").WithTags("Trust");
        issuers.MapGet("/", ListIssuers)
            .Documented("The issuers verification trusts, and for which credential types",
                "Public. Credentials verify only when signed by this service's own issuer (`ours`) or by a listed issuer for its listed types.")
            .Produces<TrustedIssuersView>();
        issuers.MapGet("/history", (Database db, CancellationToken ct) => HistoryAsync(db, TrustLists.Issuers, ct))
            .Documented("Every trusted issuer ever added or removed", "Public: each decision with the admin who made it and the reason.")
            .Produces<TrustHistoryView>();
        issuers.MapPost("/", AddIssuer).RequireAuthorization(Roles.Admin)
            .Documented("Trust an issuer for some credential types", "Admin role. `did` (did:pkh or did:ethr), `name`, `types` (1 to 20, never a TrustLedger type) and `reason`.")
            .Produces<TrustedIssuerView>(StatusCodes.Status201Created).WithProblems("trusted-issuer-exists")
            .WithRequestExample(new TrustedIssuerRequest("did:pkh:eip155:1:0x90f79bf6eb2c4f870365e785982e1f101e93b906", "Acme Audits", ["AuditCredential"], "accredited auditor"));
        issuers.MapDelete("/{did}", RemoveIssuer).RequireAuthorization(Roles.Admin)
            .Documented("Stop trusting an issuer", "Admin role, with a `reason` in the body; its credentials stop verifying at once.")
            .Produces<TrustDecisionView>().WithProblems("not-found");
    }

    private static async Task<IResult> ListAnchors(Database db, IOptions<ReputationSettings> settings, CancellationToken ct)
    {
        var anchors = await TrustAnchors.ListAsync(db, settings.Value.Seeds, ct);
        var meaning = anchors.Count == 0
            ? "No trust anchors are set. Scores are then computed as if every party were trusted a little, which a crowd of fake accounts " +
              "can game: every score says \"not sybil-resistant\"."
            : $"Every score is the trust that flows from these {anchors.Count} anchors to a party through endorsements and confirmed trades. " +
              "A party that no anchor reaches, directly or through partners, scores 0, however many accounts vouch for it. " +
              "Admins choose the anchors and say why; the list and its history are public.";
        return TypedResults.Ok(new TrustAnchorsView(meaning, anchors.Count, anchors.Count > 0,
            [.. anchors.Select(a => new TrustAnchorView(a.Address, a.Name, a.Source, a.Reason, a.AddedBy, a.AddedAt))]));
    }

    private static async Task<IResult> AddAnchor([FromBody] TrustAnchorRequest request, Database db, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var f = new InputFields();
        var address = f.Address("address", request.Address);
        var name = Words(f, "name", request.Name, MaxName);
        var reason = Words(f, "reason", request.Reason, MaxReason);
        if (!f.Valid) return f.Problem();
        var added = await TrustLists.AddAsync(db, TrustLists.Anchors, address, name, "", reason, user.Address()!.Value.ToLowerHex(), time.GetUtcNow(), ct);
        return added is null
            ? Problems.Of(StatusCodes.Status409Conflict, "trust-anchor-exists", "Already a trust anchor", $"{address} is a trust anchor already")
            : TypedResults.Created($"/v1/trust-anchors/{address}", AnchorView(added));
    }

    private static async Task<IResult> RemoveAnchor(string address, [FromBody] RemovalRequest request, Database db, IOptions<ReputationSettings> settings,
        ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        var reason = Words(f, "reason", request.Reason, MaxReason);
        if (!f.Valid) return f.Problem();
        var removed = await TrustLists.RemoveAsync(db, TrustLists.Anchors, address, reason, user.Address()!.Value.ToLowerHex(), time.GetUtcNow(), ct);
        if (removed is not null) return TypedResults.Ok(TrustDecisionView.Of(removed));
        return TrustAnchors.Normalize(settings.Value.Seeds).Contains(address)
            ? Problems.Of(StatusCodes.Status409Conflict, "trust-anchor-configured", "Set in configuration",
                $"{address} is a trust anchor by the service's configuration (Reputation:Seeds); only a configuration change removes it")
            : Problems.NotFound($"{address} is not a trust anchor");
    }

    private static async Task<IResult> ListIssuers(Database db, IssuerKeys ours, CancellationToken ct)
    {
        var listed = await TrustLists.CurrentAsync(db, TrustLists.Issuers, ct);
        const string meaning = "Credentials verify here only when signed by this service's own issuer (any of its credential types) " +
                               "or by an issuer on this list, for the types listed with it. Admins add and remove issuers and say why.";
        return TypedResults.Ok(new TrustedIssuersView(meaning, [.. ours.All.Select(k => k.Did.Did)],
            [.. listed.Select(e => new TrustedIssuerView(e.Subject, e.Name, e.ScopeItems, e.AddedReason, e.AddedBy, e.AddedAt))]));
    }

    private static async Task<IResult> AddIssuer([FromBody] TrustedIssuerRequest request, Database db, IssuerKeys ours, ClaimsPrincipal user, TimeProvider time,
        CancellationToken ct)
    {
        var f = new InputFields();
        var did = Did(f, request.Did, ours);
        var name = Words(f, "name", request.Name, MaxName);
        var reason = Words(f, "reason", request.Reason, MaxReason);
        var types = (request.Types ?? []).Select(t => t?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (types.Count is 0 or > MaxTypes) f.Fail("types", $"1 to {MaxTypes} credential types this issuer may issue");
        else if (types.FirstOrDefault(t => t.Length is 0 or > MaxType || t.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) is { } bad)
            f.Fail("types", $"'{bad}' is not a credential type name (1 to {MaxType} characters, no spaces)");
        else if (types.FirstOrDefault(CredentialVerifier.ProductTypes.Contains) is { } ownType)
            f.Fail("types", $"{ownType} is a TrustLedger credential type: only this service's issuer issues it, anchored on chain");
        if (!f.Valid) return f.Problem();
        var added = await TrustLists.AddAsync(db, TrustLists.Issuers, did, name, string.Join(' ', types), reason, user.Address()!.Value.ToLowerHex(),
            time.GetUtcNow(), ct);
        return added is null
            ? Problems.Of(StatusCodes.Status409Conflict, "trusted-issuer-exists", "Already a trusted issuer", $"{did} is on the list already; remove it first to change its types")
            : TypedResults.Created($"/v1/trusted-issuers/{did}", new TrustedIssuerView(added.Subject, added.Name, added.ScopeItems, added.AddedReason, added.AddedBy, added.AddedAt));
    }

    private static async Task<IResult> RemoveIssuer(string did, [FromBody] RemovalRequest request, Database db, IssuerKeys ours, ClaimsPrincipal user,
        TimeProvider time, CancellationToken ct)
    {
        var f = new InputFields();
        var canonical = Did(f, did, ours);
        var reason = Words(f, "reason", request.Reason, MaxReason);
        if (!f.Valid) return f.Problem();
        var removed = await TrustLists.RemoveAsync(db, TrustLists.Issuers, canonical, reason, user.Address()!.Value.ToLowerHex(), time.GetUtcNow(), ct);
        return removed is null ? Problems.NotFound($"{canonical} is not on the trusted-issuer list") : TypedResults.Ok(TrustDecisionView.Of(removed));
    }

    private static async Task<IResult> HistoryAsync(Database db, string list, CancellationToken ct) =>
        TypedResults.Ok(new TrustHistoryView(list, [.. (await TrustLists.HistoryAsync(db, list, ct)).Select(TrustDecisionView.Of)]));

    private static TrustAnchorView AnchorView(TrustEntry e) => new(e.Subject, e.Name, TrustAnchors.Governed, e.AddedReason, e.AddedBy, e.AddedAt);

    /// <summary>A DID verification can resolve (did:pkh, did:ethr, did:key, did:web), in the one spelling the list stores; ours cannot be listed.</summary>
    private static string Did(InputFields f, string? value, IssuerKeys ours)
    {
        if (string.IsNullOrWhiteSpace(value)) { f.Fail("did", "required: the issuer's DID (did:pkh:eip155:<chainId>:<address>, did:ethr, did:key or did:web)"); return ""; }
        if (!TrustedIssuers.TryCanonical(value.Trim(), out var canonical, out var error)) { f.Fail("did", $"{error}: only did:pkh, did:ethr, did:key and did:web are verified here"); return ""; }
        if (ours.FindPublicKey(value.Trim()) is not null) { f.Fail("did", "that is this service's own issuer, trusted for every type already"); return ""; }
        return canonical;
    }

    /// <summary>Required plain text: trimmed, at most <paramref name="max"/> characters, no control characters.</summary>
    private static string Words(InputFields f, string field, string? value, int max)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) f.Fail(field, "required");
        else if (text.Length > max) f.Fail(field, $"longer than {max} characters");
        else if (text.Any(char.IsControl)) f.Fail(field, "control characters are not allowed");
        return text;
    }
}

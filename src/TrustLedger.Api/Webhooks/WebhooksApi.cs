using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Data;
using TrustLedger.Core.Webhooks;

namespace TrustLedger.Api.Webhooks;

/// <summary>Webhook subscriptions: a party for its own events, admins for anyone's or all; with each subscription's delivery log.</summary>
public static class WebhooksApi
{
    public static void MapWebhooks(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/webhooks/event-types", () => TypedResults.Ok(WebhookEventTypes.All.Select(kv => new WebhookEventTypeView(kv.Key, kv.Value)).ToList()))
            .WithTags("Webhooks").NeedsNoDependency()
            .Documented("The events a webhook subscription can ask for", "Each with what it means; see docs/webhooks.md for the payloads.")
            .Produces<List<WebhookEventTypeView>>();
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.Party);
        group.MapPost("/", Create)
            .Documented("Subscribe a URL to events (Standard Webhooks)",
                "`url`: where to POST (https, public addresses only, outside development); `eventTypes`: from GET /v1/webhooks/event-types; `party`: whose events (default your own address; another address or `all` needs the admin role); `minScoreChange` (score.moved, default 5 points). Answers 201 with the signing `secret` (whsec_..., shown only here). Every delivery carries webhook-id (stable across retries), webhook-timestamp and webhook-signature (v1, HMAC-SHA256).")
            .Produces<WebhookSubscriptionView>(StatusCodes.Status201Created).WithProblems("role-required", "webhook-limit")
            .WithRequestExample(new WebhookSubscriptionRequest("https://crm.example/hooks/trustledger", ["endorsement.confirmed", "tie.at_risk"], null, null));
        group.MapGet("/", List)
            .Documented("Your webhook subscriptions (admins: everyone's)", "Without secrets.")
            .Produces<List<WebhookSubscriptionView>>();
        group.MapGet("/{id}", Get)
            .Documented("One subscription", "Its status and, when disabled, why. 404 for another owner's (admins see all).")
            .Produces<WebhookSubscriptionView>().WithProblems("not-found");
        group.MapPatch("/{id}", Change)
            .Documented("Change a subscription, or turn it back on", "Any of `url`, `eventTypes`, `minScoreChange`; `enabled: true` re-enables a disabled one and clears its failure count (waiting messages resume).")
            .Produces<WebhookSubscriptionView>().WithProblems("not-found")
            .WithRequestExample(new WebhookSubscriptionChange(null, null, null, true));
        group.MapDelete("/{id}", Delete)
            .Documented("Delete a subscription", "With its undelivered messages and its delivery log.")
            .Produces(StatusCodes.Status204NoContent).WithProblems("not-found");
        group.MapGet("/{id}/deliveries", Deliveries)
            .Documented("A subscription's delivery log, newest first",
                "Every attempt: the message's webhook-id and event type, the attempt number, the receiver's HTTP status (or null and the error: refused, timed out, destination blocked) and how long it took; `messageStatus` is where the message stands now (pending, delivered, failed). `limit` 1..200 (50).")
            .Produces<List<WebhookAttempt>>().WithProblems("not-found");
    }

    private static async Task<IResult> Create([FromBody] WebhookSubscriptionRequest request, ClaimsPrincipal user, Database db,
        IOptions<WebhookSettings> settings, IHostEnvironment environment, CancellationToken ct)
    {
        var f = new InputFields();
        var owner = Owner(user);
        if (owner.Length == 0) return AuthProblem.RoleRequired("a webhook subscription needs a caller signed in with an Ethereum address").ToResult();
        var url = CheckUrl(f, request.Url, settings.Value, environment);
        var types = CheckTypes(f, request.EventTypes, required: true)!;
        var minChange = CheckMinChange(f, request.MinScoreChange) ?? 5;
        string? party = request.Party is null or "" ? owner : request.Party == "all" ? null : f.Address("party", request.Party);
        if (!f.Valid) return f.Problem();
        var admin = user.IsInRole(Roles.Admin);
        if (party != owner && !admin)
            return AuthProblem.RoleRequired(party is null ? "only admins subscribe to every party's events" : $"only admins subscribe to {party}'s events; you are {owner}").ToResult();
        if (!admin && await WebhookSubscriptions.CountByOwnerAsync(db, owner, ct) >= settings.Value.MaxSubscriptionsPerOwner)
            return Problems.Of(StatusCodes.Status409Conflict, "webhook-limit", "Too many webhook subscriptions",
                $"you hold {settings.Value.MaxSubscriptionsPerOwner}, the most allowed");
        var created = await WebhookSubscriptions.CreateAsync(db, owner, party, url, types, minChange, ct);
        return TypedResults.Created($"/v1/webhooks/{created.Id}", WebhookSubscriptionView.Of(created, withSecret: true));
    }

    private static async Task<IResult> List(ClaimsPrincipal user, Database db, CancellationToken ct) =>
        TypedResults.Ok((await WebhookSubscriptions.ListAsync(db, user.IsInRole(Roles.Admin) ? null : Owner(user), ct))
            .Select(s => WebhookSubscriptionView.Of(s)).ToList());

    private static async Task<IResult> Get(string id, ClaimsPrincipal user, Database db, CancellationToken ct) =>
        await VisibleAsync(id, user, db, ct) is { } s ? TypedResults.Ok(WebhookSubscriptionView.Of(s)) : NotFound(id);

    private static async Task<IResult> Change(string id, [FromBody] WebhookSubscriptionChange change, ClaimsPrincipal user, Database db,
        IOptions<WebhookSettings> settings, IHostEnvironment environment, CancellationToken ct)
    {
        var f = new InputFields();
        var url = change.Url is null ? null : CheckUrl(f, change.Url, settings.Value, environment);
        var types = CheckTypes(f, change.EventTypes, required: false);
        var minChange = CheckMinChange(f, change.MinScoreChange);
        if (change.Enabled == false) f.Fail("enabled", "only true (re-enable) is accepted; delete a subscription to stop it");
        if (!f.Valid) return f.Problem();
        if (await VisibleAsync(id, user, db, ct) is null) return NotFound(id);
        var updated = await WebhookSubscriptions.UpdateAsync(db, id, url, types, minChange, change.Enabled == true, ct);
        return updated is null ? NotFound(id) : TypedResults.Ok(WebhookSubscriptionView.Of(updated));
    }

    private static async Task<IResult> Delete(string id, ClaimsPrincipal user, Database db, CancellationToken ct)
    {
        if (await VisibleAsync(id, user, db, ct) is null) return NotFound(id);
        await WebhookSubscriptions.DeleteAsync(db, id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Deliveries(string id, string? limit, ClaimsPrincipal user, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        var n = f.Int("limit", limit, 1, 200, 50);
        if (!f.Valid) return f.Problem();
        if (await VisibleAsync(id, user, db, ct) is null) return NotFound(id);
        return TypedResults.Ok(await WebhookOutbox.AttemptsAsync(db, id, n, ct));
    }

    private static string Owner(ClaimsPrincipal user) => user.Address()?.ToString().ToLowerInvariant() ?? "";

    /// <summary>The subscription when the caller owns it or is an admin; others' look like none (404), so ids cannot be probed.</summary>
    private static async Task<WebhookSubscription?> VisibleAsync(string id, ClaimsPrincipal user, Database db, CancellationToken ct)
    {
        if (id.Length > 64) return null;
        var s = await WebhookSubscriptions.GetAsync(db, id, ct);
        return s is not null && ((s.Owner == Owner(user) && s.Owner.Length > 0) || user.IsInRole(Roles.Admin)) ? s : null;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"no webhook subscription {(id.Length > 64 ? id[..64] + "…" : id)} of yours");

    private static string CheckUrl(InputFields f, string? url, WebhookSettings settings, IHostEnvironment environment)
    {
        if (WebhookDestinations.Refusal(url, settings.PrivateTargetsAllowed(environment.EnvironmentName)) is { } refusal) f.Fail("url", refusal);
        else if (TextRules.Problem(url!) is { } problem) f.Fail("url", problem);
        return url ?? "";
    }

    private static List<string>? CheckTypes(InputFields f, List<string>? types, bool required)
    {
        if (types is null || types.Count == 0)
        {
            if (required || types is not null) f.Fail("eventTypes", "name at least one event type (GET /v1/webhooks/event-types)");
            return null;
        }
        for (var i = 0; i < types.Count; i++)
            if (types[i] is null || !WebhookEventTypes.All.ContainsKey(types[i]))
                f.Fail($"eventTypes[{i}]", $"unknown event type; one of {string.Join(", ", WebhookEventTypes.All.Keys)}");
        return types;
    }

    private static double? CheckMinChange(InputFields f, double? value)
    {
        if (value is { } v && !(v >= 0 && v <= 100)) f.Fail("minScoreChange", "between 0 and 100 score points");
        return value;
    }
}

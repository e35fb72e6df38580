using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Relaying;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Data;
using TrustLedger.Core.Reciprocity;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Reciprocity;

/// <summary>
/// Reciprocity events (a delivery both sides confirm, a referral, a collaboration): party A
/// proposes with an attestation under the reciprocity schema about B; B confirms by attesting
/// back about A with refUID = the proposal's uid. Both are signed by the parties and relayed.
/// </summary>
public static class ReciprocityApi
{
    public static RouteGroupBuilder MapReciprocity(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/reciprocity-events").WithTags("Reciprocity events");
        group.MapPost("/", Propose).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .WithSummary("Propose an event: a signed attestation under the reciprocity schema about the counterparty");
        group.MapPost("/{id}/confirm", Confirm).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .WithSummary("Confirm an event: the counterparty's signed attestation back, with refUID = the event id");
        group.MapGet("/{id}", Get).WithSummary("An event and whether both sides confirmed it");
        return group;
    }

    private static async Task<IResult> Propose(RelayIntake intake, ClaimsPrincipal user, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        var request = SignedMessages.ReadAttestation(body, f);
        if (f.Valid && !string.Equals(request.Schema, ProductSchemas.Reciprocity.Uid, StringComparison.Ordinal))
            f.Fail("message.schema", $"a reciprocity event uses the reciprocity schema {ProductSchemas.Reciprocity.Uid}");
        if (f.Valid && request.RefUid != RegistryUids.ZeroBytes32)
            f.Fail("message.refUID", "a proposal refers to nothing; confirmations go to /v1/reciprocity-events/{id}/confirm");
        if (!f.Valid) return f.Problem();
        return await RelayResults.SubmitAsync(intake, user, request, uid => $"/v1/reciprocity-events/{uid}", ct);
    }

    private static async Task<IResult> Confirm(
        string id, RelayIntake intake, Database db, Outbox outbox, ClaimsPrincipal user, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        var request = SignedMessages.ReadAttestation(body, f);
        if (!f.Valid) return f.Problem();
        if (user.RequireSelf(request.Attester) is { } notSelf) return notSelf;
        if (await ReciprocityEvents.FindProposalAsync(id, db, outbox, ct) is not { } proposal)
            return Problems.NotFound($"no reciprocity event {id}");
        if (request.Schema != ProductSchemas.Reciprocity.Uid) f.Fail("message.schema", "a confirmation uses the reciprocity schema");
        if (request.RefUid != id) f.Fail("message.refUID", $"a confirmation refers to the event: {id}");
        if (request.Attester != proposal.Subject) f.Fail("message.attester", $"only the counterparty {proposal.Subject} confirms this event");
        if (request.Subject != proposal.Attester) f.Fail("message.subject", $"a confirmation is about the proposer {proposal.Attester}");
        if (!f.Valid) return f.Problem();
        return await RelayResults.SubmitAsync(intake, user, request, _ => $"/v1/reciprocity-events/{id}", ct);
    }

    private static async Task<IResult> Get(string id, Database db, Outbox outbox, CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        if (!f.Valid) return f.Problem();
        var view = await ReciprocityEvents.FindAsync(id, db, outbox, ct);
        return view is null ? Problems.NotFound($"no reciprocity event {id}") : TypedResults.Ok(view);
    }
}

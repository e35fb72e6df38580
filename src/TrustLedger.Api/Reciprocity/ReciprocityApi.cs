using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using TrustLedger.Api.Attestations;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Reciprocity;

/// <summary>A two-sided event: the proposal, the counterparty's confirmation (if any), and where it stands.</summary>
public sealed record ReciprocityEventView(string Id, string Status, string Proposer, string Counterparty, AttestationView Proposal, AttestationView? Confirmation);

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
        var request = AttestationsApi.ReadAttestation(body, f);
        if (f.Valid && !string.Equals(request.Schema, ProductSchemas.Reciprocity.Uid, StringComparison.Ordinal))
            f.Fail("message.schema", $"a reciprocity event uses the reciprocity schema {ProductSchemas.Reciprocity.Uid}");
        if (f.Valid && request.RefUid != RegistryUids.ZeroBytes32)
            f.Fail("message.refUID", "a proposal refers to nothing; confirmations go to /v1/reciprocity-events/{id}/confirm");
        if (!f.Valid) return f.Problem();
        if (user.RequireSelf(request.Attester) is { } notSelf) return notSelf;
        var (submission, rejection) = await intake.SubmitAsync(request, ct);
        return rejection is not null ? AttestationsApi.Rejected(rejection) : Accepted(submission!, submission!.Request.Uid);
    }

    private static async Task<IResult> Confirm(
        string id, RelayIntake intake, Database db, Outbox outbox, ClaimsPrincipal user, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        var request = AttestationsApi.ReadAttestation(body, f);
        if (!f.Valid) return f.Problem();
        if (user.RequireSelf(request.Attester) is { } notSelf) return notSelf;
        var proposal = await AttestationsApi.FindAsync(id, db, outbox, ct);
        if (proposal is null || proposal.Schema != ProductSchemas.Reciprocity.Uid || proposal.RefUid is not null)
            return Problems.NotFound($"no reciprocity event {id}");
        if (request.Schema != ProductSchemas.Reciprocity.Uid) f.Fail("message.schema", "a confirmation uses the reciprocity schema");
        if (request.RefUid != id) f.Fail("message.refUID", $"a confirmation refers to the event: {id}");
        if (request.Attester != proposal.Subject) f.Fail("message.attester", $"only the counterparty {proposal.Subject} confirms this event");
        if (request.Subject != proposal.Attester) f.Fail("message.subject", $"a confirmation is about the proposer {proposal.Attester}");
        if (!f.Valid) return f.Problem();
        var (submission, rejection) = await intake.SubmitAsync(request, ct);
        return rejection is not null ? AttestationsApi.Rejected(rejection) : Accepted(submission!, id);
    }

    private static async Task<IResult> Get(string id, Database db, Outbox outbox, CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        if (!f.Valid) return f.Problem();
        var view = await FindAsync(id, db, outbox, ct);
        return view is null ? Problems.NotFound($"no reciprocity event {id}") : TypedResults.Ok(view);
    }

    /// <summary>
    /// An event as this API shows it, or null when <paramref name="id"/> is no proposal: confirmed when the
    /// proposal and the counterparty's confirmation are both on chain and not revoked.
    /// </summary>
    public static async Task<ReciprocityEventView?> FindAsync(string id, Database db, Outbox outbox, CancellationToken ct)
    {
        var proposal = await AttestationsApi.FindAsync(id, db, outbox, ct);
        if (proposal is null || proposal.Schema != ProductSchemas.Reciprocity.Uid || proposal.RefUid is not null) return null;
        var confirmation = proposal.ConfirmedBy is { } confirmedBy ? await AttestationsApi.FindAsync(confirmedBy, db, outbox, ct) : null;
        var status = proposal.Status switch
        {
            "confirmed" when confirmation is { Status: "confirmed" } => "confirmed",
            "confirmed" => "proposed",
            var other => other, // pending, failed, revoked
        };
        return new ReciprocityEventView(id, status, proposal.Attester, proposal.Subject, proposal, confirmation);
    }

    private static IResult Accepted(RelaySubmission submission, string eventId) => TypedResults.Accepted(
        $"/v1/reciprocity-events/{eventId}",
        new SubmittedResponse(submission.Request.Uid, submission.Request.Id,
            submission.Request.Status == "confirmed" ? "confirmed" : AttestationView.StatusOf(submission.Request)));
}

using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Relaying;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Reciprocity;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Reciprocity;

/// <summary>
/// Reciprocity events (a delivery both sides confirm, a referral, a collaboration): party A
/// proposes with an attestation under the reciprocity schema about B; B confirms by attesting
/// back about A with refUID = the proposal's uid. Both are signed by the parties and relayed; the
/// service builds what each signs (typed-data endpoints), refusing up front what it would refuse.
/// </summary>
public static class ReciprocityApi
{
    public const int MaxReferenceLength = 200;

    public static RouteGroupBuilder MapReciprocity(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/reciprocity-events").WithTags("Reciprocity events");
        group.MapGet("/typed-data", ProposalTypedData)
            .Documented("Step 1: the typed data a proposer signs", ReciprocityDocs.ProposalTypedData)
            .Produces<Eip712TypedData>().WithProblems(ProblemCatalog.AttestationRefusals)
            .WithResponseExample(StatusCodes.Status200OK, ReciprocityDocs.ProposalTypedDataExample);
        group.MapPost("/", Propose).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Step 2: propose an event (the proposer's signed attestation about the counterparty)", ReciprocityDocs.Propose)
            .Produces<SubmittedResponse>(StatusCodes.Status202Accepted).WithProblems([.. ProblemCatalog.AttestationRefusals, "not-self"])
            .WithRequestExample(ReciprocityDocs.SignedProposalExample)
            .WithResponseExample(StatusCodes.Status202Accepted, ReciprocityDocs.AcceptedExample);
        group.MapGet("/{id}/confirmation/typed-data", ConfirmationTypedData)
            .Documented("Step 3: the typed data the counterparty signs to confirm", ReciprocityDocs.ConfirmationTypedData)
            .Produces<Eip712TypedData>().WithProblems([.. ProblemCatalog.AttestationRefusals, "not-found", "event-not-open"]);
        group.MapPost("/{id}/confirm", Confirm).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Step 4: confirm an event (the counterparty's signed attestation back, refUID = the event id)", ReciprocityDocs.Confirm)
            .Produces<SubmittedResponse>(StatusCodes.Status202Accepted)
            .WithProblems([.. ProblemCatalog.AttestationRefusals, "not-self", "not-found", "event-not-open"]);
        group.MapGet("/{id}", Get)
            .Documented("An event and whether both sides confirmed it", ReciprocityDocs.Get)
            .Produces<ReciprocityEventView>().WithProblems("not-found");
        return group;
    }

    private static async Task<IResult> ProposalTypedData(
        RelayValidator validator, TimeProvider time, HttpContext http, string? proposer, string? counterparty, string? kind, string? rating,
        string? reference, string? expiration, string? nonce, string? deadline, CancellationToken ct)
    {
        var f = new InputFields();
        var request = UnsignedRequests.Attestation(f, time, f.Address("proposer", proposer), ProductSchemas.Reciprocity.Uid,
            f.Address("counterparty", counterparty), EventData(f, kind, rating, reference), RegistryUids.ZeroBytes32, expiration, nonce, deadline);
        if (!f.Valid) return f.Problem();
        if (await validator.CheckUnsignedAsync(request, ct) is { } rejection) return RelayResults.Rejected(rejection);
        http.Response.Headers["X-Reciprocity-Event-Id"] = request.Uid;
        return TypedResults.Json(validator.Domain.AttestationTypedData(request));
    }

    private static async Task<IResult> ConfirmationTypedData(
        string id, RelayValidator validator, Database db, Outbox outbox, TimeProvider time, string? rating, string? reference, string? kind,
        string? expiration, string? nonce, string? deadline, CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        if (!f.Valid) return f.Problem();
        var (proposal, problem) = await OpenProposalAsync(id, db, outbox, ct);
        if (problem is not null) return problem;
        var proposedKind = proposal!.Fields?.GetValueOrDefault("kind") as string;
        var request = UnsignedRequests.Attestation(f, time, proposal.Subject, ProductSchemas.Reciprocity.Uid, proposal.Attester,
            EventData(f, kind ?? proposedKind, rating, reference), id, expiration, nonce, deadline);
        if (!f.Valid) return f.Problem();
        if (await validator.CheckUnsignedAsync(request, ct) is { } rejection) return RelayResults.Rejected(rejection);
        return TypedResults.Json(validator.Domain.AttestationTypedData(request));
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
        var (proposal, problem) = await OpenProposalAsync(id, db, outbox, ct, resent: request.Uid);
        if (problem is not null) return problem;
        if (request.Schema != ProductSchemas.Reciprocity.Uid) f.Fail("message.schema", "a confirmation uses the reciprocity schema");
        if (request.RefUid != id) f.Fail("message.refUID", $"a confirmation refers to the event: {id}");
        if (request.Attester != proposal!.Subject) f.Fail("message.attester", $"only the counterparty {proposal.Subject} confirms this event");
        if (request.Subject != proposal.Attester) f.Fail("message.subject", $"a confirmation is about the proposer {proposal.Attester}");
        if (!f.Valid) return f.Problem();
        return await RelayResults.SubmitAsync(intake, user, request, _ => $"/v1/reciprocity-events/{id}", ct);
    }

    private static async Task<IResult> Get(string id, Database db, Outbox outbox, ReputationState reputation, CancellationToken ct)
    {
        var f = new InputFields();
        id = f.Bytes32("id", id);
        if (!f.Valid) return f.Problem();
        // Confirmed once this replica's reputation counts the trade (read your confirmation), as GET /v1/attestations/{uid}.
        var view = await ReciprocityEvents.FindAsync(id, db, outbox, ct, reputation.Board.AsOfBlock);
        return view is null ? Problems.NotFound($"no reciprocity event {id}") : TypedResults.Ok(view);
    }

    /// <summary>
    /// The proposal a confirmation answers, or why it cannot be confirmed: none (404), or it will never count
    /// (409 event-not-open: revoked, failed, or confirmed already). One rule for the typed data and the POST;
    /// the confirmation on record posted again (<paramref name="resent"/>) goes on to intake, which answers it
    /// the same 202 as the first time.
    /// </summary>
    private static async Task<(AttestationView? Proposal, IResult? Problem)> OpenProposalAsync(
        string id, Database db, Outbox outbox, CancellationToken ct, string? resent = null)
    {
        if (await ReciprocityEvents.FindAsync(id, db, outbox, ct) is not { } view) return (null, Problems.NotFound($"no reciprocity event {id}"));
        if (view.Status == "confirmed" && resent is not null && view.Confirmation?.Uid == resent) return (view.Proposal, null);
        if (view.Status is "revoked" or "failed" or "confirmed")
            return (null, Problems.Of(StatusCodes.Status409Conflict, "event-not-open", "The event cannot be confirmed",
                $"event {id} is {view.Status}; a confirmation would never count"));
        return (view.Proposal, null);
    }

    /// <summary>The reciprocity schema's data: ABI encoding of (bytes32 kind, uint8 rating, string reference).</summary>
    private static string EventData(InputFields f, string? kind, string? rating, string? reference)
    {
        var kindText = f.Text("kind", kind, 32, required: true);
        var kindWord = ProductSchemas.ToBytes32(kindText);
        if (kindWord is null) f.Fail("kind", "longer than 32 bytes of UTF-8");
        var stars = f.Int("rating", rating, 1, 5);
        var text = f.Text("reference", reference, MaxReferenceLength);
        return f.Valid ? Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(kindWord!, (byte)stars, text)) : "0x";
    }
}

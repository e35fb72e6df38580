using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Relaying;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Api.Attestations;

/// <summary>
/// Endorse a partner and revoke it: the typed data a wallet signs, the signed message relayed
/// gaslessly, and the attestation's status from request to chain. Lists read the indexed chain.
/// </summary>
public static class AttestationsApi
{
    public static RouteGroupBuilder MapAttestations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/attestations").WithTags("Attestations");

        group.MapGet("/typed-data", EndorsementTypedData)
            .Documented("Step 1 of an endorsement: the EIP-712 typed data the attester signs", AttestationsDocs.TypedData)
            .Produces<Eip712TypedData>().WithProblems(ProblemCatalog.AttestationRefusals);
        group.MapPost("/", Submit).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Step 2: relay a signed attestation; 202 with its uid", AttestationsDocs.Submit)
            .Produces<SubmittedResponse>(StatusCodes.Status202Accepted).WithProblems([.. ProblemCatalog.AttestationRefusals, "not-self"])
            .WithRequestExample(AttestationsDocs.SignedExample)
            .WithResponseExample(StatusCodes.Status202Accepted, AttestationsDocs.AcceptedExample);
        group.MapGet("/{uid}", Get)
            .Documented("An attestation: pending, confirmed, revoked or failed", AttestationsDocs.Get)
            .Produces<AttestationView>().WithProblems("not-found");
        group.MapGet("/", List)
            .Documented("Attestations by subject, attester, schema or block range, newest first, cursor-paged", AttestationsDocs.List)
            .Produces<AttestationPageView>();
        group.MapGet("/{uid}/revocation/typed-data", RevocationTypedData)
            .Documented("Step 1 of a revocation: the EIP-712 typed data the attester signs", AttestationsDocs.RevocationTypedData)
            .Produces<Eip712TypedData>().WithProblems(ProblemCatalog.RevocationRefusals);
        group.MapPost("/{uid}/revoke", Revoke).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Step 2: relay a signed revocation; 202", AttestationsDocs.Revoke)
            .Produces<SubmittedResponse>(StatusCodes.Status202Accepted).WithProblems([.. ProblemCatalog.RevocationRefusals, "not-self"]);
        return group;
    }

    private static async Task<IResult> EndorsementTypedData(
        RelayValidator validator, HttpContext http, TimeProvider time, CancellationToken ct,
        string? attester, string? subject, string? rating, string? category, string? comment, string? schema,
        string? data, string? refUid, string? expiration, string? nonce, string? deadline)
    {
        var f = new InputFields();
        var spec = schema is null ? ProductSchemas.Endorsement : ProductSchemas.ByName(schema);
        var schemaUid = spec?.Uid ?? f.Bytes32("schema", schema);
        string encoded;
        if (spec == ProductSchemas.Endorsement && data is null)
        {
            var stars = f.Int("rating", rating, 1, 5);
            var categoryWord = ProductSchemas.ToBytes32(category ?? "");
            if (categoryWord is null) f.Fail("category", "longer than 32 bytes of UTF-8");
            var text = f.Text("comment", comment, 280);
            encoded = f.Valid ? Hex.Encode(spec.Parsed.Encode((byte)stars, categoryWord!, text)) : "0x";
        }
        else
        {
            encoded = f.Bytes("data", data);
        }
        var request = UnsignedRequests.Attestation(f, time, f.Address("attester", attester), schemaUid, f.Address("subject", subject), encoded,
            f.Bytes32("refUid", refUid, RegistryUids.ZeroBytes32), expiration, nonce, deadline);
        if (!f.Valid) return f.Problem();
        // Refuse now what the POST would refuse: a wallet must never be asked to sign a dead request.
        if (await validator.CheckUnsignedAsync(request, ct) is { } rejection) return RelayResults.Rejected(rejection);
        http.Response.Headers["X-Attestation-Uid"] = request.Uid;
        return TypedResults.Json(validator.Domain.AttestationTypedData(request));
    }

    private static async Task<IResult> Submit(RelayIntake intake, ClaimsPrincipal user, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        var request = SignedMessages.ReadAttestation(body, f);
        if (!f.Valid) return f.Problem();
        return await RelayResults.SubmitAsync(intake, user, request, uid => $"/v1/attestations/{uid}", ct);
    }

    private static async Task<IResult> Get(string uid, Database db, Outbox outbox, ReputationState reputation, CancellationToken ct)
    {
        var f = new InputFields();
        uid = f.Bytes32("uid", uid);
        if (!f.Valid) return f.Problem();
        // Confirmed once this replica's reputation reflects it (AttestationStatus.AsServed): read your confirmation.
        var view = await AttestationStatus.FindAsync(uid, db, outbox, ct, reputation.Board.AsOfBlock);
        return view is null ? Problems.NotFound($"no attestation {uid}") : TypedResults.Ok(view);
    }

    private static async Task<IResult> List(
        Database db, ReputationState reputation, string? subject, string? attester, string? schema, long? from, long? to, string? cursor, string? limit,
        CancellationToken ct)
    {
        var f = new InputFields();
        var filter = new AttestationFilter(
            f.OptionalAddress("subject", subject), f.OptionalAddress("attester", attester),
            schema is null ? null : ProductSchemas.ByName(schema)?.Uid ?? f.Bytes32("schema", schema), from, to);
        var size = f.Int("limit", limit, 1, AttestationStore.MaxPageSize, 50);
        AttestationCursor? after = null;
        if (cursor is not null)
        {
            if (AttestationCursor.TryDecode(cursor, out var decoded)) after = decoded;
            else f.Fail("cursor", "not a cursor this API handed out");
        }
        if (!f.Valid) return f.Problem();
        await using var connection = await db.OpenConnectionAsync(ct);
        var served = reputation.Board.AsOfBlock;
        var page = await AttestationStore.ListAsync(connection, filter, after, size, ct);
        return TypedResults.Ok(new AttestationPageView([.. page.Items.Select(a => AttestationStatus.AsServed(AttestationView.Of(a, null), served))], page.NextCursor));
    }

    private static async Task<IResult> RevocationTypedData(
        RelayValidator validator, TimeProvider time, string uid, string? revoker, string? nonce, string? deadline, CancellationToken ct)
    {
        var f = new InputFields();
        var request = new SignedRevocation(f.Address("revoker", revoker), f.Bytes32("uid", uid),
            f.UInt("nonce", nonce, RegistryUids.MaxNonce, UnsignedRequests.RandomNonce()),
            f.UInt("deadline", deadline, SignedMessages.MaxUInt256, time.GetUtcNow().Add(UnsignedRequests.DefaultDeadline).ToUnixTimeSeconds()), "0x");
        if (!f.Valid) return f.Problem();
        if (await validator.CheckUnsignedAsync(request, ct) is { } rejection) return RelayResults.Rejected(rejection);
        return TypedResults.Json(validator.Domain.RevocationTypedData(request));
    }

    private static async Task<IResult> Revoke(RelayIntake intake, ClaimsPrincipal user, string uid, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        var request = SignedMessages.ReadRevocation(body, f);
        if (f.Valid && request.Uid != f.Bytes32("uid", uid)) f.Fail("message.uid", "does not match the attestation in the URL");
        if (!f.Valid) return f.Problem();
        return await RelayResults.SubmitAsync(intake, user, request, uid => $"/v1/attestations/{uid}", ct);
    }
}

using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Attestations;

/// <summary>
/// Endorse a partner and revoke it: the typed data a wallet signs, the signed message relayed
/// gaslessly, and the attestation's status from request to chain. Lists read the indexed chain.
/// </summary>
public static class AttestationsApi
{
    private static readonly BigInteger MaxUInt48 = (BigInteger.One << 48) - 1;
    private static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromHours(1);

    public static RouteGroupBuilder MapAttestations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/attestations").WithTags("Attestations");

        group.MapGet("/typed-data", EndorsementTypedData)
            .WithSummary("EIP-712 typed data for an endorsement (or any schema's attestation), ready for eth_signTypedData_v4");
        group.MapPost("/", Submit).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy).WithSummary("Relay a signed attestation; 202 with its uid");
        group.MapGet("/{uid}", Get).WithSummary("An attestation: pending, confirmed, revoked or failed");
        group.MapGet("/", List).WithSummary("Attestations by subject, attester, schema or time, newest first, cursor-paged");
        group.MapGet("/{uid}/revocation/typed-data", RevocationTypedData).WithSummary("EIP-712 typed data revoking an attestation");
        group.MapPost("/{uid}/revoke", Revoke).RequireAuthorization(Roles.Party).RequireRateLimiting(RequestLimits.PerAddressPolicy).WithSummary("Relay a signed revocation; 202");
        return group;
    }

    private static IResult EndorsementTypedData(
        RelayIntake intake, HttpContext http, TimeProvider time,
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
        var request = new SignedAttestation(
            f.Address("attester", attester), schemaUid, f.Address("subject", subject),
            (ulong)f.UInt("expiration", expiration, MaxUInt48, 0), f.Bytes32("refUid", refUid, RegistryUids.ZeroBytes32),
            f.UInt("nonce", nonce, RegistryUids.MaxNonce, RandomNonce()), encoded,
            f.UInt("deadline", deadline, MaxUInt256, time.GetUtcNow().Add(DefaultDeadline).ToUnixTimeSeconds()), "0x");
        if (!f.Valid) return f.Problem();
        http.Response.Headers["X-Attestation-Uid"] = request.Uid;
        return TypedResults.Json(intake.Domain.AttestationTypedData(request));
    }

    private static async Task<IResult> Submit(RelayIntake intake, ClaimsPrincipal user, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        var request = ReadAttestation(body, f);
        if (!f.Valid) return f.Problem();
        if (user.RequireSelf(request.Attester) is { } notSelf) return notSelf;
        var (submission, rejection) = await intake.SubmitAsync(request, ct);
        if (rejection is not null) return Rejected(rejection);
        return Accepted(submission!);
    }

    private static async Task<IResult> Get(string uid, Database db, Outbox outbox, CancellationToken ct)
    {
        var f = new InputFields();
        uid = f.Bytes32("uid", uid);
        if (!f.Valid) return f.Problem();
        var view = await FindAsync(uid, db, outbox, ct);
        return view is null ? Problems.NotFound($"no attestation {uid}") : TypedResults.Ok(view);
    }

    /// <summary>The chain's copy if indexed, else the relayer's request; a pending revocation rides along.</summary>
    public static async Task<AttestationView?> FindAsync(string uid, Database db, Outbox outbox, CancellationToken ct)
    {
        IndexedAttestation? indexed;
        await using (var connection = await db.OpenConnectionAsync(ct))
            indexed = await AttestationStore.GetAsync(connection, uid, ct);
        var requests = await outbox.FindByUidAsync(uid, ct);
        var revocation = requests.LastOrDefault(r => r.Kind == "revoke" && r.Status != "confirmed");
        if (indexed is not null) return AttestationView.Of(indexed, revocation);
        var attestation = requests.LastOrDefault(r => r.Kind == "attest");
        return attestation is null ? null : AttestationView.Of(attestation);
    }

    private static async Task<IResult> List(
        Database db, string? subject, string? attester, string? schema, long? from, long? to, string? cursor, string? limit,
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
        var page = await AttestationStore.ListAsync(connection, filter, after, size, ct);
        return TypedResults.Ok(new AttestationPageView([.. page.Items.Select(a => AttestationView.Of(a, null))], page.NextCursor));
    }

    private static IResult RevocationTypedData(RelayIntake intake, TimeProvider time, string uid, string? revoker, string? nonce, string? deadline)
    {
        var f = new InputFields();
        var request = new SignedRevocation(f.Address("revoker", revoker), f.Bytes32("uid", uid),
            f.UInt("nonce", nonce, RegistryUids.MaxNonce, RandomNonce()),
            f.UInt("deadline", deadline, MaxUInt256, time.GetUtcNow().Add(DefaultDeadline).ToUnixTimeSeconds()), "0x");
        if (!f.Valid) return f.Problem();
        return TypedResults.Json(intake.Domain.RevocationTypedData(request));
    }

    private static async Task<IResult> Revoke(RelayIntake intake, ClaimsPrincipal user, string uid, [FromBody] SignedMessage body, CancellationToken ct)
    {
        var f = new InputFields();
        var request = ReadRevocation(body, f);
        if (f.Valid && request.Uid != f.Bytes32("uid", uid)) f.Fail("message.uid", "does not match the attestation in the URL");
        if (!f.Valid) return f.Problem();
        if (user.RequireSelf(request.Revoker) is { } notSelf) return notSelf;
        var (submission, rejection) = await intake.SubmitAsync(request, ct);
        if (rejection is not null) return Rejected(rejection);
        return Accepted(submission!);
    }

    public static SignedAttestation ReadAttestation(SignedMessage body, InputFields f)
    {
        var m = body.Message;
        if (m.ValueKind != JsonValueKind.Object) f.Fail("message", "required: the signed EIP-712 message object");
        return new SignedAttestation(
            f.Address("message.attester", Field(m, "attester")), f.Bytes32("message.schema", Field(m, "schema")),
            f.Address("message.subject", Field(m, "subject")), (ulong)f.UInt("message.expiration", Field(m, "expiration"), MaxUInt48),
            f.Bytes32("message.refUID", Field(m, "refUID")), f.UInt("message.nonce", Field(m, "nonce"), RegistryUids.MaxNonce),
            f.Bytes("message.data", Field(m, "data")), f.UInt("message.deadline", Field(m, "deadline"), MaxUInt256),
            f.Bytes("signature", body.Signature));
    }

    public static SignedRevocation ReadRevocation(SignedMessage body, InputFields f)
    {
        var m = body.Message;
        if (m.ValueKind != JsonValueKind.Object) f.Fail("message", "required: the signed EIP-712 message object");
        return new SignedRevocation(
            f.Address("message.revoker", Field(m, "revoker")), f.Bytes32("message.uid", Field(m, "uid")),
            f.UInt("message.nonce", Field(m, "nonce"), RegistryUids.MaxNonce), f.UInt("message.deadline", Field(m, "deadline"), MaxUInt256),
            f.Bytes("signature", body.Signature));
    }

    /// <summary>202 with where to follow the request, the same for a repeated submission.</summary>
    public static IResult Accepted(RelaySubmission submission) => TypedResults.Accepted(
        $"/v1/attestations/{submission.Request.Uid}",
        new SubmittedResponse(submission.Request.Uid, submission.Request.Id,
            submission.Request.Status == "confirmed" ? "confirmed" : AttestationView.StatusOf(submission.Request)));

    /// <summary>Refused before relaying: 409 for a nonce another request holds, 422 for the registry's own rules.</summary>
    public static IResult Rejected(RelayRejection rejection) => Problems.Of(
        rejection.Code == "NonceAlreadyRequested" ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
        rejection.Code, $"The request was refused: {rejection.Code}", rejection.Detail,
        rejection.Field is null ? null : new Dictionary<string, object?> { ["field"] = rejection.Field });

    /// <summary>A field as text, whether the client sent it as a JSON string or number.</summary>
    private static string? Field(JsonElement message, string name) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A random 96-bit nonce: nonces are unordered, so any unused one works and collisions are negligible.</summary>
    private static BigInteger RandomNonce() => new(RandomNumberGenerator.GetBytes(12), isUnsigned: true, isBigEndian: true);
}

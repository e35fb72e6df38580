using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Validation;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// The W3C CCG VC API: issue (issuer role), verify a credential, verify a presentation (public).
/// Bodies follow the VC API: {credential, options} -> 201 {verifiableCredential}, answered once the
/// anchor is indexed (Credentials:IssueAnchorWait at most) so that it verifies right away;
/// {verifiableCredential, options} -> 200 with the VerificationResult when it verifies, 400 with
/// the same structured result when it does not; a body that cannot be read is a 400 problem.
/// Verification trusts only our own issuer and the governed trusted issuers, and every result
/// carries <c>verdict</c>: the one field a buyer reads (trusted, code, reason).
/// </summary>
public static class VcApi
{
    public static void MapVcApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/credentials/issue", Issue).WithTags("VC API").RequireAuthorization(Roles.Issuer)
            .Documented("Issue a credential: EIP-712 (default) or vc+jwt (options.format), anchored on chain", VcApiDocs.Issue)
            .Accepts<IssueCredentialRequest>("application/json").Produces<IssuedCredentialResponse>(StatusCodes.Status201Created)
            .WithProblems("credential-invalid", "issuer-not-ours", "credential-exists", "anchor-refused", "malformed-json", "payload-too-large")
            .WithRequestExample(VcApiDocs.IssueExample);
        routes.MapPost("/credentials/verify", Verify).WithTags("VC API").AllowAnonymous()
            .Documented("Verify a credential (EIP-712 proof, compact JWS or EnvelopedVerifiableCredential); 200 verified, 400 not", VcApiDocs.Verify)
            .Accepts<VerifyCredentialRequest>("application/json").Produces<CredentialVerifyResponse>()
            .WithProblems("credential-not-verified", "malformed-json", "payload-too-large");
        routes.MapPost("/presentations/verify", VerifyPresentation).WithTags("VC API").AllowAnonymous()
            .Documented("Verify a presentation, its holder proof (challenge, domain) and every credential in it", VcApiDocs.VerifyPresentation)
            .Accepts<VerifyPresentationRequest>("application/json").Produces<PresentationVerifyResponse>()
            .WithProblems("presentation-not-verified", "malformed-json", "payload-too-large");
    }

    private static async Task<IResult> Issue(
        HttpRequest request, IssuerKeys issuers, CredentialIssuance issuance, IOptions<CredentialOptions> settings, CancellationToken ct)
    {
        var (body, unreadable) = await ReadAsync(request, ct);
        if (unreadable is not null) return unreadable;
        var f = new InputFields();
        if (!body.TryGetProperty("credential", out var element) || element.ValueKind != JsonValueKind.Object)
            f.Fail("credential", "required: the credential to issue, a JSON object without a proof");
        var options = Options(body, f);
        var mechanism = Mechanism(options, f);
        if (!f.Valid) return f.Problem();

        var credential = JsonNode.Parse(element.GetRawText())!.AsObject();
        // An issuer that is no DID at all is left to the data model check (400); a DID that is not ours is refused here (422).
        string? named = element.TryGetProperty("issuer", out var issuer) ? CredentialValidator.IssuerId(issuer) : null;
        IssuerKey? key = issuers.Default;
        if (named is not null && CredentialValidator.IsUrl(named) && !issuers.TryFind(named, out key))
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "issuer-not-ours", "This service does not issue as that issuer",
                $"issuer {named} is not one of ours ({string.Join(", ", issuers.All.Select(k => k.Did.Did))}); leave issuer out to use the default");
        try
        {
            IssueOutcome outcome;
            try { outcome = await issuance.IssueAsync(credential, key ?? issuers.Default, mechanism ?? SecuringMechanism.Eip712, null, ct); }
            catch (CredentialIssueException e) when (mechanism is null && e.Issues.All(x => x.Code == CredentialIssuer.Eip712Code))
            {
                // No format asked for and EIP-712 cannot type this credential (e.g. an inline @context
                // object beside URLs): secure it the other standard way rather than refuse it.
                outcome = await issuance.IssueAsync(credential, key ?? issuers.Default, SecuringMechanism.VcJwt, null, ct);
            }
            await issuance.WaitForAnchorAsync(outcome.Credential, settings.Value.IssueAnchorWait, ct);
            return TypedResults.Created(CredentialsApi.PathOf(outcome.Credential.Id),
                new { verifiableCredential = JsonNode.Parse(outcome.Credential.Document) });
        }
        catch (CredentialIssueException e)
        {
            // A credential we could sign some other way (not EIP-712) or for another issuer is
            // unprocessable; one that breaks the data model is a bad request, as the VC API says.
            bool unprocessable = e.Issues.All(x => x.Code is CredentialIssuer.Eip712Code or CredentialIssuer.IssuerMismatchCode);
            return Problems.Of(unprocessable ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
                "credential-invalid", "The credential cannot be issued", e.Issues[0].Message,
                new Dictionary<string, object?> { ["issues"] = e.Issues.Select(x => new { code = x.Code, path = x.Path, message = x.Message }).ToList() });
        }
        catch (CredentialConflictException e)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "credential-exists", "The credential id is taken", e.Message);
        }
        catch (AnchorRejectedException e)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "anchor-refused", "The credential could not be anchored", e.Message,
                new Dictionary<string, object?> { ["relayCode"] = e.Rejection.Code });
        }
    }

    private static async Task<IResult> Verify(HttpRequest request, CredentialVerifier verifier, IOptions<CredentialOptions> settings, CancellationToken ct)
    {
        var (body, unreadable) = await ReadAsync(request, ct);
        if (unreadable is not null) return unreadable;
        var f = new InputFields();
        if (!body.TryGetProperty("verifiableCredential", out var credential) || credential.ValueKind is not (JsonValueKind.Object or JsonValueKind.String))
            f.Fail("verifiableCredential", "required: a credential with a proof, an EnvelopedVerifiableCredential or a compact JWS");
        var options = Options(body, f);
        if (!f.Valid) return f.Problem();

        var result = await verifier.VerifyAsync(credential, VerificationOptionsOf(settings.Value), ct);
        var response = VcApiResults.Of(result, Flag(options, "returnCredential"));
        return result.Verified ? TypedResults.Ok(response)
            : NotVerified(response, "credential-not-verified", "The credential did not verify", response.ProblemDetails.FirstOrDefault()?.Detail);
    }

    private static async Task<IResult> VerifyPresentation(HttpRequest request, PresentationVerifier verifier, IOptions<CredentialOptions> settings, CancellationToken ct)
    {
        var (body, unreadable) = await ReadAsync(request, ct);
        if (unreadable is not null) return unreadable;
        var f = new InputFields();
        // A presentation without a holder proof may come as "presentation" (the VC API's proofless request).
        if ((!body.TryGetProperty("verifiablePresentation", out var presentation) && !body.TryGetProperty("presentation", out presentation))
            || presentation.ValueKind is not (JsonValueKind.Object or JsonValueKind.String))
            f.Fail("verifiablePresentation", "required: the presentation (a JSON object, an EnvelopedVerifiablePresentation, or a compact vp+jwt string)");
        var options = Options(body, f);
        string? challenge = Text(options, "challenge", f), domain = Text(options, "domain", f);
        bool holderBinding = !(options.ValueKind == JsonValueKind.Object && options.TryGetProperty("requireHolderIsSubject", out var binding)
            && binding.ValueKind == JsonValueKind.False);
        if (!f.Valid) return f.Problem();

        var presentationOptions = new PresentationOptions
        {
            Challenge = challenge, Domain = domain, RequireHolderIsSubject = holderBinding, Credentials = VerificationOptionsOf(settings.Value),
        };
        var result = await verifier.VerifyAsync(presentation, presentationOptions, ct);
        var response = VcApiResults.Of(result, presentation, presentationOptions, Flag(options, "returnPresentation"));
        return result.Verified ? TypedResults.Ok(response)
            : NotVerified(response, "presentation-not-verified", "The presentation did not verify", response.ProblemDetails.FirstOrDefault()?.Detail);
    }

    /// <summary>
    /// 400 as problem details (application/problem+json) whose members are also the VC API's verification
    /// result (<c>verified: false</c>, <c>checks</c>, <c>problemDetails</c>, <c>results</c>, ...), so a VC API
    /// client and a problem-details client read the same answer.
    /// </summary>
    private static IResult NotVerified(object response, string code, string title, string? detail)
    {
        var members = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var member in JsonSerializer.SerializeToElement(response, JsonSerializerOptions.Web).EnumerateObject())
            members[member.Name] = member.Value;
        return Problems.Of(StatusCodes.Status400BadRequest, code, title, detail, members);
    }

    /// <summary>The service answers for what it verifies: only issuers it trusts (ours and the governed list, GET /v1/trusted-issuers).</summary>
    public static VerificationOptions VerificationOptionsOf(CredentialOptions settings) =>
        new() { AcceptedChainIds = settings.AcceptedChainIds.ToHashSet(), RequireKnownIssuer = true };

    /// <summary>
    /// The body as strict JSON (duplicate members refused: a signer and a verifier must read the same
    /// document); a 400 problem when it is not a JSON object, 413 when it is too large.
    /// </summary>
    private static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try { await request.Body.CopyToAsync(buffer, ct); }
        catch (BadHttpRequestException e)
        {
            return (default, Problems.Of(e.StatusCode, e.StatusCode == 413 ? "payload-too-large" : "bad-request", "The request body could not be read", e.Message));
        }
        if (!StrictJson.TryParse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), out var body) || body.ValueKind != JsonValueKind.Object)
            return (default, Problems.Of(StatusCodes.Status400BadRequest, "malformed-json", "The body is not a JSON object",
                "send a JSON object (duplicate member names are refused)"));
        // The same text rules as every other body (InputPipeline): no control characters, no broken Unicode.
        if (TextRules.FirstProblem(body) is { } bad) return (default, Problems.Validation(new Dictionary<string, string[]> { [bad.Path] = [bad.Reason] }));
        return (body, null);
    }

    private static JsonElement Options(JsonElement body, InputFields f)
    {
        if (!body.TryGetProperty("options", out var options) || options.ValueKind == JsonValueKind.Null) return default;
        if (options.ValueKind != JsonValueKind.Object) f.Fail("options", "must be a JSON object");
        return options;
    }

    /// <summary>
    /// options.format (or options.mechanism): "vc+jwt" (also "jwt", "application/vc+jwt") for VC-JOSE-COSE,
    /// "eip712" or "EthereumEip712Signature2021" for the embedded proof; null when not given (EIP-712
    /// then, vc+jwt for a credential EIP-712 cannot type).
    /// </summary>
    private static SecuringMechanism? Mechanism(JsonElement options, InputFields f)
    {
        string? value = Text(options, "format", f) ?? Text(options, "mechanism", f);
        switch (value?.ToLowerInvariant())
        {
            case null: return null;
            case "eip712" or "ethereumeip712signature2021" or "ldp_vc": return SecuringMechanism.Eip712;
            case "vc+jwt" or "jwt" or "jwt_vc" or "application/vc+jwt": return SecuringMechanism.VcJwt;
            default:
                f.Fail("options.format", "one of eip712 (EthereumEip712Signature2021, the default) or vc+jwt");
                return SecuringMechanism.Eip712;
        }
    }

    private static string? Text(JsonElement options, string name, InputFields f)
    {
        if (options.ValueKind != JsonValueKind.Object || !options.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        f.Fail("options." + name, "must be a string");
        return null;
    }

    private static bool Flag(JsonElement options, string name) =>
        options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}

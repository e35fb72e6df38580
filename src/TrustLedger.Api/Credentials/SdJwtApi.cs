using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Data;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// SD-JWT VC (dc+sd-jwt): a holder takes one of its credentials as an SD-JWT VC bound to its key;
/// anyone verifies a presentation (disclosures and KB-JWT); the vct type metadata and the Token
/// Status Lists the SD-JWT VCs name are served at their URLs.
/// </summary>
public static class SdJwtApi
{
    public const int MaxPresentationChars = 64 * 1024;

    public static void MapSdJwt(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/credentials/{id}/sd-jwt", Issue).WithTags("Credentials").RequireAuthorization(Roles.Party)
            .Documented("Your credential as an SD-JWT VC (dc+sd-jwt) bound to your key",
                "A holder (a subject of the credential, signed in) gets an SD-JWT VC of an endorsement, reciprocity or reputation credential: "
                + "the same issuer, validity and revocation slot, each subject member a selective disclosure, `cnf.jwk` = `holderKey` (EC secp256k1 or P-256, public). "
                + "Nothing is stored or anchored: the credential it is made of is. 409 when the credential is revoked, superseded or has no status slot.")
            .Accepts<SdJwtIssueRequest>("application/json").Produces<SdJwtIssued>()
            .WithProblems("not-found", "not-self", "sd-jwt-unavailable", "malformed-json")
            .WithRequestExample(SdJwtExamples.IssueRequest);
        routes.MapPost("/v1/sd-jwt/verify", Verify).WithTags("Credentials").AllowAnonymous()
            .Documented("Verify an SD-JWT VC presentation: issuer, disclosures, key binding, status; 200 verified, 400 not",
                "Trusts only our issuer and the governed trusted issuers. Checks: typ dc+sd-jwt, ES256K by `iss`, `_sd_alg` sha-256, every disclosure matched once "
                + "(none twice, none unreferenced, no digest twice), nbf/exp, the KB-JWT (typ kb+jwt, signed by `cnf.jwk`, `aud` = `audience`, `nonce`, "
                + "iat within 5 minutes, `sd_hash` over what was presented) and the Token Status List entry. `claims` are the disclosed claims.")
            .Accepts<SdJwtVerifyRequest>("application/json").Produces<SdJwtVerifyResponse>()
            .WithProblems("sd-jwt-not-verified", "malformed-json")
            .WithRequestExample(SdJwtExamples.VerifyRequest);
        routes.MapGet(SdJwtVcTypes.PathPrefix + "{type}", TypeMetadata).WithTags("Credentials").AllowAnonymous().NeedsNoDependency()
            .Documented("SD-JWT VC type metadata (the document a vct names)", "EndorsementCredential, ReciprocityCredential or ReputationCredential: name, description, claims with labels.")
            .Produces<System.Text.Json.Nodes.JsonObject>().WithProblems("not-found");
        routes.MapGet(StatusListPublisher.PathPrefix + "{list}" + TokenStatusList.UriSuffix, TokenList).WithTags("Credentials").AllowAnonymous()
            .Documented("A revocation list as an IETF Token Status List (application/statuslist+jwt)",
                "The same bits as the Bitstring Status List at /v1/status-lists/{list}, in the token list's order (bit i = byte i/8, least significant first), "
                + "signed ES256K by our issuer: what an SD-JWT VC's `status.status_list.uri` names.")
            .Produces<string>(StatusCodes.Status200OK, TokenStatusList.MediaType).WithProblems("validation", "not-found");
    }

    private static async Task<IResult> Issue(string id, [FromBody] SdJwtIssueRequest? body, HttpContext http, Database db, SdJwtVcIssuance sdJwt,
        CancellationToken ct)
    {
        var f = new InputFields();
        HolderKey? key = null;
        if (body?.HolderKey is not { } jwk) f.Fail("holderKey", "required: the public JWK to bind the credential to");
        else if (!HolderKey.TryParse(jwk, out key, out string error)) f.Fail("holderKey", error);
        if (!f.Valid) return f.Problem();
        string credentialId = id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var row = await CredentialStore.GetAsync(db, credentialId, ct);
        if (row is null) return Problems.NotFound($"no credential {credentialId}");
        if (http.User.Address() is not { } caller || !(await CredentialStore.HoldersAsync(db, row.Id, ct)).Contains(caller.ToLowerHex()))
            return AuthProblem.NotSelf($"only a holder of {row.Id} takes it as an SD-JWT VC").ToResult();
        try
        {
            var issued = sdJwt.Issue(row, caller, key!);
            return TypedResults.Ok(new SdJwtIssued(SdJwtVcTypes.Format, issued.Compact, issued.Vct, issued.Subject, issued.DisclosedNames));
        }
        catch (SdJwtIssueException e)
        {
            return Unavailable(e);
        }
    }

    public static IResult Unavailable(SdJwtIssueException e) =>
        Problems.Of(StatusCodes.Status409Conflict, "sd-jwt-unavailable", "The credential cannot be issued as an SD-JWT VC", e.Message,
            new Dictionary<string, object?> { ["reason"] = e.Code });

    private static async Task<IResult> Verify([FromBody] SdJwtVerifyRequest? body, SdJwtVcVerifier verifier, CancellationToken ct)
    {
        var f = new InputFields();
        string sdJwt = f.Text("sdJwt", body?.SdJwt, MaxPresentationChars, required: true);
        string audience = f.Text("audience", body?.Audience, 2048), nonce = f.Text("nonce", body?.Nonce, 512);
        if ((audience.Length == 0) != (nonce.Length == 0))
            f.Fail(audience.Length == 0 ? "audience" : "nonce", "audience and nonce come together: both to check key binding, neither to skip it");
        if (!f.Valid) return f.Problem();
        var keyBinding = audience.Length > 0 ? new KeyBindingOptions(audience, nonce) : null;
        var result = await verifier.VerifyAsync(sdJwt, keyBinding, TimeSpan.FromMinutes(1), ct);
        var verdict = result.Verdict;
        var response = new SdJwtVerifyResponse(result.Verified, new(verdict.Trusted, verdict.Code, verdict.Reason),
            [.. result.Checks.Select(c => new SdJwtCheckView(c.Check, c.Outcome.ToString().ToLowerInvariant(), c.Code, c.Message))],
            result.Issuer, result.Vct, result.Disclosed, result.Claims);
        if (result.Verified) return TypedResults.Ok(response);
        var members = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var member in JsonSerializer.SerializeToElement(response, JsonSerializerOptions.Web).EnumerateObject()) members[member.Name] = member.Value;
        return Problems.Of(StatusCodes.Status400BadRequest, "sd-jwt-not-verified", "The SD-JWT VC did not verify",
            result.Checks.FirstOrDefault(c => c.Outcome == CheckOutcome.Failed)?.Message, members);
    }

    private static IResult TypeMetadata(string type, CredentialUrls urls) =>
        SdJwtVcTypes.Known.ContainsKey(type)
            ? TypedResults.Json(SdJwtVcTypes.Metadata(urls.Base, type))
            : Problems.NotFound($"no SD-JWT VC type {type} (known: {string.Join(", ", SdJwtVcTypes.Known.Keys)})");

    private static async Task<IResult> TokenList(string list, SdJwtVcIssuance sdJwt, HttpContext http, CancellationToken ct)
    {
        var f = new InputFields();
        int number = f.Int("list", list, 1, int.MaxValue);
        if (!f.Valid) return f.Problem();
        if (await sdJwt.TokenListAsync(number, ct) is not { } jwt)
            return Problems.Of(StatusCodes.Status404NotFound, "not-found", "No such status list", $"there is no status list {number}");
        http.Response.Headers.CacheControl = $"max-age={(int)TokenStatusList.TimeToLive.TotalSeconds}";
        return TypedResults.Text(jwt, TokenStatusList.MediaType);
    }
}

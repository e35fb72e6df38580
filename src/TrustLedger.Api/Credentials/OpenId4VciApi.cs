using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.OpenId4Vci;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow: the issuer and
/// authorization server metadata, token, nonce and credential endpoints. Errors are problem details
/// that also carry OAuth's <c>error</c> and <c>error_description</c>, so a wallet reads them as the spec
/// says and everyone else as every other error of this API.
/// </summary>
public static class OpenId4VciApi
{
    public static void MapOpenId4Vci(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/openid-credential-issuer", (CredentialUrls urls) => TypedResults.Json(IssuerMetadata.CredentialIssuer(urls.Base)))
            .WithTags("OpenID4VCI").AllowAnonymous().NeedsNoDependency()
            .Documented("Credential issuer metadata (OpenID4VCI 1.0)",
                "credential_issuer = Credentials:PublicBaseUrl; for each of our three types a dc+sd-jwt configuration ({Type}_sd_jwt, proofs ES256K or ES256) "
                + "and a jwt_vc_json one ({Type}_jwt, our vc+jwt, proof by the subject account's ES256K key).")
            .Produces<System.Text.Json.Nodes.JsonObject>();
        routes.MapGet("/.well-known/oauth-authorization-server", (CredentialUrls urls) => TypedResults.Json(IssuerMetadata.AuthorizationServer(urls.Base)))
            .WithTags("OpenID4VCI").AllowAnonymous().NeedsNoDependency()
            .Documented("OAuth authorization server metadata (RFC 8414)", "The pre-authorized code grant only, anonymous access (no client authentication).")
            .Produces<System.Text.Json.Nodes.JsonObject>();
        routes.MapPost(IssuerMetadata.TokenPath, Token).WithTags("OpenID4VCI").AllowAnonymous().RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Token endpoint: a pre-authorized code (and tx_code) for an access token",
                "Form fields grant_type = urn:ietf:params:oauth:grant-type:pre-authorized_code, pre-authorized_code, tx_code when the offer has one. "
                + "Each code works once and expires (OpenId4Vci:OfferLifetime); 5 wrong tx_codes end the offer.")
            .Accepts<TokenForm>("application/x-www-form-urlencoded").Produces<TokenResponse>()
            .WithProblems("oauth-invalid-request", "oauth-invalid-grant", "oauth-unsupported-grant-type");
        routes.MapPost(IssuerMetadata.NoncePath, Nonce).WithTags("OpenID4VCI").AllowAnonymous().RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Nonce endpoint: a fresh c_nonce", "Each c_nonce proves one proof of possession fresh, once, within OpenId4Vci:NonceLifetime.")
            .Produces<NonceResponse>();
        routes.MapPost(IssuerMetadata.CredentialPath, Credential).WithTags("OpenID4VCI").AllowAnonymous().RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Credential endpoint: the offered credential, bound to the key the proof shows",
                "`Authorization: Bearer <access_token>`; body {credential_configuration_id, proofs: {jwt: [proof]}} (the draft's singular `proof` is read too). "
                + "The proof: typ openid4vci-proof+jwt, jwk header, aud = credential_issuer, nonce = a c_nonce, iat recent. Each offered configuration once per token.")
            .Accepts<CredentialRequest>("application/json").Produces<CredentialResponse>()
            .WithProblems("oauth-invalid-token", "oid4vci-invalid-credential-request", "oid4vci-unknown-credential-configuration", "oid4vci-invalid-proof",
                "oid4vci-invalid-nonce", "oid4vci-credential-request-denied", "malformed-json");
    }

    private static async Task<IResult> Token(HttpRequest request, OpenId4VciStore store, IOptions<OpenId4VciOptions> options, CancellationToken ct)
    {
        Microsoft.AspNetCore.Http.IFormCollection form;
        if (!request.HasFormContentType) return OAuth("invalid_request", "send the token request as application/x-www-form-urlencoded");
        try { form = await request.ReadFormAsync(ct); }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        { return OAuth("invalid_request", "the form could not be read: " + e.Message); }
        string? grant = Single(form, "grant_type"), code = Single(form, "pre-authorized_code");
        // Some wallets still send the draft's user_pin beside (or instead of) tx_code.
        string? tx = Single(form, "tx_code") ?? Single(form, "user_pin");
        if (grant is null) return OAuth("invalid_request", "grant_type is required (once)");
        if (grant != IssuerMetadata.PreAuthorizedGrant) return OAuth("unsupported_grant_type", $"only {IssuerMetadata.PreAuthorizedGrant} is supported");
        if (code is null || code.Length > 200) return OAuth("invalid_request", "pre-authorized_code is required (once)");
        if (tx is { Length: > 32 }) return OAuth("invalid_request", "tx_code is too long");
        var (token, _, reason) = await store.RedeemAsync(code, tx, ct);
        if (token is null) return OAuth("invalid_grant", reason);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)options.Value.AccessTokenLifetime.TotalSeconds));
    }

    private static async Task<IResult> Nonce(HttpContext http, OpenId4VciStore store, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new NonceResponse(await store.NewNonceAsync(ct)));
    }

    private static async Task<IResult> Credential(HttpContext http, [FromBody] CredentialRequest? body, OpenId4VciStore store, OpenId4VciIssuer issuer,
        CancellationToken ct)
    {
        string authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length > 300)
            return Unauthorized(http, "send the access token of the token endpoint as Authorization: Bearer");
        var token = await store.FindTokenAsync(authorization["Bearer ".Length..].Trim(), ct);
        if (token is null) return Unauthorized(http, "the access token is unknown or expired");
        if (body is null) return OAuth("invalid_credential_request", "the body must be a JSON object");
        var proofs = body.Proofs?.Jwt ?? (body.Proof is { } single ? (single.ProofType is null or "jwt" ? [single.Jwt ?? ""] : []) : null);
        if (proofs is null || proofs.Count != 1)
            return OAuth("invalid_credential_request", "send exactly one proof as proofs.jwt[0] (the jwt proof type is the one supported)");
        try
        {
            var (credential, _) = await issuer.IssueAsync(token, body.CredentialConfigurationId, proofs[0], ct);
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new CredentialResponse([new IssuedCredentialEntry(credential)]));
        }
        catch (OpenId4VciException e) when (e.Status == 401)
        {
            return Unauthorized(http, e.Message);
        }
        catch (OpenId4VciException e)
        {
            return OAuth(e.Error, e.Message);
        }
    }

    private static string? Single(Microsoft.AspNetCore.Http.IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static IResult Unauthorized(HttpContext http, string description)
    {
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\"";
        return Problems.Of(StatusCodes.Status401Unauthorized, "oauth-invalid-token", "The access token is not accepted", description,
            new Dictionary<string, object?> { ["error"] = "invalid_token", ["error_description"] = description });
    }

    /// <summary>A 400 in both languages: problem details whose type names the error, with OAuth's error and error_description.</summary>
    public static IResult OAuth(string error, string description)
    {
        string code = error switch
        {
            "invalid_request" or "invalid_grant" or "unsupported_grant_type" => "oauth-" + error.Replace('_', '-'),
            _ => "oid4vci-" + error.Replace('_', '-'),
        };
        return Problems.Of(StatusCodes.Status400BadRequest, code, ProblemCatalog.Get(code).First().Title, description,
            new Dictionary<string, object?> { ["error"] = error, ["error_description"] = description });
    }
}

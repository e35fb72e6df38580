using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustLedger.Api.Credentials;

/// <summary>The holder's public key (JWK, EC secp256k1 or P-256) the SD-JWT VC is bound to (cnf.jwk).</summary>
public sealed record SdJwtIssueRequest(JsonElement? HolderKey);

/// <summary>An SD-JWT VC in its issued form (ends in '~'): keep every disclosure, present only those you choose.</summary>
public sealed record SdJwtIssued(string Format, string Credential, string Vct, string Subject, IReadOnlyList<string> Disclosable);

/// <summary>
/// <c>sdJwt</c>: the presentation (SD-JWT, the chosen disclosures, the KB-JWT). <c>audience</c> and
/// <c>nonce</c>: what the KB-JWT must name; leave both out only to check an SD-JWT without key binding.
/// </summary>
public sealed record SdJwtVerifyRequest(string? SdJwt, string? Audience, string? Nonce);

public sealed record SdJwtCheckView(string Check, string Outcome, string Code, string Message);

public sealed record SdJwtVerdictView(bool Trusted, string Code, string Reason);

/// <summary>Every check, the verdict, and the claims as disclosed (the holder's choice; withheld members are absent).</summary>
public sealed record SdJwtVerifyResponse(bool Verified, SdJwtVerdictView Verdict, IReadOnlyList<SdJwtCheckView> Checks, string? Issuer, string? Vct,
    IReadOnlyList<string> Disclosed, JsonObject? Claims);

internal static class SdJwtExamples
{
    public static readonly object IssueRequest = new
    {
        holderKey = new { kty = "EC", crv = "secp256k1", x = "8Q8HqW7mT3dQ0YV5-kK0vBqZr3Dp6u3sJ4yT1G7mQhA", y = "yU5Q0n8Bv3m6m6YqK8YxwZfG3H8dC5kqWm3b1t2s9aE" },
    };

    public static readonly object VerifyRequest = new
    {
        sdJwt = "eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJkYytzZC1qd3QiLCJraWQiOiIuLi4ifQ.eyJpc3MiOiIuLi4ifQ.c2ln~WyJzYWx0IiwicmF0aW5nIiw1XQ~eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJrYitqd3QifQ.eyJub25jZSI6Ii4uLiJ9.c2ln",
        audience = "https://verifier.example",
        nonce = "n-0S6_WzA2Mj",
    };

    public static JsonElement Empty => JsonSerializer.SerializeToElement(new { });
}

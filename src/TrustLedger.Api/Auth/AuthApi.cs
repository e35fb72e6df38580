using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Auth;

public sealed record NonceResponse(string Nonce, DateTimeOffset ExpiresAt);

/// <param name="Message">The EIP-4361 message exactly as signed.</param>
/// <param name="Signature">0x hex: the 65-byte personal_sign signature, or a contract wallet's ERC-1271 signature.</param>
public sealed record LoginRequest(string? Message, string? Signature);

public sealed record RefreshRequest(string? RefreshToken);

/// <param name="ExpiresIn">Seconds the access token is valid.</param>
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

public sealed record MeResponse(string Address, IReadOnlyList<string> Roles);

/// <summary>A JSON Web Key Set (RFC 7517): the public keys that verify our access tokens.</summary>
public sealed record JsonWebKeySetView(IReadOnlyList<object> Keys);

public static class AuthApi
{
    /// <summary>POST /v1/auth/nonce, login, refresh, logout; GET /v1/auth/me; GET /.well-known/jwks.json.</summary>
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", (TokenKeys keys) =>
                TypedResults.Ok(new { keys = keys.PublicJwk is { } jwk ? new[] { new { jwk.Kty, jwk.Crv, jwk.X, jwk.Y, jwk.Kid, use = "sig", alg = keys.Algorithm } } : [] }))
            .WithTags("Auth").NeedsNoDependency()
            .Documented("Public key of our access tokens (JWKS)",
                "The JSON Web Key Set a resource server needs to check our access tokens itself. Holds the ES256 public key; empty when tokens are HS256 (a shared secret is never published).")
            .Produces<JsonWebKeySetView>();

        var group = routes.MapGroup("/v1/auth").WithTags("Auth");
        group.MapPost("/nonce", IssueNonceAsync)
            .Documented("Step 1 of sign-in: a fresh single-use nonce",
                "Put it in the EIP-4361 (Sign-In with Ethereum) message the wallet signs next; it expires after Auth:NonceLifetime (5 minutes) and works once.")
            .WithResponseExample(StatusCodes.Status200OK, new NonceResponse("f3b1c0de9a8e4d2c", DateTimeOffset.Parse("2026-12-03T10:05:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        group.MapPost("/login", LoginAsync)
            .Documented("Step 2 of sign-in: exchange a signed EIP-4361 message for tokens",
                """
                Send the message exactly as signed with `personal_sign` and the signature. The domain must be this service's
                (Auth:Domain), the URI this service, the chain id the service's chain, the nonce one from POST /v1/auth/nonce.
                Answers an access token (Bearer, Auth:AccessTokenLifetime) and a refresh token (single use, rotated by
                POST /v1/auth/refresh). Contract wallets sign with ERC-1271.
                """)
            .WithProblems("siwe-invalid-message", "siwe-domain-mismatch", "siwe-uri-mismatch", "siwe-chain-mismatch", "siwe-nonce-invalid",
                "siwe-expired", "siwe-not-yet-valid", "siwe-signature-invalid")
            .WithRequestExample(new LoginRequest(
                "127.0.0.1:5080 wants you to sign in with your Ethereum account:\n0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n\nSign in to TrustLedger.\n\nURI: http://127.0.0.1:5080/\nVersion: 1\nChain ID: 31337\nNonce: f3b1c0de9a8e4d2c\nIssued At: 2026-12-03T10:00:00Z",
                "0x" + new string('a', 128) + "1b"));
        group.MapPost("/refresh", RefreshAsync)
            .Documented("Rotate a refresh token: new access and refresh tokens; the old one is spent",
                "A refresh token works once. Presenting a spent one again revokes its whole session (401 refresh-token-reused): a copy may be in other hands.")
            .WithProblems("token-invalid", "refresh-token-reused")
            .WithRequestExample(new RefreshRequest("rt_5f2c..."));
        group.MapPost("/logout", LogoutAsync)
            .Documented("End the session of a refresh token", "The refresh token and its session end; 204 whether or not the token was known.")
            .Produces(StatusCodes.Status204NoContent)
            .WithRequestExample(new RefreshRequest("rt_5f2c..."));
        group.MapGet("/me", Me).RequireAuthorization(Roles.Party)
            .Documented("The signed-in address and its roles", "Roles: party (every signed-in address), issuer and admin (configured addresses).");
        return group;
    }

    private static async Task<Ok<NonceResponse>> IssueNonceAsync(Nonces nonces, HttpContext http, CancellationToken ct)
    {
        var (nonce, expiresAt) = await nonces.IssueAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new NonceResponse(nonce, expiresAt));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> LoginAsync(
        LoginRequest request, SiweVerifier verifier, Sessions sessions, AccessTokens tokens, HttpContext http, ILogger<SiweVerifier> logger, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Message)) errors["message"] = ["the signed EIP-4361 message is required"];
        if (string.IsNullOrEmpty(request.Signature)) errors["signature"] = ["the 0x hex signature is required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (address, problem) = await verifier.VerifyAsync(request.Message!, request.Signature!, http.Request, ct);
        if (problem is not null)
        {
            logger.LogInformation("Sign-in refused: {Code} ({Detail})", problem.Code, problem.Detail);
            return problem.ToResult();
        }
        var (sessionId, refreshToken) = await sessions.StartAsync(address!.Value, ct);
        logger.LogInformation("Signed in {Address} (session {Session})", address, sessionId);
        return TypedResults.Ok(Issue(tokens, address.Value, sessionId, refreshToken, http));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> RefreshAsync(
        RefreshRequest request, Sessions sessions, AccessTokens tokens, HttpContext http, ILogger<Sessions> logger, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["the refresh token is required"] });
        switch (await sessions.RotateAsync(request.RefreshToken, ct))
        {
            case Rotation.Rotated rotated:
                return TypedResults.Ok(Issue(tokens, rotated.Address, rotated.SessionId, rotated.RefreshToken, http));
            case Rotation.Reused:
                logger.LogWarning("A spent refresh token was presented again; its session is revoked");
                return AuthProblem.RefreshTokenReused("this refresh token was used before, so a copy may be in other hands; sign in again").ToResult();
            default:
                return AuthProblem.TokenInvalid("the refresh token is unknown, expired, or its session has ended").ToResult();
        }
    }

    private static async Task<NoContent> LogoutAsync(RefreshRequest request, Sessions sessions, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(request.RefreshToken)) await sessions.EndAsync(request.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(user.Address()!.Value.ToString(), user.FindAll(AuthClaims.Role).Select(c => c.Value).ToList()));

    private static TokenResponse Issue(AccessTokens tokens, EthAddress address, string sessionId, string refreshToken, HttpContext http)
    {
        var (accessToken, _) = tokens.Issue(address, sessionId);
        // RFC 6749 §5.1: token responses must not be cached.
        http.Response.Headers.CacheControl = "no-store";
        return new TokenResponse(accessToken, refreshToken, (int)tokens.Lifetime.TotalSeconds);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using TrustLedger.Api.Hosting;

namespace TrustLedger.Api.Auth;

/// <summary>
/// An auth failure as RFC 9457 problem details; <see cref="Code"/> is the last segment of the
/// stable <c>type</c> URI (https://trustledger.dev/problems/&lt;code&gt;). docs/auth.md lists them all.
/// </summary>
public sealed record AuthProblem(int Status, string Code, string Title, string Detail)
{
    public ProblemHttpResult ToResult() =>
        TypedResults.Problem(detail: Detail, statusCode: Status, title: Title, type: ProblemResponses.Type(Code));

    // The message as such: 400 when it is not EIP-4361, 422 when it is but names another site or chain.
    public static AuthProblem InvalidMessage(string detail) => new(400, "siwe-invalid-message", "Not a valid Sign-In with Ethereum message", detail);
    public static AuthProblem DomainMismatch(string detail) => new(422, "siwe-domain-mismatch", "The message is for another domain", detail);
    public static AuthProblem UriMismatch(string detail) => new(422, "siwe-uri-mismatch", "The message's URI is not this service", detail);
    public static AuthProblem ChainMismatch(string detail) => new(422, "siwe-chain-mismatch", "The message is for another chain", detail);

    // Proof of the address: 401, the caller is not authenticated.
    public static AuthProblem NonceInvalid(string detail) => new(401, "siwe-nonce-invalid", "Unknown, used or expired nonce", detail);
    public static AuthProblem Expired(string detail) => new(401, "siwe-expired", "The message has expired", detail);
    public static AuthProblem NotYetValid(string detail) => new(401, "siwe-not-yet-valid", "The message is not valid yet", detail);
    public static AuthProblem SignatureInvalid(string detail) => new(401, "siwe-signature-invalid", "The signature is not by the message's address", detail);

    public static AuthProblem ChainUnavailable(string detail) => new(503, "chain-unavailable", "The chain cannot be reached", detail);

    // Tokens.
    public static AuthProblem TokenMissing(string detail) => new(401, "token-missing", "Authentication required", detail);
    public static AuthProblem TokenExpired(string detail) => new(401, "token-expired", "The token has expired", detail);
    public static AuthProblem TokenInvalid(string detail) => new(401, "token-invalid", "The token is not accepted", detail);
    public static AuthProblem RefreshTokenReused(string detail) => new(401, "refresh-token-reused", "Refresh token used twice; the session is revoked", detail);

    // Authorization.
    public static AuthProblem RoleRequired(string detail) => new(403, "role-required", "A role this request needs is missing", detail);
    public static AuthProblem NotSelf(string detail) => new(403, "not-self", "Acting for another address", detail);
}

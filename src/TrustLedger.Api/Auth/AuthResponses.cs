using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;
using TrustLedger.Core.Auth;

namespace TrustLedger.Api.Auth;

/// <summary>
/// 401 and 403 as problem details with stable types. The reason a token failed is named in
/// general terms (expired, audience, issuer, signature), never with the token's content.
/// </summary>
public static class AuthResponses
{
    public static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var problem = Classify(context.AuthenticateFailure, context.Request.Headers.Authorization.Count > 0);
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.Headers.WWWAuthenticate = problem.Code == "token-missing"
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{problem.Title}\"";
        await problem.ToResult().ExecuteAsync(context.HttpContext);
    }

    private static AuthProblem Classify(Exception? failure, bool sentAuthorization) => failure switch
    {
        null => AuthProblem.TokenMissing(sentAuthorization
            ? "the Authorization header must be 'Bearer <access token>'"
            : "send 'Authorization: Bearer <access token>' (POST /v1/auth/login gives one)"),
        SecurityTokenExpiredException => AuthProblem.TokenExpired("the access token has expired; POST /v1/auth/refresh for a new one"),
        SecurityTokenNotYetValidException => AuthProblem.TokenInvalid("the token is not valid yet (nbf)"),
        SecurityTokenInvalidLifetimeException or SecurityTokenNoExpirationException => AuthProblem.TokenInvalid("the token's lifetime (exp, nbf) is missing or invalid"),
        SecurityTokenInvalidAudienceException => AuthProblem.TokenInvalid("the token's audience is not this API"),
        SecurityTokenInvalidIssuerException => AuthProblem.TokenInvalid("the token's issuer is not accepted"),
        SecurityTokenInvalidAlgorithmException => AuthProblem.TokenInvalid("the token's signature algorithm is not accepted"),
        SecurityTokenInvalidTypeException => AuthProblem.TokenInvalid("the token is not an access token (typ)"),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => AuthProblem.TokenInvalid("the token's signature is not valid"),
        BearerValidation.SessionEndedException => AuthProblem.TokenInvalid(
            "the token's sign-in session has ended (logout, or a refresh token was used twice): sign in again"),
        SecurityTokenMalformedException or ArgumentException => AuthProblem.TokenInvalid("the token is not a well-formed JWT"),
        AggregateException { InnerExceptions.Count: > 0 } all => Classify(all.InnerExceptions[0], sentAuthorization),
        _ => AuthProblem.TokenInvalid("the token is not accepted"),
    };

    /// <summary>
    /// Turns an authorization "forbidden" into a problem naming the missing role; challenges and
    /// successes go on as the default handler does them.
    /// </summary>
    public sealed class ResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if (!result.Forbidden || context.User.Identity?.IsAuthenticated != true)
            {
                await _default.HandleAsync(next, context, policy, result);
                return;
            }
            var roles = result.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>()
                .SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
            var problem = AuthProblem.RoleRequired(roles.Count > 0
                ? $"this needs the role {string.Join(" or ", roles)}; {(context.User.Address() is { } a ? $"{a} holds {RolesOf(context)}" : "the token names no address")}"
                : "the signed-in caller may not do this");
            context.Response.StatusCode = problem.Status;
            await problem.ToResult().ExecuteAsync(context);
        }

        private static string RolesOf(HttpContext context)
        {
            var roles = context.User.FindAll(AuthClaims.Role).Select(c => c.Value).ToList();
            return roles.Count > 0 ? string.Join(", ", roles) : "no role";
        }
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Auth;

/// <summary>
/// What endpoints ask of the signed-in caller. A party acts only for its own address:
/// <code>
/// if (user.RequireSelf(request.Attester) is { } forbidden) return forbidden;
/// </code>
/// or, for a route such as <c>/v1/parties/{address}</c>, <c>.RequireSelf("address")</c> on the endpoint.
/// </summary>
public static class PrincipalExtensions
{
    /// <summary>The address the caller signed in as; null when anonymous (or an external token without one).</summary>
    public static EthAddress? Address(this ClaimsPrincipal user) =>
        user.FindFirst(AuthClaims.Address)?.Value is { } value && EthAddress.TryParse(value, out var address) ? address : null;

    public static bool IsSelf(this ClaimsPrincipal user, EthAddress address) => user.Address() == address;

    /// <summary>Any case is accepted; a mixed-case address with a wrong EIP-55 checksum is not anyone's.</summary>
    public static bool IsSelf(this ClaimsPrincipal user, string address) =>
        EthAddress.TryParse(address, out var parsed) && user.IsSelf(parsed);

    /// <summary>Null when the caller is <paramref name="address"/>; otherwise the 403 (not-self) to return.</summary>
    public static ProblemHttpResult? RequireSelf(this ClaimsPrincipal user, EthAddress address) =>
        user.IsSelf(address) ? null : NotSelf(user, address.ToString());

    /// <inheritdoc cref="RequireSelf(ClaimsPrincipal, EthAddress)"/>
    public static ProblemHttpResult? RequireSelf(this ClaimsPrincipal user, string address) =>
        user.IsSelf(address) ? null : NotSelf(user, address);

    /// <summary>
    /// Requires the party role and that the route value <paramref name="routeParameter"/> is the
    /// caller's own address: 400 (invalid-address) when it is no address, 403 (not-self) when
    /// it is someone else's.
    /// </summary>
    public static TBuilder RequireSelf<TBuilder>(this TBuilder builder, string routeParameter = "address") where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Roles.Party);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var value = context.HttpContext.GetRouteValue(routeParameter)?.ToString();
            if (value is null || !EthAddress.TryParse(value, out var address))
                return TypedResults.Problem(statusCode: 400, type: ProblemResponses.Type("invalid-address"), title: "Not an address",
                    detail: $"'{routeParameter}' must be 0x + 40 hex digits (with a valid EIP-55 checksum when mixed case)");
            return context.HttpContext.User.RequireSelf(address) ?? await next(context);
        });
        return builder;
    }

    private static ProblemHttpResult NotSelf(ClaimsPrincipal user, string address) =>
        AuthProblem.NotSelf(user.Address() is { } self
            ? $"signed in as {self}; this acts for {address}, which only {address} itself may do"
            : "this needs a caller signed in with an Ethereum address").ToResult();
}

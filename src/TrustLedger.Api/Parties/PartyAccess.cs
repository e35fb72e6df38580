using System.Security.Claims;
using TrustLedger.Api.Hosting;

namespace TrustLedger.Api.Parties;

/// <summary>A party acts only for its own address; an admin may act for anyone.</summary>
public static class PartyAccess
{
    public static IResult? Deny(HttpContext http, string address)
    {
        if (http.User.Identity?.IsAuthenticated != true)
            return Problems.Of(StatusCodes.Status401Unauthorized, "unauthorized", "Sign in first", "this needs a bearer token (POST /v1/auth/login)");
        var signedIn = http.User.FindFirstValue("sub") ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.Equals(signedIn, address, StringComparison.OrdinalIgnoreCase) || http.User.IsInRole("admin")) return null;
        return Problems.Forbidden($"signed in as {signedIn}, which cannot act for {address}");
    }
}

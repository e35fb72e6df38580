using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Auth;

/// <summary>
/// Our short-lived access tokens: a JWT (RFC 9068 profile, <c>typ: at+jwt</c>) with
/// <c>sub</c> = lower-case address, the roles the address holds now, and the sign-in session id.
/// </summary>
public sealed class AccessTokens(TokenKeys keys, RoleGrants roles, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string TokenType = "at+jwt";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    public (string Token, DateTimeOffset ExpiresAt) Issue(EthAddress address, string sessionId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.AccessTokenLifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.TokenIssuer,
            Audience = options.Value.TokenAudience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = TokenType,
            SigningCredentials = keys.Signing,
            Claims = new Dictionary<string, object>
            {
                [AuthClaims.Subject] = address.ToLowerHex(),
                [AuthClaims.Role] = roles.RolesOf(address).ToArray(),
                [AuthClaims.Session] = sessionId,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
        });
        return (token, expires);
    }
}

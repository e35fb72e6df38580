using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Auth;

/// <summary>
/// JwtBearer settings for our own tokens and for an external OpenID Connect authority. Both
/// validate issuer, audience, lifetime and signature with a pinned algorithm list; both then
/// replace whatever roles the token claims: ours with the ones configuration grants its address,
/// after checking its sign-in session is still live (logout and refresh-token reuse end access at
/// once); an external one with the party role alone, and only for a configured address claim.
/// </summary>
public static class BearerValidation
{
    /// <summary>The access token is well signed, but its sign-in session was ended (logout, refresh-token reuse) or has run out.</summary>
    public sealed class SessionEndedException() : SecurityTokenValidationException("the token's sign-in session has ended");

    /// <summary>Our tokens (SIWE sign-in).</summary>
    public const string OwnScheme = "TrustLedger";

    /// <summary>Tokens of Auth:Authority.</summary>
    public const string ExternalScheme = "External";

    /// <summary>The default scheme: picks one of the two by the token's issuer.</summary>
    public const string SelectorScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Asymmetric algorithms only: an identity provider never shares an HMAC secret with us.</summary>
    private static readonly string[] ExternalAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// Routes a request to the scheme whose issuer the (not yet validated) token names; the
    /// chosen scheme then validates everything. Without an external authority: always ours.
    /// </summary>
    public static string SelectScheme(HttpContext context, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.Authority)) return OwnScheme;
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return OwnScheme;
        try
        {
            var issuer = new JsonWebToken(header["Bearer ".Length..].Trim()).Issuer;
            return issuer == options.TokenIssuer ? OwnScheme : ExternalScheme;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return OwnScheme; // malformed: let our handler reject it with the usual problem
        }
    }

    public sealed class ConfigureOwn(TokenKeys keys, RoleGrants roles, Sessions sessions, IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != OwnScheme) return;
            var settings = auth.Value;
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.TokenIssuer,
                ValidAudience = settings.TokenAudience,
                IssuerSigningKey = keys.ValidationKey,
                ValidAlgorithms = [keys.Algorithm],
                ValidTypes = [AccessTokens.TokenType],
                TryAllIssuerSigningKeys = false,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = settings.ClockSkew,
                NameClaimType = AuthClaims.Subject,
                RoleClaimType = AuthClaims.Role,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    // We issue sub as lower-case hex and sid as the sign-in session; anything else did not come from us.
                    var sub = context.Principal?.FindFirst(AuthClaims.Subject)?.Value;
                    var sid = context.Principal?.FindFirst(AuthClaims.Session)?.Value;
                    if (sub is null || sub != sub.ToLowerInvariant() || !EthAddress.TryParse(sub, out var address))
                        context.Fail(new SecurityTokenValidationException("sub is not a lower-case address"));
                    else if (string.IsNullOrEmpty(sid) || !await sessions.IsActiveAsync(sid, context.HttpContext.RequestAborted))
                        context.Fail(new SessionEndedException());
                    else
                        roles.Apply((ClaimsIdentity)context.Principal!.Identity!, address);
                },
                OnChallenge = AuthResponses.WriteChallengeAsync,
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }

    public sealed class ConfigureExternal(RoleGrants roles, IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != ExternalScheme) return;
            var settings = auth.Value;
            options.Authority = settings.Authority;
            options.Audience = settings.Audience;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.MapInboundClaims = false;
            // The authority's issuer and signing keys come from its discovery document.
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = settings.Audience,
                ValidAlgorithms = ExternalAlgorithms,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = settings.ClockSkew,
                RoleClaimType = AuthClaims.Role,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    // The identity provider vouches for the address in the configured claim, but never
                    // proved control of its key: party only (issuer and admin need a SIWE sign-in).
                    var value = string.IsNullOrEmpty(settings.AddressClaim) ? null : context.Principal?.FindFirst(settings.AddressClaim)?.Value;
                    EthAddress? address = value is not null && EthAddress.TryParse(value, out var parsed) ? parsed : null;
                    roles.Apply((ClaimsIdentity)context.Principal!.Identity!, address, partyOnly: true);
                    return Task.CompletedTask;
                },
                OnChallenge = AuthResponses.WriteChallengeAsync,
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}

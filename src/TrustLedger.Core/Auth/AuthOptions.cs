namespace TrustLedger.Core.Auth;

/// <summary>Sign-in, tokens and roles (configuration section "Auth"). See docs/auth.md.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The RFC 3986 authority a SIWE message must name (e.g. "app.trustledger.dev" or
    /// "localhost:5173"). Empty: the Host of the login request itself, which only Development and
    /// Testing allow (a Host header is the caller's to choose).
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>
    /// The origin (scheme://host[:port]) the message's URI must belong to. Empty: the URI's
    /// authority must equal <see cref="Domain"/> (or the request's host), over https, or over
    /// http when the login request itself came over http.
    /// </summary>
    public string? Origin { get; set; }

    /// <summary>Our access tokens' <c>iss</c>.</summary>
    public string TokenIssuer { get; set; } = "trustledger";

    /// <summary>Our access tokens' <c>aud</c>.</summary>
    public string TokenAudience { get; set; } = "trustledger-api";

    /// <summary>
    /// HS256 secret (base64 or base64url, at least 32 bytes) or an EC P-256 private key in PEM
    /// (ES256). Env TRUSTLEDGER_JWT_KEY. Required outside Development and Testing.
    /// </summary>
    public string? SigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one refresh token may wait to be used; each rotation starts a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Absolute end of a sign-in: after this the wallet must sign again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerated clock difference for token lifetimes and the message's times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An external OpenID Connect authority whose access tokens are accepted beside ours
    /// (JwtBearer metadata discovery). Empty: only our own tokens.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience the external authority's tokens must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The claim of an external token that holds the Ethereum address it acts for (e.g. "eth_address"),
    /// which the provider must have verified. Empty (the default): external tokens act for no address
    /// and hold no role. Set: the address acts as a party only, never as issuer or admin, whatever
    /// Auth:Admins and Auth:Issuers say: those roles need a Sign-In with Ethereum, a proof of the key.
    /// </summary>
    public string? AddressClaim { get; set; }

    /// <summary>Only for an authority on http://localhost in development; never in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

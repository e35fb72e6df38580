using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Auth;

/// <summary>
/// The roles, which are also the authorization policy names:
/// <c>.RequireAuthorization(Roles.Admin)</c>.
/// </summary>
public static class Roles
{
    /// <summary>Every signed-in address; acts only for itself (see <see cref="PrincipalExtensions.IsSelf(ClaimsPrincipal, EthAddress)"/>).</summary>
    public const string Party = "party";

    /// <summary>Issues credentials, runs reward programs (Auth:Issuers).</summary>
    public const string Issuer = "issuer";

    /// <summary>Registers schemas, manages the service (Auth:Admins).</summary>
    public const string Admin = "admin";
}

/// <summary>Claim types on an authenticated principal, whichever scheme signed it in.</summary>
public static class AuthClaims
{
    /// <summary>The lower-case hex address the principal acts for; set only by our own token validation.</summary>
    public const string Address = "address";

    public const string Role = "role";
    public const string Subject = "sub";
    public const string Session = "sid";
}

/// <summary>
/// Who holds which role, from configuration (Auth:Admins, Auth:Issuers; env TRUSTLEDGER_ADMINS,
/// TRUSTLEDGER_ISSUERS, comma-separated). Roles are looked up on every request rather than
/// trusted from the token, so removing an address takes effect at the next restart, not only
/// when its tokens run out.
/// </summary>
public sealed class RoleGrants
{
    private readonly HashSet<EthAddress> _admins;
    private readonly HashSet<EthAddress> _issuers;

    public RoleGrants(IEnumerable<EthAddress> admins, IEnumerable<EthAddress> issuers)
    {
        _admins = [.. admins];
        _issuers = [.. issuers];
    }

    public IReadOnlyCollection<EthAddress> Admins => _admins;
    public IReadOnlyCollection<EthAddress> Issuers => _issuers;

    public IReadOnlyList<string> RolesOf(EthAddress address)
    {
        var roles = new List<string>(3) { Roles.Party };
        if (_issuers.Contains(address)) roles.Add(Roles.Issuer);
        if (_admins.Contains(address)) roles.Add(Roles.Admin);
        return roles;
    }

    /// <summary>Reads Auth:Admins and Auth:Issuers, each a JSON array, a comma-separated string, or both.</summary>
    public static RoleGrants FromConfiguration(IConfiguration configuration) =>
        new(ReadList(configuration, "Auth:Admins"), ReadList(configuration, "Auth:Issuers"));

    private static List<EthAddress> ReadList(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var addresses = new List<EthAddress>();
        foreach (var entry in entries)
        {
            if (!EthAddress.TryParse(entry, out var address))
                throw new StartupFailure($"{key} holds '{entry}', which is not an address (0x + 40 hex digits, valid EIP-55 checksum when mixed case)");
            addresses.Add(address);
        }
        return addresses;
    }

    /// <summary>
    /// Puts the address and its current roles on an identity that a token handler validated:
    /// whatever role or address claims the token itself carried are dropped first. With
    /// <paramref name="partyOnly"/> (a token from an external identity provider, which vouches for
    /// an address claim but never proved control of its key) the address acts as a party only:
    /// issuer and admin need a Sign-In with Ethereum, whatever configuration grants the address.
    /// </summary>
    public void Apply(ClaimsIdentity identity, EthAddress? address, bool partyOnly = false)
    {
        foreach (var claim in identity.Claims.Where(c => c.Type is AuthClaims.Role or AuthClaims.Address).ToList())
            identity.RemoveClaim(claim);
        if (address is not { } a) return;
        identity.AddClaim(new Claim(AuthClaims.Address, a.ToLowerHex()));
        foreach (var role in partyOnly ? [Roles.Party] : RolesOf(a)) identity.AddClaim(new Claim(AuthClaims.Role, role));
    }
}

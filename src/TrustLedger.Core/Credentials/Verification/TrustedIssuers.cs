using System.Globalization;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Data;
using TrustLedger.Core.Trust;

namespace TrustLedger.Core.Credentials;

/// <summary>
/// The issuers verification accepts: this service's own issuer (every type), and the issuers admins
/// put on the governed list (<see cref="TrustLists.Issuers"/>), each only for the credential types
/// in its scope. Read from the database on every verification, so a removal takes effect at once
/// on every replica. Any spelling of an Ethereum DID (did:pkh, did:ethr, either address case) maps
/// to one entry: the account on its chain. A did:key or did:web is listed as written (its key, or
/// its host, is what the entry trusts).
/// </summary>
public sealed class TrustedIssuers(Database db, IssuerKeys ours, IssuerDidWeb? ourWeb = null) : ITrustedIssuers
{
    /// <summary>The one spelling the list stores: did:pkh:eip155:&lt;chainId&gt;:&lt;lower-case address&gt;.</summary>
    public static string Canonical(EthDid did) =>
        $"did:pkh:eip155:{did.ChainId.ToString(CultureInfo.InvariantCulture)}:{did.Address.ToLowerHex()}";

    /// <summary>The spelling the list stores for any DID verification resolves; false (with why) for others.</summary>
    public static bool TryCanonical(string did, out string canonical, out string error)
    {
        canonical = "";
        if (!DidIdentity.IsResolvable(did, out error)) return false;
        canonical = EthDid.TryParse(did, out var eth, out _) ? Canonical(eth!) : did;
        return true;
    }

    public async ValueTask<IssuerTrust> CheckAsync(string issuer, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        if (ours.FindPublicKey(issuer) is not null || issuer == ourWeb?.Did) return new(IssuerStanding.Trusted, $"{issuer} is this service's issuer and signed");
        var entry = TryCanonical(issuer, out var canonical, out _) ? await TrustLists.FindAsync(db, TrustLists.Issuers, canonical, cancellationToken) : null;
        if (entry is null)
            return new(IssuerStanding.Untrusted,
                $"{issuer} signed, but is neither this service's issuer nor on its trusted-issuer list (GET /v1/trusted-issuers)");
        // A credential of the base type only is in scope when the entry lists VerifiableCredential itself.
        var claimed = types.Count > 0 ? types : [VcConstants.VerifiableCredentialType];
        var outside = claimed.Where(t => !entry.ScopeItems.Contains(t, StringComparer.Ordinal)).ToList();
        return outside.Count == 0
            ? new(IssuerStanding.Trusted, $"{issuer} ({entry.Name}) is a trusted issuer of {string.Join(", ", claimed)} and signed")
            : new(IssuerStanding.NotForType,
                $"{issuer} ({entry.Name}) is trusted for {string.Join(", ", entry.ScopeItems)} only, not for {string.Join(", ", outside)}");
    }
}

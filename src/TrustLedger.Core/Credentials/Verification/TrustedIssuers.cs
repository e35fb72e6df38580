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
/// to one entry: the account on its chain.
/// </summary>
public sealed class TrustedIssuers(Database db, IssuerKeys ours) : ITrustedIssuers
{
    /// <summary>The one spelling the list stores: did:pkh:eip155:&lt;chainId&gt;:&lt;lower-case address&gt;.</summary>
    public static string Canonical(EthDid did) =>
        $"did:pkh:eip155:{did.ChainId.ToString(CultureInfo.InvariantCulture)}:{did.Address.ToLowerHex()}";

    public async ValueTask<IssuerTrust> CheckAsync(EthDid issuer, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        if (ours.FindPublicKey(issuer.Did) is not null) return new(IssuerStanding.Trusted, $"{issuer.Did} is this service's issuer and signed");
        var entry = await TrustLists.FindAsync(db, TrustLists.Issuers, Canonical(issuer), cancellationToken);
        if (entry is null)
            return new(IssuerStanding.Untrusted,
                $"{issuer.Did} signed, but is neither this service's issuer nor on its trusted-issuer list (GET /v1/trusted-issuers)");
        // A credential of the base type only is in scope when the entry lists VerifiableCredential itself.
        var claimed = types.Count > 0 ? types : [VcConstants.VerifiableCredentialType];
        var outside = claimed.Where(t => !entry.ScopeItems.Contains(t, StringComparer.Ordinal)).ToList();
        return outside.Count == 0
            ? new(IssuerStanding.Trusted, $"{issuer.Did} ({entry.Name}) is a trusted issuer of {string.Join(", ", claimed)} and signed")
            : new(IssuerStanding.NotForType,
                $"{issuer.Did} ({entry.Name}) is trusted for {string.Join(", ", entry.ScopeItems)} only, not for {string.Join(", ", outside)}");
    }
}

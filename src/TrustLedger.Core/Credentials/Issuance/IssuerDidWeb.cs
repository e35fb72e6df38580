using System.Globalization;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Jose;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// Our issuer published as the did:web of the public base (Credentials:PublicBaseUrl; a local run:
/// did:web:127.0.0.1%3A5080), served at /.well-known/did.json. Its assertion methods are the issuer's
/// keys as JsonWebKey2020 (secp256k1 JWK, ES256K): #identity (signs did:pkh credentials, and did:ethr
/// ones until the first rotation) and #signing-1 … #signing-N, every signing key rotation has used up
/// to the current one (current first), so a credential signed before a rotation still finds its key.
/// alsoKnownAs names our did:ethr and did:pkh: the same issuer, by the DIDs its credentials carry.
/// Built from the key store each time (the signing keys are derived, nothing is stored).
/// </summary>
public sealed class IssuerDidWeb(IssuerKeys keys, CredentialUrls urls)
{
    public const string JwsSuiteContext = "https://w3id.org/security/suites/jws-2020/v1";
    public const string IdentityFragment = "identity";

    /// <summary>did:web of our public base.</summary>
    public string Did { get; } = WebDid.ForBase(urls.Base);

    public static string SigningFragment(int generation) => "signing-" + generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>The DID document (for <paramref name="did"/> only when it is ours; null otherwise).</summary>
    public JsonObject? DocumentFor(string did) => did == Did ? Document() : null;

    public JsonObject Document()
    {
        var methods = new JsonArray();
        var references = new JsonArray();
        void Add(string fragment, Crypto.EthPublicKey key)
        {
            string id = $"{Did}#{fragment}";
            methods.Add(new JsonObject { ["id"] = id, ["type"] = "JsonWebKey2020", ["controller"] = Did, ["publicKeyJwk"] = VcJwt.PublicJwk(key) });
            references.Add(id);
        }
        for (int generation = keys.Delegate?.Generation ?? 0; generation >= 1; generation--)
            Add(SigningFragment(generation), keys.DeriveSigningKey(generation).PublicKey);
        Add(IdentityFragment, keys.PublicKey);
        return new JsonObject
        {
            ["@context"] = new JsonArray(DidDocuments.DidCoreContext, JwsSuiteContext),
            ["id"] = Did,
            ["alsoKnownAs"] = new JsonArray(keys.EthrDid, keys.Identity.Did.Did),
            ["verificationMethod"] = methods,
            ["assertionMethod"] = references,
            ["authentication"] = references.DeepClone(),
        };
    }
}

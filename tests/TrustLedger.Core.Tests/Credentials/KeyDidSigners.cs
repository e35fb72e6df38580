using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>
/// A holder or issuer known only by a did:key, with a key generated in the test: signs compact JWS
/// with its own algorithm (ES256K, ES256 or EdDSA), the way a wallet would, not through our signer.
/// </summary>
internal sealed class KeyDidSigner
{
    private readonly Func<byte[], byte[]> _sign;

    private KeyDidSigner(KeyDid did, string algorithm, Func<byte[], byte[]> sign)
    {
        Did = did;
        Algorithm = algorithm;
        _sign = sign;
    }

    public KeyDid Did { get; }
    public string Algorithm { get; }
    public string Kid => Did.VerificationMethodId;

    public static KeyDidSigner Secp256k1()
    {
        var key = EthPrivateKey.Generate();
        return new(KeyDid.From(KeyDidType.Secp256k1, key.PublicKey.ToBytes(compressed: true)), "ES256K", input =>
        {
            var signature = new byte[64];
            EthSigner.SignCompact(SHA256.HashData(input), key, signature);
            return signature;
        });
    }

    public static KeyDidSigner P256()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdsa.ExportParameters(false).Q;
        byte[] compressed = [(byte)(0x02 | (q.Y![31] & 1)), .. q.X!];
        return new(KeyDid.From(KeyDidType.P256, compressed), "ES256", input => ecdsa.SignData(input, HashAlgorithmName.SHA256));
    }

    public static KeyDidSigner Ed25519Key()
    {
        var secret = new byte[Ed25519.SecretKeySize];
        Ed25519.GeneratePrivateKey(new SecureRandom(), secret);
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        return new(KeyDid.From(KeyDidType.Ed25519, publicKey), "EdDSA", input =>
        {
            var signature = new byte[Ed25519.SignatureSize];
            Ed25519.Sign(secret, 0, input, 0, input.Length, signature, 0);
            return signature;
        });
    }

    public static IEnumerable<object[]> All() => [[nameof(Secp256k1)], [nameof(P256)], [nameof(Ed25519Key)]];

    public static KeyDidSigner Named(string name) => name switch
    {
        nameof(Secp256k1) => Secp256k1(),
        nameof(P256) => P256(),
        _ => Ed25519Key(),
    };

    /// <summary>A compact JWS: header {alg, kid, typ, cty}, the payload as given.</summary>
    public string Sign(JsonObject payload, string typ = "vc+jwt", string cty = "vc", string? kid = null, string? alg = null)
    {
        var header = new JsonObject { ["alg"] = alg ?? Algorithm, ["kid"] = kid ?? Kid, ["typ"] = typ, ["cty"] = cty };
        string input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Base64Url.Encode(_sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>A plain VC 2.0 credential issued by this did:key about <paramref name="subject"/>.</summary>
    public JsonObject Credential(string subject, string type = "ExampleAchievementCredential") => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"),
        ["id"] = "urn:uuid:" + Guid.NewGuid(),
        ["type"] = new JsonArray("VerifiableCredential", type),
        ["issuer"] = Did.Did,
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject { ["id"] = subject, ["name"] = "Delivery on time" },
    };
}

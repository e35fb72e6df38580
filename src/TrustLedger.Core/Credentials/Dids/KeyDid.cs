using System.Numerics;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>The key types of did:key we read, by their multicodec prefix (unsigned varint, as the did:key spec encodes them).</summary>
public enum KeyDidType { Secp256k1, P256, Ed25519 }

/// <summary>
/// did:key (W3C CCG did:key v0.9): "did:key:z" + base58btc(multicodec varint ‖ public key). We read
/// secp256k1-pub (0xe7, 33-byte compressed), p256-pub (0x1200, 33-byte compressed) and ed25519-pub
/// (0xed, 32 bytes), check that a secp256k1 or P-256 key is a point on its curve, and build the
/// document the spec's algorithm gives with publicKeyFormat Multikey: one method, #&lt;multibase&gt;,
/// in authentication, assertionMethod, capabilityInvocation and capabilityDelegation. No X25519
/// keyAgreement is derived for Ed25519 (the spec's enableEncryptionKeyDerivation, off here).
/// </summary>
public sealed record KeyDid(string Did, KeyDidType Type, byte[] PublicKey)
{
    public const string Prefix = "did:key:";
    public const string MultikeyContext = "https://w3id.org/security/multikey/v1";

    /// <summary>The multibase value (z + base58btc), also the fragment of the one verification method.</summary>
    public string Multibase => Did[Prefix.Length..];

    public string VerificationMethodId => $"{Did}#{Multibase}";

    /// <summary>A secp256k1 did:key as an Ethereum key (its address signs what the key signs); null for the other curves.</summary>
    public EthPublicKey? Secp256k1Key => Type == KeyDidType.Secp256k1 && EthPublicKey.TryParse(PublicKey, out var key) ? key : null;

    /// <summary>The did:key of a public key (secp256k1 and P-256 compressed, 33 bytes; Ed25519 32 bytes).</summary>
    public static KeyDid From(KeyDidType type, ReadOnlySpan<byte> publicKey)
    {
        byte[] prefix = type switch { KeyDidType.Secp256k1 => [0xe7, 0x01], KeyDidType.P256 => [0x80, 0x24], _ => [0xed, 0x01] };
        string did = Prefix + "z" + NBitcoin.DataEncoders.Encoders.Base58.EncodeData([.. prefix, .. publicKey]);
        return TryParse(did, out var parsed, out string error) ? parsed! : throw new ArgumentException(error, nameof(publicKey));
    }

    public static bool TryParse(string? did, out KeyDid? parsed, out string error)
    {
        parsed = null;
        if (did is null || !did.StartsWith(Prefix, StringComparison.Ordinal)) { error = "not a did:key"; return false; }
        string value = did[Prefix.Length..];
        if (value.Length is < 2 or > 128 || value[0] != 'z') { error = "did:key must be z + base58btc of a multicodec key (version 1)"; return false; }
        byte[] bytes;
        try { bytes = NBitcoin.DataEncoders.Encoders.Base58.DecodeData(value[1..]); }
        catch (FormatException) { error = "did:key is not valid base58btc"; return false; }
        (KeyDidType type, int prefix, int length)? shape = bytes switch
        {
            [0xe7, 0x01, ..] => (KeyDidType.Secp256k1, 2, 33),
            [0x80, 0x24, ..] => (KeyDidType.P256, 2, 33),
            [0xed, 0x01, ..] => (KeyDidType.Ed25519, 2, 32),
            _ => null,
        };
        if (shape is not { } s) { error = "did:key key type not supported: secp256k1-pub, p256-pub and ed25519-pub are"; return false; }
        var key = bytes[s.prefix..];
        if (key.Length != s.length) { error = $"a {s.type} did:key holds a {s.length}-byte public key, not {key.Length}"; return false; }
        bool onCurve = s.type switch
        {
            KeyDidType.Secp256k1 => EthPublicKey.TryParse(key, out _),
            KeyDidType.P256 => P256OnCurve(key),
            _ => true, // Ed25519: any 32 bytes decode or not only when verifying; the spec asks for the length
        };
        if (!onCurve) { error = $"the {s.type} did:key is not a point on its curve"; return false; }
        parsed = new KeyDid(did, s.type, key);
        error = "";
        return true;
    }

    /// <summary>The DID document of the spec's did:key resolution algorithm (Multikey).</summary>
    public JsonObject Document()
    {
        JsonArray Reference() => [VerificationMethodId];
        return new JsonObject
        {
            ["@context"] = new JsonArray(DidDocuments.DidCoreContext, MultikeyContext),
            ["id"] = Did,
            ["verificationMethod"] = new JsonArray(new JsonObject
            {
                ["id"] = VerificationMethodId, ["type"] = "Multikey", ["controller"] = Did, ["publicKeyMultibase"] = Multibase,
            }),
            ["authentication"] = Reference(),
            ["assertionMethod"] = Reference(),
            ["capabilityDelegation"] = Reference(),
            ["capabilityInvocation"] = Reference(),
        };
    }

    private static readonly BigInteger P = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", System.Globalization.NumberStyles.HexNumber);

    /// <summary>A compressed P-256 point (02/03 ‖ x) whose x gives y² = x³ − 3x + b a square mod p.</summary>
    private static bool P256OnCurve(byte[] compressed) => P256Decompress(compressed) is not null;

    /// <summary>The uncompressed coordinates (32 bytes each) of a compressed P-256 point; null when it is not one.</summary>
    public static (byte[] X, byte[] Y)? P256Decompress(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != 33 || compressed[0] is not (0x02 or 0x03)) return null;
        var x = new BigInteger(compressed[1..], isUnsigned: true, isBigEndian: true);
        if (x >= P) return null;
        var rhs = ((BigInteger.ModPow(x, 3, P) - 3 * x + B) % P + P) % P;
        var y = BigInteger.ModPow(rhs, (P + 1) / 4, P); // p ≡ 3 (mod 4)
        if (BigInteger.ModPow(y, 2, P) != rhs) return null;
        if ((y.IsEven ? 0x02 : 0x03) != compressed[0]) y = P - y;
        static byte[] Fixed(BigInteger v)
        {
            var bytes = v.ToByteArray(isUnsigned: true, isBigEndian: true);
            return bytes.Length == 32 ? bytes : [.. new byte[32 - bytes.Length], .. bytes];
        }
        return (compressed[1..].ToArray(), Fixed(y));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Jose;

/// <summary>
/// Compact JWS with ES256K: the one signing path for every JWT the issuer key makes (vc+jwt,
/// dc+sd-jwt, statuslist+jwt). The header is written as given; the signature is r || s (low s)
/// over SHA-256 of the ASCII signing input.
/// </summary>
public static class Jws
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Sign(JsonObject header, JsonObject payload, EthPrivateKey key)
    {
        string signingInput = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(header, Json)) + "."
            + Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(signingInput), hash);
        Span<byte> signature = stackalloc byte[64];
        EthSigner.SignCompact(hash, key, signature);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    /// <summary>A string header member, or null.</summary>
    public static string? HeaderText(ParsedJws jws, string name) =>
        jws.Header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// A public key that verifies a JWS by its alg: EC secp256k1 (ES256K), EC P-256 (ES256) or OKP
/// Ed25519 (EdDSA). Read from a JWK (a wallet's proof or cnf key, a did:web method) or from a
/// did:key. A JWK with a private part ("d") is refused: a wallet that sends its private key has leaked it.
/// </summary>
public sealed class HolderKey
{
    private readonly EthPublicKey? _secp256k1;
    private readonly ECDsa? _p256;
    private readonly byte[]? _ed25519;

    private HolderKey(JsonObject jwk, EthPublicKey? secp256k1, ECDsa? p256, byte[]? ed25519)
    {
        Jwk = jwk;
        _secp256k1 = secp256k1;
        _p256 = p256;
        _ed25519 = ed25519;
    }

    /// <summary>The public JWK, reduced to {kty, crv, x, y} (EC) or {kty, crv, x} (OKP).</summary>
    public JsonObject Jwk { get; }

    /// <summary>ES256K, ES256 or EdDSA: the only algorithm this key verifies.</summary>
    public string Algorithm => _secp256k1 is not null ? "ES256K" : _p256 is not null ? "ES256" : "EdDSA";

    /// <summary>The key as an Ethereum key (secp256k1 only): its address signs what it signs.</summary>
    public EthPublicKey? Secp256k1 => _secp256k1;

    /// <summary>The key of a did:key (secp256k1, P-256 or Ed25519).</summary>
    public static HolderKey FromKeyDid(Dids.KeyDid did)
    {
        switch (did.Type)
        {
            case Dids.KeyDidType.Secp256k1:
                var key = did.Secp256k1Key!;
                return new HolderKey(VcJwt.PublicJwk(key), key, null, null);
            case Dids.KeyDidType.P256:
                var (x, y) = Dids.KeyDid.P256Decompress(did.PublicKey)!.Value; // KeyDid.TryParse checked it is a point
                var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                return new HolderKey(new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.Encode(x), ["y"] = Base64Url.Encode(y) }, null, ecdsa, null);
            default:
                return new HolderKey(new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url.Encode(did.PublicKey) }, null, null, [.. did.PublicKey]);
        }
    }

    public static bool TryParse(JsonElement jwk, out HolderKey? key, out string error)
    {
        key = null;
        error = "";
        if (jwk.ValueKind != JsonValueKind.Object) { error = "the JWK must be a JSON object"; return false; }
        string? Text(string name) => jwk.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (jwk.TryGetProperty("d", out _)) { error = "the JWK has a private part (d): send the public key only"; return false; }
        string? kty = Text("kty"), crv = Text("crv"), x = Text("x"), y = Text("y");
        if (kty == "OKP" && crv == "Ed25519" && x is not null)
        {
            var bytes = new byte[32];
            if (!Base64Url.TryDecode(x, bytes)) { error = "an Ed25519 JWK's x must be 32 bytes of base64url"; return false; }
            key = new HolderKey(new JsonObject { ["kty"] = kty, ["crv"] = crv, ["x"] = x }, null, null, bytes);
            return true;
        }
        var reduced = new JsonObject { ["kty"] = kty, ["crv"] = crv, ["x"] = x, ["y"] = y };
        if (kty != "EC" || x is null || y is null) { error = "the JWK must be an EC key with x and y (or an OKP Ed25519 key)"; return false; }
        if (crv == "secp256k1")
        {
            if (!EthPublicKey.TryFromJwk(kty, crv, x, y, out var k)) { error = "x and y are not a secp256k1 point"; return false; }
            key = new HolderKey(reduced, k, null, null);
            return true;
        }
        if (crv != "P-256") { error = "crv must be secp256k1, P-256 or (OKP) Ed25519"; return false; }
        var qx = new byte[32];
        var qy = new byte[32];
        if (!Base64Url.TryDecode(x, qx) || !Base64Url.TryDecode(y, qy)) { error = "x and y must be 32 bytes of base64url"; return false; }
        try
        {
            var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = qx, Y = qy } });
            key = new HolderKey(reduced, null, ecdsa, null);
            return true;
        }
        catch (CryptographicException)
        {
            error = "x and y are not a P-256 point";
            return false;
        }
    }

    /// <summary>The signature of a parsed JWS whose alg must match this key's (high s accepted, as JOSE libraries make it).</summary>
    public bool Verifies(ParsedJws jws)
    {
        if (Jws.HeaderText(jws, "alg") != Algorithm) return false;
        if (_ed25519 is not null)
        {
            // EdDSA signs the signing input itself, not a hash of it.
            byte[] input = System.Text.Encoding.ASCII.GetBytes(jws.Compact[..jws.Compact.LastIndexOf('.')]);
            return jws.Signature.Length == 64
                && Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(jws.Signature, 0, _ed25519, 0, input, 0, input.Length);
        }
        if (jws.Signature.Length != 64) return false;
        if (_p256 is not null) return _p256.VerifyHash(jws.SigningInputHash, jws.Signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Span<byte> normalized = stackalloc byte[64];
        return EthSigner.TryNormalizeCompact(jws.Signature, normalized) && EthSigner.VerifyCompact(jws.SigningInputHash, normalized, _secp256k1!);
    }

    /// <summary>RFC 7638 thumbprint (base64url SHA-256 of the required members in order): one name per key, whatever else its JWK carries.</summary>
    public string Thumbprint()
    {
        string canonical = _ed25519 is not null
            ? $"{{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"{Jwk["x"]}\"}}"
            : $"{{\"crv\":\"{Jwk["crv"]}\",\"kty\":\"EC\",\"x\":\"{Jwk["x"]}\",\"y\":\"{Jwk["y"]}\"}}";
        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

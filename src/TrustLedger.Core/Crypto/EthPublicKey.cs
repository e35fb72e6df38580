using NBitcoin.Secp256k1;

namespace TrustLedger.Core.Crypto;

/// <summary>A secp256k1 public key with the Ethereum address and JWK forms that DID documents and JWS need.</summary>
public sealed class EthPublicKey : IEquatable<EthPublicKey>
{
    internal ECPubKey Key { get; }

    public EthAddress Address { get; }

    internal EthPublicKey(ECPubKey key)
    {
        Key = key;
        Span<byte> uncompressed = stackalloc byte[65];
        key.WriteToSpan(false, uncompressed, out _);
        Address = EthAddress.FromPublicKeyXY(uncompressed[1..]);
    }

    /// <summary>From SEC1 bytes: 33 (compressed) or 65 (uncompressed).</summary>
    public static bool TryParse(ReadOnlySpan<byte> sec1, out EthPublicKey? key)
    {
        key = null;
        if ((sec1.Length != 33 && sec1.Length != 65) || !ECPubKey.TryCreate(sec1, Context.Instance, out _, out var pub) || pub is null)
            return false;
        key = new EthPublicKey(pub);
        return true;
    }

    public static EthPublicKey Parse(ReadOnlySpan<byte> sec1) =>
        TryParse(sec1, out var key) ? key! : throw new FormatException("not a secp256k1 public key (33 or 65 SEC1 bytes)");

    /// <summary>From a JWK {kty: "EC", crv: "secp256k1", x, y} (base64url coordinates).</summary>
    public static bool TryFromJwk(string? kty, string? crv, string? x, string? y, out EthPublicKey? key)
    {
        key = null;
        if (kty != "EC" || crv != "secp256k1" || x is null || y is null) return false;
        Span<byte> sec1 = stackalloc byte[65];
        sec1[0] = 0x04;
        if (!Base64Url.TryDecode(x, sec1.Slice(1, 32)) || !Base64Url.TryDecode(y, sec1.Slice(33, 32))) return false;
        return TryParse(sec1, out key);
    }

    public byte[] ToBytes(bool compressed) => Key.ToBytes(compressed);

    /// <summary>Base64url X and Y coordinates for a JWK.</summary>
    public (string X, string Y) JwkCoordinates()
    {
        var raw = Key.ToBytes(false);
        return (Base64Url.Encode(raw.AsSpan(1, 32)), Base64Url.Encode(raw.AsSpan(33, 32)));
    }

    public bool Equals(EthPublicKey? other) => other is not null && Key.ToBytes(true).AsSpan().SequenceEqual(other.Key.ToBytes(true));
    public override bool Equals(object? obj) => Equals(obj as EthPublicKey);
    public override int GetHashCode() => Address.GetHashCode();
    public override string ToString() => Hex.Encode(Key.ToBytes(true));
}

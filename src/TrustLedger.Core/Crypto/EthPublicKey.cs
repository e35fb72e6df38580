using Secp256k1Net;

namespace TrustLedger.Core.Crypto;

/// <summary>A secp256k1 public key with the Ethereum address and JWK forms that DID documents and JWS need.</summary>
public sealed class EthPublicKey : IEquatable<EthPublicKey>
{
    private readonly byte[] _uncompressed; // 0x04 || X || Y

    public EthAddress Address { get; }

    internal EthPublicKey(byte[] uncompressed65)
    {
        _uncompressed = uncompressed65;
        Address = EthAddress.FromPublicKeyXY(uncompressed65.AsSpan(1));
    }

    internal ReadOnlySpan<byte> Uncompressed => _uncompressed;

    /// <summary>From SEC1 bytes: 33 (compressed) or 65 (uncompressed), which must be a point on the curve.</summary>
    public static bool TryParse(ReadOnlySpan<byte> sec1, out EthPublicKey? key)
    {
        key = null;
        if ((sec1.Length != 33 && sec1.Length != 65) || !Secp256k1.IsValidPublicKey(sec1)) return false;
        key = new EthPublicKey(sec1.Length == 65 ? sec1.ToArray() : Secp256k1.DecompressPublicKey(sec1));
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

    public byte[] ToBytes(bool compressed) => compressed ? Secp256k1.CompressPublicKey(_uncompressed) : (byte[])_uncompressed.Clone();

    /// <summary>Base64url X and Y coordinates for a JWK.</summary>
    public (string X, string Y) JwkCoordinates() =>
        (Base64Url.Encode(_uncompressed.AsSpan(1, 32)), Base64Url.Encode(_uncompressed.AsSpan(33, 32)));

    public bool Equals(EthPublicKey? other) => other is not null && _uncompressed.AsSpan().SequenceEqual(other._uncompressed);
    public override bool Equals(object? obj) => Equals(obj as EthPublicKey);
    public override int GetHashCode() => Address.GetHashCode();
    public override string ToString() => Hex.Encode(ToBytes(compressed: true));
}

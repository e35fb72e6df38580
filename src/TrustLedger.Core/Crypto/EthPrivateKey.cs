using System.Security.Cryptography;
using Secp256k1Net;

namespace TrustLedger.Core.Crypto;

/// <summary>
/// A secp256k1 signing key. The secret never leaves this object through ToString, exceptions or
/// serialization; only the key store that created it holds its bytes. Dispose clears it.
/// </summary>
public sealed class EthPrivateKey : IDisposable
{
    private readonly byte[] _secret;
    private bool _disposed;

    public EthPublicKey PublicKey { get; }

    public EthAddress Address => PublicKey.Address;

    private EthPrivateKey(byte[] secret)
    {
        _secret = secret;
        PublicKey = new EthPublicKey(Secp256k1.CreatePublicKey(secret, compressed: false));
    }

    internal ReadOnlySpan<byte> Secret => _disposed ? throw new ObjectDisposedException(nameof(EthPrivateKey)) : _secret;

    /// <summary>From 32 big-endian bytes; fails (without echoing the input) if zero or not below the curve order.</summary>
    public static EthPrivateKey FromBytes(ReadOnlySpan<byte> secret32)
    {
        if (secret32.Length != 32 || !Secp256k1.IsValidSecretKey(secret32))
            throw new ArgumentException("not a valid secp256k1 private key (32 bytes, 0 < k < n)", nameof(secret32));
        return new EthPrivateKey(secret32.ToArray());
    }

    /// <summary>From "0x" + 64 hex digits (or bare hex).</summary>
    public static EthPrivateKey FromHex(string hex)
    {
        if (!Hex.TryDecode(hex, out var bytes))
            throw new ArgumentException("not a valid secp256k1 private key (expected 32 bytes of hex)", nameof(hex));
        try { return FromBytes(bytes); }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }

    public static EthPrivateKey Generate()
    {
        var secret = new byte[32];
        do RandomNumberGenerator.Fill(secret);
        while (!Secp256k1.IsValidSecretKey(secret));
        return new EthPrivateKey(secret);
    }

    /// <summary>Writes the 32 secret bytes, for the key store's encrypted storage only.</summary>
    public void ExportSecret(Span<byte> destination32) => Secret.CopyTo(destination32);

    public override string ToString() => $"EthPrivateKey(address {Address})";

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        _disposed = true;
    }
}

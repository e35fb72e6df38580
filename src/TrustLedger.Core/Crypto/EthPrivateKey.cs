using System.Security.Cryptography;
using NBitcoin.Secp256k1;

namespace TrustLedger.Core.Crypto;

/// <summary>
/// A secp256k1 signing key. The secret never leaves this object through ToString, exceptions or
/// serialization; only the key store that created it holds its bytes. Dispose clears it.
/// </summary>
public sealed class EthPrivateKey : IDisposable
{
    internal ECPrivKey Key { get; }

    public EthPublicKey PublicKey { get; }

    public EthAddress Address => PublicKey.Address;

    private EthPrivateKey(ECPrivKey key)
    {
        Key = key;
        PublicKey = new EthPublicKey(key.CreatePubKey());
    }

    /// <summary>From 32 big-endian bytes; fails (without echoing the input) if zero or not below the curve order.</summary>
    public static EthPrivateKey FromBytes(ReadOnlySpan<byte> secret32)
    {
        if (secret32.Length != 32 || !ECPrivKey.TryCreate(secret32, Context.Instance, out var key) || key is null)
            throw new ArgumentException("not a valid secp256k1 private key (32 bytes, 0 < k < n)", nameof(secret32));
        return new EthPrivateKey(key);
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
        Span<byte> secret = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(secret);
                if (ECPrivKey.TryCreate(secret, Context.Instance, out var key) && key is not null) return new EthPrivateKey(key);
            }
        }
        finally { CryptographicOperations.ZeroMemory(secret); }
    }

    /// <summary>Writes the 32 secret bytes, for the key store's encrypted storage only.</summary>
    public void ExportSecret(Span<byte> destination32) => Key.WriteToSpan(destination32);

    public override string ToString() => $"EthPrivateKey(address {Address})";

    public void Dispose() => Key.Dispose();
}

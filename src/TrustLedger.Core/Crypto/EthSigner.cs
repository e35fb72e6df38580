using Secp256k1Net;

namespace TrustLedger.Core.Crypto;

/// <summary>
/// Recoverable ECDSA over secp256k1 as Ethereum uses it: 65-byte r || s || v signatures over a
/// 32-byte hash, deterministic nonces (RFC 6979, so the same key and hash give the same signature
/// as ethers v6), low-s only (EIP-2), v = 27/28 on output and 27/28 or 0/1 accepted on input.
/// </summary>
public static class EthSigner
{
    public const int SignatureSize = 65;

    // secp256k1 group order n / 2, big-endian: any s above this is the malleable twin of a low-s signature.
    private static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ];

    public static byte[] Sign(ReadOnlySpan<byte> hash32, EthPrivateKey key)
    {
        var signature = new byte[SignatureSize];
        Sign(hash32, key, signature);
        return signature;
    }

    public static void Sign(ReadOnlySpan<byte> hash32, EthPrivateKey key, Span<byte> signature65)
    {
        if (hash32.Length != 32) throw new ArgumentException("the hash must have 32 bytes", nameof(hash32));
        if (signature65.Length < SignatureSize) throw new ArgumentException("the signature buffer must hold 65 bytes", nameof(signature65));
        // libsecp256k1's default nonce is RFC 6979; it always emits low s and adjusts the recovery id.
        var (signature, recoveryId) = Secp256k1.SignRecoverable(hash32, key.Secret);
        signature.CopyTo(signature65);
        signature65[64] = (byte)(27 + recoveryId);
    }

    /// <summary>
    /// Recovers the signer. False for a wrong length, v outside {0, 1, 27, 28}, r or s zero or out of
    /// range, high s (malleable), or a point that does not recover.
    /// </summary>
    public static bool TryRecover(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature65, out EthPublicKey? publicKey)
    {
        publicKey = null;
        if (hash32.Length != 32 || signature65.Length != SignatureSize) return false;
        int v = signature65[64];
        int recoveryId = v >= 27 ? v - 27 : v;
        if (recoveryId is not (0 or 1) || !IsLowS(signature65.Slice(32, 32))) return false;
        if (signature65[..32].IndexOfAnyExcept((byte)0) < 0 || signature65.Slice(32, 32).IndexOfAnyExcept((byte)0) < 0) return false;
        try
        {
            publicKey = new EthPublicKey(Secp256k1.RecoverPublicKey(signature65[..64], (byte)recoveryId, hash32, compressed: false));
            return true;
        }
        catch (ArgumentException)
        {
            return false; // r >= n, or no curve point for this r and recovery id
        }
    }

    public static bool TryRecoverAddress(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature65, out EthAddress address)
    {
        address = default;
        if (!TryRecover(hash32, signature65, out var key)) return false;
        address = key!.Address;
        return true;
    }

    /// <summary>The signer's EIP-55 checksummed address; throws <see cref="FormatException"/> when nothing recovers.</summary>
    public static string RecoverAddress(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature65) =>
        TryRecoverAddress(hash32, signature65, out var address)
            ? address.ToString()
            : throw new FormatException("signature does not recover (65 bytes r||s||v, v in 0/1/27/28, low s)");

    /// <summary>Plain (non-recoverable) ECDSA: 64-byte r || s, low s, as JWS ES256K wants.</summary>
    public static void SignCompact(ReadOnlySpan<byte> hash32, EthPrivateKey key, Span<byte> signature64)
    {
        Secp256k1.Sign(hash32, key.Secret).CopyTo(signature64);
    }

    /// <summary>Checks a 64-byte r || s signature; high s is rejected as malleable.</summary>
    public static bool VerifyCompact(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, EthPublicKey key) =>
        signature64.Length == 64 && hash32.Length == 32 && IsLowS(signature64[32..]) && VerifyNative(signature64, hash32, key);

    private static bool VerifyNative(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> hash32, EthPublicKey key)
    {
        try { return Secp256k1.Verify(signature64, hash32, key.Uncompressed); }
        catch (ArgumentException) { return false; } // r or s out of range
    }

    /// <summary>
    /// For a 64-byte signature whose key is known only by address (did:pkh, did:ethr): tries both
    /// recovery ids and compares the address.
    /// </summary>
    public static bool VerifyCompact(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> signature64, EthAddress signer)
    {
        if (signature64.Length != 64) return false;
        Span<byte> withV = stackalloc byte[65];
        signature64.CopyTo(withV);
        for (byte recoveryId = 0; recoveryId < 2; recoveryId++)
        {
            withV[64] = recoveryId;
            if (TryRecoverAddress(hash32, withV, out var recovered) && recovered == signer) return true;
        }
        return false;
    }

    /// <summary>Copies a 64-byte r || s signature with s mapped to the low half (n - s when high); false if not a valid signature.</summary>
    public static bool TryNormalizeCompact(ReadOnlySpan<byte> signature64, Span<byte> normalized64)
    {
        if (signature64.Length != 64) return false;
        try
        {
            Secp256k1.NormalizeSignature(signature64).CopyTo(normalized64);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // r or s out of range
        }
    }

    private static bool IsLowS(ReadOnlySpan<byte> s32) => s32.SequenceCompareTo(HalfOrder) <= 0;
}

using System.Numerics;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Transactions;

/// <summary>
/// A zero-value EIP-1559 (type 2) transaction, RLP-encoded and signed with the native secp256k1 signer: for a relayer
/// batch of 30 KB Nethereum's signer (hex round trips of the whole calldata, managed Keccak and ECDSA) cost as much per
/// batch as the node's mining of it. Deterministic (RFC 6979) like Nethereum's, so a test holds the bytes equal to its.
/// </summary>
public static class Eip1559Signing
{
    /// <summary>0x02 || rlp([chainId, nonce, tip, maxFee, gas, to, 0, data, [], yParity, r, s]).</summary>
    public static byte[] Sign(EthPrivateKey key, long chainId, long nonce, BigInteger tip, BigInteger maxFee, BigInteger gasLimit, string to, byte[] data)
    {
        var fields = new List<byte[]>
        {
            Rlp.Int(chainId), Rlp.Int(nonce), Rlp.Int(tip), Rlp.Int(maxFee), Rlp.Int(gasLimit),
            Rlp.Bytes(Hex.Decode(to)), Rlp.Int(BigInteger.Zero), Rlp.Bytes(data), Rlp.List([]),
        };
        var unsigned = Rlp.List(fields);
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash([0x02], unsigned, hash);
        var signature = EthSigner.Sign(hash, key);
        fields.Add(Rlp.Int(signature[64] - 27));
        fields.Add(Rlp.Int(new BigInteger(signature.AsSpan(0, 32), isUnsigned: true, isBigEndian: true)));
        fields.Add(Rlp.Int(new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true)));
        return [0x02, .. Rlp.List(fields)];
    }

    private static class Rlp
    {
        public static byte[] Int(BigInteger value) =>
            Bytes(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true));

        public static byte[] Bytes(byte[] bytes) =>
            bytes.Length == 1 && bytes[0] < 0x80 ? bytes : [.. Prefix(0x80, bytes.Length), .. bytes];

        public static byte[] List(IReadOnlyList<byte[]> items)
        {
            var length = items.Sum(i => i.Length);
            var prefix = Prefix(0xc0, length);
            var encoded = new byte[prefix.Length + length];
            prefix.CopyTo(encoded, 0);
            var at = prefix.Length;
            foreach (var item in items)
            {
                item.CopyTo(encoded, at);
                at += item.Length;
            }
            return encoded;
        }

        /// <summary>A string (0x80) or list (0xc0) prefix: short form up to 55 bytes, else the length's own bytes.</summary>
        private static byte[] Prefix(byte offset, int length)
        {
            if (length <= 55) return [(byte)(offset + length)];
            var lengthBytes = new BigInteger(length).ToByteArray(isUnsigned: true, isBigEndian: true);
            return [(byte)(offset + 55 + lengthBytes.Length), .. lengthBytes];
        }
    }
}

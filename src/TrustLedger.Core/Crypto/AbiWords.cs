using System.Buffers.Binary;
using System.Numerics;

namespace TrustLedger.Core.Crypto;

/// <summary>
/// One 32-byte ABI word at a time, for the encodings written by hand on hot paths (the registry's EIP-712 struct
/// hashes, a relayer batch's calldata, intake's isNonceUsed call), where Nethereum's reflection-driven encoder cost more
/// than the rest of the work. Each writer clears its word first, so buffers may be reused.
/// </summary>
public static class AbiWords
{
    public static void Address(Span<byte> word, string address)
    {
        word[..12].Clear();
        EthAddress.Parse(address).WriteTo(word[12..]);
    }

    public static void Bytes32(Span<byte> word, string hex)
    {
        if (!Hex.TryDecode(hex, out var bytes) || bytes.Length != 32) throw new FormatException("expected 32 bytes of hex");
        bytes.CopyTo(word);
    }

    /// <summary>A uint256.</summary>
    public static void UInt(Span<byte> word, BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32) throw new ArgumentOutOfRangeException(nameof(value), "a uint256");
        word.Clear();
        value.TryWriteBytes(word[(32 - value.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>A non-negative 64-bit quantity (a length, an offset, a chain id, a deadline) as a uint256.</summary>
    public static void UInt(Span<byte> word, long value)
    {
        word.Clear();
        BinaryPrimitives.WriteInt64BigEndian(word[24..], value);
    }

    public static void UInt(Span<byte> word, ulong value)
    {
        word.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
    }
}

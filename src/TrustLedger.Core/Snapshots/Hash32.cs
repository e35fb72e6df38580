using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// A 32-byte hash (a Merkle root, leaf or node), as a value type so a tree of 100,000 leaves is
/// one flat array. Orders like the bytes compared as a big-endian number, which is how
/// OpenZeppelin's StandardMerkleTree sorts leaves and how MerkleProof orders pairs.
/// </summary>
public readonly struct Hash32 : IEquatable<Hash32>, IComparable<Hash32>
{
    // The four little-endian 64-bit words of the bytes: exactly Keccak's output lanes.
    internal readonly ulong Lane0, Lane1, Lane2, Lane3;

    internal Hash32(ulong lane0, ulong lane1, ulong lane2, ulong lane3)
    {
        Lane0 = lane0; Lane1 = lane1; Lane2 = lane2; Lane3 = lane3;
    }

    /// <summary>All zero bytes.</summary>
    public static Hash32 Zero => default;

    /// <summary>Reads exactly 32 bytes.</summary>
    public static Hash32 FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) throw new ArgumentException($"A hash has 32 bytes, got {bytes.Length}.", nameof(bytes));
        return new Hash32(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }

    /// <summary>Parses "0x" followed by 64 hex digits (either case; the prefix is optional).</summary>
    public static Hash32 Parse(string hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException($"Not a 32-byte hex hash: '{hex}'.");

    /// <summary>Parses "0x" followed by 64 hex digits (either case; the prefix is optional).</summary>
    public static bool TryParse([NotNullWhen(true)] string? hex, out Hash32 hash)
    {
        hash = default;
        if (hex is null) return false;
        ReadOnlySpan<char> digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex.AsSpan(2) : hex;
        if (digits.Length != 64) return false;
        Span<byte> bytes = stackalloc byte[32];
        if (Convert.FromHexString(digits, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        hash = FromBytes(bytes);
        return true;
    }

    /// <summary>keccak256 of <paramref name="input"/> (the project's one Keccak, <see cref="Crypto.Keccak256"/>).</summary>
    public static Hash32 Keccak(ReadOnlySpan<byte> input)
    {
        Span<byte> digest = stackalloc byte[32];
        Crypto.Keccak256.Hash(input, digest);
        return FromBytes(digest);
    }

    /// <summary>keccak256(a ‖ b) of two hashes, in the order given.</summary>
    internal static Hash32 KeccakOfPair(in Hash32 a, in Hash32 b)
    {
        Span<byte> pair = stackalloc byte[64];
        a.CopyTo(pair);
        b.CopyTo(pair[32..]);
        return Keccak(pair);
    }

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < 32) throw new ArgumentException("Needs 32 bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Lane0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Lane1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], Lane2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], Lane3);
    }

    /// <summary>The 32 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[32];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>"0x" and 64 lower-case hex digits, as ethers and the StandardMerkleTree print it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public int CompareTo(Hash32 other)
    {
        // Byte order = big-endian number order: compare the words with their bytes reversed.
        int c = BinaryPrimitives.ReverseEndianness(Lane0).CompareTo(BinaryPrimitives.ReverseEndianness(other.Lane0));
        if (c != 0) return c;
        c = BinaryPrimitives.ReverseEndianness(Lane1).CompareTo(BinaryPrimitives.ReverseEndianness(other.Lane1));
        if (c != 0) return c;
        c = BinaryPrimitives.ReverseEndianness(Lane2).CompareTo(BinaryPrimitives.ReverseEndianness(other.Lane2));
        if (c != 0) return c;
        return BinaryPrimitives.ReverseEndianness(Lane3).CompareTo(BinaryPrimitives.ReverseEndianness(other.Lane3));
    }

    /// <inheritdoc />
    public bool Equals(Hash32 other) =>
        Lane0 == other.Lane0 && Lane1 == other.Lane1 && Lane2 == other.Lane2 && Lane3 == other.Lane3;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Lane0, Lane1, Lane2, Lane3);

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}

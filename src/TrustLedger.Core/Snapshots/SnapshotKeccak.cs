using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// Keccak-256 (Ethereum's, not SHA3-256) specialised for the three inputs a snapshot tree hashes:
/// the 128-byte ABI-encoded leaf, a 32-byte hash and a 64-byte pair of hashes. Each fits in one
/// 136-byte block, so every hash is exactly one permutation with no buffering and no allocation.
/// </summary>
/// <remarks>
/// Kept private to the snapshot code on purpose: the project's shared crypto may later provide a
/// Keccak that is just as fast, and then only this file changes. Checked against Nethereum's
/// Keccak and OpenZeppelin's StandardMerkleTree vectors in the tests.
/// </remarks>
internal static class SnapshotKeccak
{
    private const int RateLanes = 17; // 136-byte rate of Keccak-256, in 64-bit lanes
    private const ulong LastRateByte = 0x80UL << 56; // pad10*1: final bit of the rate

    /// <summary>keccak256(abi.encode(party, score, rank, evidenceCount)) built lane by lane.</summary>
    public static Hash32 HashLeafEncoding(ReadOnlySpan<byte> party20, ulong score, ulong rank, ulong evidenceCount)
    {
        Span<ulong> s = stackalloc ulong[25];
        // Word 0: 12 zero bytes then the address. Lanes are read little-endian from the byte stream.
        s[1] = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(party20) << 32;
        s[2] = BinaryPrimitives.ReadUInt64LittleEndian(party20[4..]);
        s[3] = BinaryPrimitives.ReadUInt64LittleEndian(party20[12..]);
        // Words 1-3: big-endian uint256 with only the last 8 bytes non-zero.
        s[7] = BinaryPrimitives.ReverseEndianness(score);
        s[11] = BinaryPrimitives.ReverseEndianness(rank);
        s[15] = BinaryPrimitives.ReverseEndianness(evidenceCount);
        s[16] = 0x01 | LastRateByte; // input ends exactly at byte 128
        Permute(s);
        return new Hash32(s[0], s[1], s[2], s[3]);
    }

    /// <summary>keccak256 of a 32-byte hash (the second hash of a StandardMerkleTree leaf).</summary>
    public static Hash32 HashOne(in Hash32 value)
    {
        Span<ulong> s = stackalloc ulong[25];
        s[0] = value.Lane0; s[1] = value.Lane1; s[2] = value.Lane2; s[3] = value.Lane3;
        s[4] = 0x01;
        s[16] = LastRateByte;
        Permute(s);
        return new Hash32(s[0], s[1], s[2], s[3]);
    }

    /// <summary>keccak256(a ‖ b) of two 32-byte hashes, in the order given.</summary>
    public static Hash32 HashTwo(in Hash32 a, in Hash32 b)
    {
        Span<ulong> s = stackalloc ulong[25];
        s[0] = a.Lane0; s[1] = a.Lane1; s[2] = a.Lane2; s[3] = a.Lane3;
        s[4] = b.Lane0; s[5] = b.Lane1; s[6] = b.Lane2; s[7] = b.Lane3;
        s[8] = 0x01;
        s[16] = LastRateByte;
        Permute(s);
        return new Hash32(s[0], s[1], s[2], s[3]);
    }

    /// <summary>General keccak256 of any input; used by tests to check the fast paths.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> input)
    {
        Span<ulong> s = stackalloc ulong[25];
        Span<byte> block = stackalloc byte[RateLanes * 8];
        while (true)
        {
            int take = Math.Min(input.Length, block.Length);
            block.Clear();
            input[..take].CopyTo(block);
            bool last = take < block.Length;
            if (last)
            {
                block[take] ^= 0x01;
                block[^1] ^= 0x80;
            }
            for (int i = 0; i < RateLanes; i++) s[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
            Permute(s);
            input = input[take..];
            if (last) return new Hash32(s[0], s[1], s[2], s[3]);
        }
    }

    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    /// <summary>Keccak-f[1600] on lanes a[x + 5y], fully unrolled within a round (state in locals).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Permute(Span<ulong> a)
    {
        ulong a00 = a[0], a01 = a[1], a02 = a[2], a03 = a[3], a04 = a[4];
        ulong a05 = a[5], a06 = a[6], a07 = a[7], a08 = a[8], a09 = a[9];
        ulong a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14];
        ulong a15 = a[15], a16 = a[16], a17 = a[17], a18 = a[18], a19 = a[19];
        ulong a20 = a[20], a21 = a[21], a22 = a[22], a23 = a[23], a24 = a[24];

        foreach (ulong rc in RoundConstants)
        {
            // θ
            ulong c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            ulong c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            ulong c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            ulong c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            ulong c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            ulong d0 = BitOperations.RotateLeft(c1, 1) ^ c4;
            ulong d1 = BitOperations.RotateLeft(c2, 1) ^ c0;
            ulong d2 = BitOperations.RotateLeft(c3, 1) ^ c1;
            ulong d3 = BitOperations.RotateLeft(c4, 1) ^ c2;
            ulong d4 = BitOperations.RotateLeft(c0, 1) ^ c3;
            a00 ^= d0; a05 ^= d0; a10 ^= d0; a15 ^= d0; a20 ^= d0;
            a01 ^= d1; a06 ^= d1; a11 ^= d1; a16 ^= d1; a21 ^= d1;
            a02 ^= d2; a07 ^= d2; a12 ^= d2; a17 ^= d2; a22 ^= d2;
            a03 ^= d3; a08 ^= d3; a13 ^= d3; a18 ^= d3; a23 ^= d3;
            a04 ^= d4; a09 ^= d4; a14 ^= d4; a19 ^= d4; a24 ^= d4;

            // ρ and π as one cycle through the 24 lanes other than a00.
            ulong t = BitOperations.RotateLeft(a01, 1);
            a01 = BitOperations.RotateLeft(a06, 44);
            a06 = BitOperations.RotateLeft(a09, 20);
            a09 = BitOperations.RotateLeft(a22, 61);
            a22 = BitOperations.RotateLeft(a14, 39);
            a14 = BitOperations.RotateLeft(a20, 18);
            a20 = BitOperations.RotateLeft(a02, 62);
            a02 = BitOperations.RotateLeft(a12, 43);
            a12 = BitOperations.RotateLeft(a13, 25);
            a13 = BitOperations.RotateLeft(a19, 8);
            a19 = BitOperations.RotateLeft(a23, 56);
            a23 = BitOperations.RotateLeft(a15, 41);
            a15 = BitOperations.RotateLeft(a04, 27);
            a04 = BitOperations.RotateLeft(a24, 14);
            a24 = BitOperations.RotateLeft(a21, 2);
            a21 = BitOperations.RotateLeft(a08, 55);
            a08 = BitOperations.RotateLeft(a16, 45);
            a16 = BitOperations.RotateLeft(a05, 36);
            a05 = BitOperations.RotateLeft(a03, 28);
            a03 = BitOperations.RotateLeft(a18, 21);
            a18 = BitOperations.RotateLeft(a17, 15);
            a17 = BitOperations.RotateLeft(a11, 10);
            a11 = BitOperations.RotateLeft(a07, 6);
            a07 = BitOperations.RotateLeft(a10, 3);
            a10 = t;

            // χ row by row, then ι.
            ulong b0, b1;
            b0 = a00 ^ (~a01 & a02); b1 = a01 ^ (~a02 & a03);
            a02 ^= ~a03 & a04; a03 ^= ~a04 & a00; a04 ^= ~a00 & a01; a00 = b0; a01 = b1;
            b0 = a05 ^ (~a06 & a07); b1 = a06 ^ (~a07 & a08);
            a07 ^= ~a08 & a09; a08 ^= ~a09 & a05; a09 ^= ~a05 & a06; a05 = b0; a06 = b1;
            b0 = a10 ^ (~a11 & a12); b1 = a11 ^ (~a12 & a13);
            a12 ^= ~a13 & a14; a13 ^= ~a14 & a10; a14 ^= ~a10 & a11; a10 = b0; a11 = b1;
            b0 = a15 ^ (~a16 & a17); b1 = a16 ^ (~a17 & a18);
            a17 ^= ~a18 & a19; a18 ^= ~a19 & a15; a19 ^= ~a15 & a16; a15 = b0; a16 = b1;
            b0 = a20 ^ (~a21 & a22); b1 = a21 ^ (~a22 & a23);
            a22 ^= ~a23 & a24; a23 ^= ~a24 & a20; a24 ^= ~a20 & a21; a20 = b0; a21 = b1;

            a00 ^= rc;
        }

        a[0] = a00; a[1] = a01; a[2] = a02; a[3] = a03; a[4] = a04;
        a[5] = a05; a[6] = a06; a[7] = a07; a[8] = a08; a[9] = a09;
        a[10] = a10; a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14;
        a[15] = a15; a[16] = a16; a[17] = a17; a[18] = a18; a[19] = a19;
        a[20] = a20; a[21] = a21; a[22] = a22; a[23] = a23; a[24] = a24;
    }
}

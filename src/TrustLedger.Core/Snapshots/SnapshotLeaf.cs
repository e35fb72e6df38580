using System.Buffers.Binary;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// One party's entry in an epoch's snapshot: the values a leaf of the Merkle tree commits to.
/// On chain the leaf is <c>keccak256(bytes.concat(keccak256(abi.encode(party, score, rank, evidenceCount))))</c>
/// with the four values as (address, uint256, uint256, uint256); see docs/snapshots.md.
/// </summary>
public sealed record SnapshotLeaf
{
    /// <summary>Creates a leaf; throws if a value breaks the snapshot conventions.</summary>
    /// <param name="party">20-byte address as 0x-hex (any case; stored lower-case)</param>
    /// <param name="score">fixed point with <see cref="ScoreScale.Decimals"/> decimals, at most <see cref="ScoreScale.Max"/></param>
    /// <param name="rank">1 = best score; ties share a rank</param>
    /// <param name="evidenceCount">number of attestations the score rests on</param>
    public SnapshotLeaf(string party, ulong score, ulong rank, ulong evidenceCount)
    {
        Party = NormalizeAddress(party);
        if (score > ScoreScale.Max)
            throw new ArgumentOutOfRangeException(nameof(score), score, $"A score is at most {ScoreScale.Max} ({ScoreScale.Decimals} decimals).");
        if (rank == 0) throw new ArgumentOutOfRangeException(nameof(rank), rank, "Ranks start at 1.");
        Score = score;
        Rank = rank;
        EvidenceCount = evidenceCount;
    }

    /// <summary>The scored address, "0x" and 40 lower-case hex digits.</summary>
    public string Party { get; }

    /// <summary>Fixed-point score: 0..10000 stands for 0.00..100.00.</summary>
    public ulong Score { get; }

    /// <summary>1 = best; parties with equal scores share a rank (1, 2, 2, 4).</summary>
    public ulong Rank { get; }

    /// <summary>Number of attestations the score rests on.</summary>
    public ulong EvidenceCount { get; }

    /// <summary>The leaf hash the tree and the contract use for this entry.</summary>
    public Hash32 Hash()
    {
        Span<byte> address = stackalloc byte[20];
        WriteAddress(address);
        return Hash(address);
    }

    /// <summary>The leaf hash, given <see cref="Party"/> already decoded (the tree decodes it once).</summary>
    internal Hash32 Hash(ReadOnlySpan<byte> address20)
    {
        // abi.encode(address, uint256, uint256, uint256): four big-endian 32-byte words.
        Span<byte> encoded = stackalloc byte[128];
        encoded.Clear();
        address20.CopyTo(encoded[12..32]);
        BinaryPrimitives.WriteUInt64BigEndian(encoded[56..64], Score);
        BinaryPrimitives.WriteUInt64BigEndian(encoded[88..96], Rank);
        BinaryPrimitives.WriteUInt64BigEndian(encoded[120..128], EvidenceCount);
        Span<byte> inner = stackalloc byte[32];
        Keccak256.Hash(encoded, inner);
        return Hash32.Keccak(inner);
    }

    /// <summary>Decodes <see cref="Party"/> into 20 bytes.</summary>
    internal void WriteAddress(Span<byte> address20) => Convert.FromHexString(Party.AsSpan(2), address20, out _, out _);

    internal static string NormalizeAddress(string party)
    {
        ArgumentNullException.ThrowIfNull(party);
        bool prefixed = party.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        ReadOnlySpan<char> digits = prefixed ? party.AsSpan(2) : party;
        if (digits.Length != 40 || !IsHex(digits))
            throw new ArgumentException($"Not a 20-byte hex address: '{party}'.", nameof(party));
        return "0x" + digits.ToString().ToLowerInvariant();
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}

/// <summary>
/// Scores travel as integers so every implementation hashes the same bytes: a score of
/// 0.00..100.00 points is stored as 0..10000 (two decimals).
/// </summary>
public static class ScoreScale
{
    /// <summary>Decimals kept: 2.</summary>
    public const int Decimals = 2;

    /// <summary>The fixed-point value of 100.00 points.</summary>
    public const ulong Max = 10_000;

    /// <summary>
    /// Converts 0..100 points to fixed point, rounding half away from zero (57.125 -> 5713).
    /// The scoring engine must use this one conversion so recomputations hash identical leaves.
    /// </summary>
    public static ulong FromPoints(double points)
    {
        if (!double.IsFinite(points) || points < 0 || points > 100)
            throw new ArgumentOutOfRangeException(nameof(points), points, "Scores are 0..100 points.");
        return (ulong)Math.Round(points * 100, MidpointRounding.AwayFromZero);
    }

    /// <summary>Converts fixed point back to points (5713 -> 57.13).</summary>
    public static decimal ToPoints(ulong score) => score / 100m;
}

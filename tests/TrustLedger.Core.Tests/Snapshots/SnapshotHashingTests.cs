using System.Numerics;
using Nethereum.ABI;
using Nethereum.Util;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>The tree's hashing (the shared Crypto.Keccak256) against Nethereum's (BouncyCastle) Keccak and ABI encoder.</summary>
public class SnapshotHashingTests
{
    [Fact]
    public void Hash_OfEmptyInput_IsTheKnownKeccak256()
    {
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hash32.Keccak([]).ToString());
    }

    [Theory]
    [InlineData(1), InlineData(31), InlineData(32), InlineData(64), InlineData(128), InlineData(135)]
    [InlineData(136), InlineData(137), InlineData(272), InlineData(1000)]
    public void Hash_MatchesNethereum_AcrossBlockBoundaries(int length)
    {
        var input = new byte[length];
        new Random(length).NextBytes(input);
        Assert.Equal(Sha3Keccack.Current.CalculateHash(input), Hash32.Keccak(input).ToArray());
    }

    [Fact]
    public void PairHash_IsKeccakOfTheConcatenation()
    {
        var random = new Random(7);
        var a = new byte[32];
        var b = new byte[32];
        for (int i = 0; i < 50; i++)
        {
            random.NextBytes(a);
            random.NextBytes(b);
            Assert.Equal(Sha3Keccack.Current.CalculateHash([.. a, .. b]), Hash32.KeccakOfPair(Hash32.FromBytes(a), Hash32.FromBytes(b)).ToArray());
        }
    }

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000", 0UL, 1UL, 0UL)]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffff", 10_000UL, ulong.MaxValue, ulong.MaxValue)]
    [InlineData("0x00cb251d4b63777f39b2266a3f658bdbbb0687d1", 938UL, 1UL, 96UL)]
    [InlineData("0x1234567890abcdef1234567890abcdef12345678", 5_713UL, 4_294_967_296UL, 18UL)]
    public void LeafEncoding_MatchesNethereumAbiEncodeThenKeccak(string party, ulong score, ulong rank, ulong evidence)
    {
        byte[] encoded = new ABIEncode().GetABIEncoded(
            new ABIValue("address", party),
            new ABIValue("uint256", new BigInteger(score)),
            new ABIValue("uint256", new BigInteger(rank)),
            new ABIValue("uint256", new BigInteger(evidence)));
        Assert.Equal(128, encoded.Length);
        byte[] inner = Sha3Keccack.Current.CalculateHash(encoded);
        byte[] expectedLeaf = Sha3Keccack.Current.CalculateHash(inner);

        Assert.Equal(inner, Hash32.Keccak(encoded).ToArray());
        Assert.Equal(expectedLeaf, new SnapshotLeaf(party, score, rank, evidence).Hash().ToArray());
    }
}

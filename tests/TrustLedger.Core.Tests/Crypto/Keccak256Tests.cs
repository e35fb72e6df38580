using System.Text;
using Nethereum.Util;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Crypto;

public class Keccak256Tests
{
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("Transfer(address,address,uint256)", "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")]
    public void Hash_KnownInputs_MatchesPublishedDigests(string input, string expected) =>
        Assert.Equal(expected, Hex.Encode(Keccak256.Hash(Encoding.UTF8.GetBytes(input))));

    [Fact]
    public void Hash_EveryLengthAcrossBlockBoundaries_MatchesNethereum()
    {
        var random = new Random(712);
        var reference = new Sha3Keccack();
        for (int length = 0; length <= 600; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(reference.CalculateHash(data), Keccak256.Hash(data));
        }
    }

    [Fact]
    public void Hash_TwoPartOverload_EqualsHashOfConcatenation()
    {
        byte[] a = Encoding.UTF8.GetBytes("left part"), b = new byte[700];
        new Random(1).NextBytes(b);
        Span<byte> digest = stackalloc byte[32];
        Keccak256.Hash(a, b, digest);
        Assert.Equal(Keccak256.Hash([.. a, .. b]), digest.ToArray());
    }
}

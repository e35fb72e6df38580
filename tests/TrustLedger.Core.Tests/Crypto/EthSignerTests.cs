using Nethereum.Signer;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Crypto;

public class EthSignerTests
{
    // Hardhat's first well-known development account (public test key).
    internal const string HardhatKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    internal const string HardhatAddress0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    [Fact]
    public void Address_OfHardhatKey_IsTheKnownAccount()
    {
        using var key = EthPrivateKey.FromHex(HardhatKey0);
        Assert.Equal(HardhatAddress0, key.Address.ToString());
    }

    [Fact]
    public void Sign_RandomHashes_EqualsNethereumAndRecovers()
    {
        using var key = EthPrivateKey.FromHex(HardhatKey0);
        var reference = new EthECKey(HardhatKey0);
        var random = new Random(27);
        var hash = new byte[32];
        for (int i = 0; i < 50; i++)
        {
            random.NextBytes(hash);
            var signature = EthSigner.Sign(hash, key);
            var expected = reference.SignAndCalculateV(hash);
            Assert.Equal([.. Pad32(expected.R), .. Pad32(expected.S), .. expected.V], signature);
            Assert.Equal(HardhatAddress0, EthSigner.RecoverAddress(hash, signature));
        }
    }

    private static byte[] Pad32(byte[] value) => [.. new byte[32 - value.Length], .. value];

    [Fact]
    public void Recover_VZeroOrOne_SameAsTwentySevenOrEight()
    {
        using var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("v forms"u8);
        var signature = EthSigner.Sign(hash, key);
        signature[64] -= 27;
        Assert.Equal(key.Address.ToString(), EthSigner.RecoverAddress(hash, signature));
    }

    [Fact]
    public void Recover_HighS_IsRejected()
    {
        using var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("malleable"u8);
        var signature = EthSigner.Sign(hash, key);
        // s' = n - s and flipped v is the same point: valid for ecrecover, refused here (EIP-2).
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        (n - s).TryWriteBytes(signature.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        signature[64] = (byte)(signature[64] == 27 ? 28 : 27);
        Assert.False(EthSigner.TryRecoverAddress(hash, signature, out _));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(66)]
    public void Recover_WrongLength_Fails(int length) =>
        Assert.False(EthSigner.TryRecoverAddress(new byte[32], new byte[length], out _));

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    public void Recover_BadV_Fails(byte v)
    {
        using var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("bad v"u8);
        var signature = EthSigner.Sign(hash, key);
        signature[64] = v;
        Assert.False(EthSigner.TryRecoverAddress(hash, signature, out _));
        Assert.Throws<FormatException>(() => EthSigner.RecoverAddress(hash, signature));
    }

    [Fact]
    public void CompactSignature_VerifiesByKeyAndByAddress_AndNotForAnotherHash()
    {
        using var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("jws"u8);
        var signature = new byte[64];
        EthSigner.SignCompact(hash, key, signature);
        Assert.True(EthSigner.VerifyCompact(hash, signature, key.PublicKey));
        Assert.True(EthSigner.VerifyCompact(hash, signature, key.Address));
        var other = Keccak256.Hash("other"u8);
        Assert.False(EthSigner.VerifyCompact(other, signature, key.PublicKey));
        Assert.False(EthSigner.VerifyCompact(other, signature, key.Address));
    }

    [Fact]
    public void PrivateKey_ToStringAndErrors_NeverShowTheSecret()
    {
        using var key = EthPrivateKey.FromHex(HardhatKey0);
        Assert.DoesNotContain("ac0974bec39a17e3", key.ToString(), StringComparison.OrdinalIgnoreCase);
        var bad = "0x" + new string('f', 64); // above the curve order
        var error = Assert.Throws<ArgumentException>(() => EthPrivateKey.FromHex(bad));
        Assert.DoesNotContain("ffffffff", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PublicKey_JwkRoundTrip_GivesTheSameAddress()
    {
        using var key = EthPrivateKey.Generate();
        var (x, y) = key.PublicKey.JwkCoordinates();
        Assert.True(EthPublicKey.TryFromJwk("EC", "secp256k1", x, y, out var parsed));
        Assert.Equal(key.Address, parsed!.Address);
        Assert.False(EthPublicKey.TryFromJwk("EC", "P-256", x, y, out _));
    }
}

public class EthSignerEdgeTests
{
    [Fact]
    public void OutOfRangeSignatures_FailQuietly()
    {
        using var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("range"u8);
        var overflow = Enumerable.Repeat((byte)0xFF, 65).ToArray();
        overflow[32] = 0x01; // s low, r >= n
        overflow[64] = 27;
        Assert.False(EthSigner.TryRecoverAddress(hash, overflow, out _));
        var zero = new byte[65];
        zero[64] = 27;
        Assert.False(EthSigner.TryRecoverAddress(hash, zero, out _));
        Assert.False(EthSigner.VerifyCompact(hash, overflow.AsSpan(0, 64), key.PublicKey));
        Assert.False(EthSigner.VerifyCompact(hash, overflow.AsSpan(0, 64), key.Address));
        Assert.False(EthSigner.TryNormalizeCompact(overflow.AsSpan(0, 64), new byte[64]));
    }

    [Fact]
    public void HighSCompactSignature_NormalizesToTheLowTwin()
    {
        using var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("normalize"u8);
        var signature = new byte[64];
        EthSigner.SignCompact(hash, key, signature);
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var high = (byte[])signature.Clone();
        (n - new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true)).TryWriteBytes(high.AsSpan(32), out _, isUnsigned: true, isBigEndian: true);
        Assert.False(EthSigner.VerifyCompact(hash, high, key.PublicKey));
        var normalized = new byte[64];
        Assert.True(EthSigner.TryNormalizeCompact(high, normalized));
        Assert.Equal(signature, normalized);
        Assert.True(EthSigner.VerifyCompact(hash, normalized, key.PublicKey));
    }
}

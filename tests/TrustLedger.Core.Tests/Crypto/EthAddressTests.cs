using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Crypto;

public class EthAddressTests
{
    // The examples of EIP-55 itself.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ToString_Eip55Examples_RoundTrip(string checksummed)
    {
        var address = EthAddress.Parse(checksummed.ToLowerInvariant());
        Assert.Equal(checksummed, address.ToString());
        Assert.Equal(checksummed.ToLowerInvariant(), address.ToLowerHex());
        Assert.Equal(address, EthAddress.Parse(checksummed));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // one letter's case flipped: bad checksum
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")]  // 39 digits
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00")] // no 0x
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")] // not hex
    public void TryParse_Invalid_Fails(string text) => Assert.False(EthAddress.TryParse(text, out _));

    [Fact]
    public void TryParse_AllUpperCase_IsAccepted() =>
        Assert.True(EthAddress.TryParse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", out _));
}

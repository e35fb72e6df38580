using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Attestations;

public class SchemaDefinitionTests
{
    private static readonly SchemaDefinition Schema = SchemaDefinition.Parse("address partner,uint8 score,string context");
    private const string Partner = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    [Fact]
    public void Decode_OfItsOwnEncoding_GivesTheFieldsBack()
    {
        var data = Schema.Encode(Partner, (byte)4, "on time");

        Assert.True(Schema.TryDecode(data, out var values));
        Assert.Equal(Partner, ((string)values["partner"]!).ToLowerInvariant());
        Assert.Equal(4, (int)(System.Numerics.BigInteger)values["score"]!);
        Assert.Equal("on time", values["context"]);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0x1234")]
    public void Decode_OfBytesThatAreNoEncoding_Fails(string hex) => Assert.False(Schema.TryDecode(Hex.Decode(hex), out _));

    [Fact]
    public void Decode_WithTrailingBytes_Fails()
    {
        var data = Schema.Encode(Partner, (byte)4, "on time");
        Assert.False(Schema.TryDecode([.. data, .. new byte[32]], out _));
    }

    [Fact]
    public void Decode_WithAnOutOfRangeUint8_Fails()
    {
        var data = Schema.Encode(Partner, (byte)4, "on time");
        data[63] = 0; data[62] = 1; // score word = 256
        Assert.False(Schema.TryDecode(data, out _));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("uint8", "is not 'type name'")]
    [InlineData("uint7 x", "unknown ABI type")]
    [InlineData("uint8 a,uint8 a", "appears twice")]
    public void Parse_RejectsBadDefinitions(string text, string message)
    {
        Assert.False(SchemaDefinition.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
    }
}

public class AbiTypeTests
{
    [Theory]
    [InlineData("address", true)] [InlineData("bool", true)] [InlineData("string", true)] [InlineData("bytes", true)]
    [InlineData("bytes32", true)] [InlineData("bytes1", true)] [InlineData("uint8", true)] [InlineData("int256", true)]
    [InlineData("uint", true)] [InlineData("address[]", true)] [InlineData("uint8[3][]", true)]
    [InlineData("uint7", false)] [InlineData("uint264", false)] [InlineData("bytes33", false)] [InlineData("bytes0", false)]
    [InlineData("uint08", false)] [InlineData("address8", false)] [InlineData("tuple", false)] [InlineData("uint8[0]", false)]
    [InlineData("Uint8", false)]
    public void IsAbiType_FollowsSolidity(string type, bool valid) => Assert.Equal(valid, SchemaDefinition.IsAbiType(type));
}

using System.Text.Json;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Core.Tests.Crypto;

public class Eip712Tests
{
    // The example of EIP-712 itself (Example.js in the EIP), signed by keccak256("cow").
    internal const string MailTypedData = """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
          "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
          "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
         "primaryType":"Mail",
         "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
         "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
        """;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Mail_EncodeTypeDomainAndDigest_MatchTheEip()
    {
        var typed = Json(MailTypedData);
        var types = Eip712TypeSet.Parse(typed.GetProperty("types"));
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", Eip712.EncodeType(types, "Mail"));
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f",
            Hex.Encode(Eip712.HashDomain(types, typed.GetProperty("domain"))));
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e",
            Hex.Encode(Eip712.HashStruct(types, "Mail", typed.GetProperty("message"))));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(Eip712.HashTypedData(typed)));
    }

    [Fact]
    public void Mail_SignedByCow_GivesTheEipSignature()
    {
        using var cow = EthPrivateKey.FromBytes(Keccak256.Hash("cow"u8));
        var signature = EthSigner.Sign(Eip712.HashTypedData(Json(MailTypedData)), cow);
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
            + "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562" + "1c", Hex.Encode(signature));
        Assert.Equal("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", cow.Address.ToString());
    }

    public static TheoryData<int> SharedCases() => [.. Enumerable.Range(0, SharedVectors.Eip712Cases.Count)];

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void SharedVector_DigestRecoversExpectedSigner(int index)
    {
        var vector = SharedVectors.Eip712Cases[index];
        var digest = Eip712.HashTypedData(vector.TypedData);
        Assert.Equal(vector.ExpectedDigest, Hex.Encode(digest));
        Assert.Equal(vector.ExpectedSigner, EthSigner.RecoverAddress(digest, Hex.Decode(vector.Signature)));
    }

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void SharedVector_SignedWithTheSpecKey_ReproducesTheSignature(int index)
    {
        var vector = SharedVectors.Eip712Cases[index];
        using var key = EthPrivateKey.FromHex(SharedVectors.SpecTestKey);
        Assert.Equal(vector.ExpectedSigner, key.Address.ToString());
        Assert.Equal(vector.Signature, Hex.Encode(EthSigner.Sign(Eip712.HashTypedData(vector.TypedData), key)));
    }

    [Fact]
    public void PrimaryTypeDomain_HashesTheDomainOnly()
    {
        var typed = Json(MailTypedData.Replace("\"primaryType\":\"Mail\"", "\"primaryType\":\"EIP712Domain\""));
        var types = Eip712TypeSet.Parse(typed.GetProperty("types"));
        byte[] expected = Keccak256.Hash([0x19, 0x01, .. Eip712.HashDomain(types, typed.GetProperty("domain"))]);
        Assert.Equal(expected, Eip712.HashTypedData(typed));
    }

    [Fact]
    public void NullStruct_EncodesAsZeroWord_LikeEthSigUtilV4()
    {
        var withNull = Json(MailTypedData.Replace("\"to\":{\"name\":\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"}", "\"to\":null"));
        var types = Eip712TypeSet.Parse(withNull.GetProperty("types"));
        var message = withNull.GetProperty("message");
        byte[] expected = Keccak256.Hash([.. types.TypeHash("Mail"), .. Eip712.HashStruct(types, "Person", message.GetProperty("from")),
            .. new byte[32], .. Keccak256.Hash("Hello, Bob!"u8)]);
        Assert.Equal(expected, Eip712.HashStruct(types, "Mail", message));
        Assert.Throws<Eip712Exception>(() => Eip712.HashStruct(types, "Mail", message, Eip712Mode.Strict));
    }

    [Fact]
    public void MissingDomainType_IsAnEmptyStruct()
    {
        var typed = Json("""{"types":{"T":[{"name":"a","type":"uint8"}]},"primaryType":"T","domain":{},"message":{"a":1}}""");
        var types = Eip712TypeSet.Parse(typed.GetProperty("types"));
        Assert.Equal(Keccak256.Hash([.. Keccak256.Hash("EIP712Domain()"u8)]), Eip712.HashDomain(types, typed.GetProperty("domain")));
    }

    [Theory]
    [InlineData("uint8", "256", "does not fit")]
    [InlineData("uint256", "-1", "negative")]
    [InlineData("int8", "128", "out of range")]
    [InlineData("int8", "-129", "out of range")]
    [InlineData("uint256", "1.5", "integer")]
    [InlineData("bytes4", "\"0x0102030405\"", "bytes4")]
    [InlineData("address", "\"0x12\"", null)]
    [InlineData("Foo", "1", "unknown type 'Foo'")]
    [InlineData("string[2]", "[\"a\"]", "expected 2 elements")]
    public void OutOfRangeOrUnknown_FailsWithThePath(string type, string value, string? reason)
    {
        var typed = Json($$$"""{"types":{"T":[{"name":"field","type":"{{{type}}}"}]},"primaryType":"T","domain":{},"message":{"field":{{{value}}}}}""");
        if (reason is null) { Eip712.HashTypedData(typed); return; } // a short address is left-padded, as eth-sig-util does
        var error = Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(typed));
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("message.field", error.Path);
    }

    [Fact]
    public void NumbersAsStrings_EqualNumbers_InCompatibleModeOnly()
    {
        var asNumber = Json("""{"types":{"T":[{"name":"a","type":"uint256"},{"name":"b","type":"int32"}]},"primaryType":"T","domain":{},"message":{"a":255,"b":-7}}""");
        var asText = Json("""{"types":{"T":[{"name":"a","type":"uint256"},{"name":"b","type":"int32"}]},"primaryType":"T","domain":{},"message":{"a":"0xff","b":"-7"}}""");
        Assert.Equal(Eip712.HashTypedData(asNumber), Eip712.HashTypedData(asText));
        Eip712.HashTypedData(asNumber, Eip712Mode.Strict);
        Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(asText, Eip712Mode.Strict));
    }

    [Fact]
    public void StrictMode_RejectsMembersTheTypesDoNotCover()
    {
        var typed = Json("""{"types":{"T":[{"name":"a","type":"string"}]},"primaryType":"T","domain":{},"message":{"a":"x","unsigned":"y"}}""");
        Eip712.HashTypedData(typed); // eth-sig-util ignores undeclared members
        var error = Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(typed, Eip712Mode.Strict));
        Assert.Equal("message.unsigned", error.Path);
    }

    [Fact]
    public void NestedArrays_HashEachLevel()
    {
        var typed = Json("""{"types":{"T":[{"name":"m","type":"uint8[][]"}]},"primaryType":"T","domain":{},"message":{"m":[[1,2],[]]}}""");
        var types = Eip712TypeSet.Parse(typed.GetProperty("types"));
        static byte[] Word(byte b) { var w = new byte[32]; w[31] = b; return w; }
        byte[] inner1 = Keccak256.Hash([.. Word(1), .. Word(2)]), inner2 = Keccak256.Hash([]);
        byte[] expected = Keccak256.Hash([.. types.TypeHash("T"), .. Keccak256.Hash([.. inner1, .. inner2])]);
        Assert.Equal(expected, Eip712.HashStruct(types, "T", typed.GetProperty("message")));
    }
}

/// <summary>Typed data from strangers (the verify endpoint) must fail cleanly, never exhaust the stack or the CPU.</summary>
public class Eip712LimitTests
{
    [Fact]
    public void LongChainOfStructs_IsRefused()
    {
        var types = new System.Text.Json.Nodes.JsonObject();
        for (int i = 0; i < 5000; i++)
            types[$"T{i}"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "next", ["type"] = $"T{i + 1}" });
        var typed = JsonDocument.Parse(new System.Text.Json.Nodes.JsonObject { ["types"] = types, ["primaryType"] = "T0", ["domain"] = new System.Text.Json.Nodes.JsonObject(), ["message"] = new System.Text.Json.Nodes.JsonObject() }.ToJsonString()).RootElement;
        var error = Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(typed));
        Assert.Contains("struct types", error.Message);
    }

    [Fact]
    public void ManyArrayDimensions_AreRefused()
    {
        string type = "uint8" + string.Concat(Enumerable.Repeat("[]", 100_000));
        var typed = JsonDocument.Parse($$$"""{"types":{"T":[{"name":"a","type":"{{{type}}}"}]},"primaryType":"T","domain":{},"message":{"a":[[[[[[[[[1]]]]]]]]]}}""").RootElement;
        Assert.Contains("array dimensions", Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(typed)).Message);
    }

    [Fact]
    public void HugeNumber_IsRefusedByLengthBeforeParsing()
    {
        // Refused on its length, so BigInteger's quadratic parse never sees 200,000 digits.
        string digits = new('9', 200_000);
        var typed = JsonDocument.Parse($$$"""{"types":{"T":[{"name":"a","type":"uint256"}]},"primaryType":"T","domain":{},"message":{"a":{{{digits}}}}}""").RootElement;
        Assert.Contains("number too long", Assert.Throws<Eip712Exception>(() => Eip712.HashTypedData(typed)).Message);
    }

    [Fact]
    public void SelfReferencingType_WithNullLeaf_Hashes()
    {
        // Recursive types are legal EIP-712; the data bounds the depth.
        var typed = JsonDocument.Parse("""{"types":{"Node":[{"name":"v","type":"uint8"},{"name":"next","type":"Node"}]},"primaryType":"Node","domain":{},"message":{"v":1,"next":{"v":2,"next":null}}}""").RootElement;
        Assert.Equal(32, Eip712.HashTypedData(typed).Length);
    }
}

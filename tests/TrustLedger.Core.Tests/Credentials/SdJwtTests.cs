using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>The SD-JWT mechanics on their own: reconstruction (RFC 9901 section 7.1) and the Token Status List bit order.</summary>
public sealed class SdJwtMechanicsTests
{
    private static JsonElement Payload(params Disclosure[] disclosures) =>
        JsonSerializer.SerializeToElement(new JsonObject
        {
            ["iss"] = "did:example:issuer",
            ["_sd"] = new JsonArray([.. disclosures.Select(d => (JsonNode)d.Digest).Append("decoy-digest")]),
            ["_sd_alg"] = "sha-256",
        });

    [Fact]
    public void Reconstruct_AppliesPresentedDisclosures_AndDropsWithheldOnesAndDecoys()
    {
        var rating = Disclosure.Create("rating", 4);
        var comment = Disclosure.Create("comment", "late");
        Assert.True(SdJwtClaims.TryReconstruct(Payload(rating, comment), [rating], out var claims, out string error), error);
        Assert.Equal(4, claims!["rating"]!.GetValue<int>());
        Assert.False(claims.ContainsKey("comment"));
        Assert.False(claims.ContainsKey("_sd"));
        Assert.False(claims.ContainsKey("_sd_alg"));
    }

    [Fact]
    public void Reconstruct_RefusesDuplicates_Strays_AndOverwrites()
    {
        var rating = Disclosure.Create("rating", 4);
        Assert.False(SdJwtClaims.TryReconstruct(Payload(rating), [rating, rating], out _, out _));
        Assert.False(SdJwtClaims.TryReconstruct(Payload(rating), [Disclosure.Create("rating", 5)], out _, out string stray));
        Assert.Contains("matches no digest", stray);
        var twice = JsonSerializer.SerializeToElement(new JsonObject { ["_sd"] = new JsonArray(rating.Digest, rating.Digest) });
        Assert.False(SdJwtClaims.TryReconstruct(twice, [rating], out _, out string repeated));
        Assert.Contains("more than once", repeated);
        var clash = JsonSerializer.SerializeToElement(new JsonObject { ["rating"] = 1, ["_sd"] = new JsonArray(rating.Digest) });
        Assert.False(SdJwtClaims.TryReconstruct(clash, [rating], out _, out _));
    }

    [Fact]
    public void Disclosure_RefusesReservedNames_AndNonArrays()
    {
        string Encode(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));
        Assert.False(Disclosure.TryParse(Encode("[\"salt\",\"_sd\",1]"), out _, out _));
        Assert.False(Disclosure.TryParse(Encode("{\"a\":1}"), out _, out _));
        Assert.False(Disclosure.TryParse(Encode("[1,\"a\",1]"), out _, out _));
        Assert.True(Disclosure.TryParse(Encode("[\"salt\",\"a\",{\"b\":1}]"), out var ok, out _));
        Assert.Equal("a", ok!.Name);
    }

    [Fact]
    public void TokenStatusList_PutsIndexZeroInTheLeastSignificantBit()
    {
        // The draft's example: statuses 1,0,0,1,1,1,0,1 in byte 0 are 0xB9.
        string encoded = TokenStatusList.EncodeList(16, [0, 3, 4, 5, 7]);
        Assert.True(Base64Url.TryDecode(encoded, out var compressed));
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        zlib.CopyTo(bytes);
        Assert.Equal(new byte[] { 0xB9, 0x00 }, bytes.ToArray());
        Assert.True(TokenStatusList.IsSet(bytes.ToArray(), 7));
        Assert.False(TokenStatusList.IsSet(bytes.ToArray(), 6));
    }
}

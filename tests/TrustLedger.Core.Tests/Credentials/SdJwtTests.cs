using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
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

    [Fact]
    public void ReciprocitySdJwt_HoldsTheHoldersOwnSide_AndEveryMemberIsADisclosure()
    {
        string a = "did:pkh:eip155:31337:0x70997970c51812dc3a010c7d01b50e0d17dc79c8", b = "did:pkh:eip155:31337:0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
        var credential = CredentialBuilder.Reciprocity(new CredentialHeader(CredentialHeader.NewId(), TestIssuers.Pkh.Did.Did, TestIssuers.Now),
            new ReciprocityClaim("delivery", "0x" + new string('e', 64), new ReciprocityParty(a, "proposer", "0x" + new string('1', 64)),
                new ReciprocityParty(b, "confirmer", "0x" + new string('2', 64)), TestIssuers.Now));
        using var holder = EthPrivateKey.Generate();
        Assert.True(HolderKey.TryParse(JsonSerializer.SerializeToElement(VcJwt.PublicJwk(holder.PublicKey)), out var key, out _));
        var issued = SdJwtVc.Issue(credential, b, key!, TestIssuers.Pkh, "https://trustledger.example", TokenStatusList.StatusClaim("https://trustledger.example/v1/status-lists/1", 7), TestIssuers.Now);

        Assert.Equal(["role", "counterparty", "eventType", "eventUid", "attestationUid", "confirmedAt"], issued.DisclosedNames);
        Assert.True(SdJwtParts.TryParse(issued.Compact, out var parts, out _));
        Assert.True(VcJwt.TryParse(parts!.IssuerJwt, out var jws, out _));
        Assert.Equal(b, jws!.Payload.GetProperty("sub").GetString());
        Assert.False(jws.Payload.TryGetProperty("counterparty", out _)); // only as a disclosure
        var disclosures = parts.Disclosures.Select(d => { Assert.True(Disclosure.TryParse(d, out var x, out _)); return x!; }).ToList();
        Assert.True(SdJwtClaims.TryReconstruct(jws.Payload, disclosures, out var claims, out string error), error);
        Assert.Equal("confirmer", claims!["role"]!.GetValue<string>());
        Assert.Equal(a, claims["counterparty"]!.GetValue<string>());
        Assert.Equal(7, claims["status"]!["status_list"]!["idx"]!.GetValue<long>());
    }
}

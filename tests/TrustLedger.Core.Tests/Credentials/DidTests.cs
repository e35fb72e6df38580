using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

public class DidTests
{
    // The eip155 test vectors of the did:pkh spec (w3c-ccg/did-pkh, test-vectors/), rebuilt member by member.
    [Theory]
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a", "eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")]
    [InlineData("did:pkh:eip155:137:0x4e90e8a8191c1c23a24a598c3ab4fb47ce926ff5", "eip155:137:0x4e90e8a8191c1c23a24a598c3ab4fb47ce926ff5")]
    [InlineData("did:pkh:eip155:42220:0xa0ae58da58dfa46fa55c3b86545e7065f90ff011", "eip155:42220:0xa0ae58da58dfa46fa55c3b86545e7065f90ff011")]
    public void Pkh_SpecVectors_ResolveToTheSpecDocument(string did, string accountId)
    {
        string vm = did + "#blockchainAccountId";
        var expected = JsonNode.Parse($$"""
            {
              "@context": ["https://www.w3.org/ns/did/v1", {
                  "blockchainAccountId": "https://w3id.org/security#blockchainAccountId",
                  "EcdsaSecp256k1RecoveryMethod2020": "https://identity.foundation/EcdsaSecp256k1RecoverySignature2020#EcdsaSecp256k1RecoveryMethod2020"}],
              "id": "{{did}}",
              "verificationMethod": [{"id": "{{vm}}", "type": "EcdsaSecp256k1RecoveryMethod2020", "controller": "{{did}}", "blockchainAccountId": "{{accountId}}"}],
              "authentication": ["{{vm}}"], "assertionMethod": ["{{vm}}"], "capabilityDelegation": ["{{vm}}"], "capabilityInvocation": ["{{vm}}"]
            }
            """);
        Assert.True(DidDocuments.TryResolve(did, out var document, out _));
        Assert.True(JsonNode.DeepEquals(expected, document), document!.ToJsonString());
    }

    [Fact]
    public void Ethr_Address_ResolvesToTheDefaultDocument_WithChecksummedAccount()
    {
        const string did = "did:ethr:0xb9c5714089478a327f09197987f16f9e5d936e8a";
        var expected = JsonNode.Parse($$"""
            {
              "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/secp256k1recovery-2020/v2"],
              "id": "{{did}}",
              "verificationMethod": [{"id": "{{did}}#controller", "type": "EcdsaSecp256k1RecoveryMethod2020", "controller": "{{did}}",
                                      "blockchainAccountId": "eip155:1:0xB9C5714089478a327F09197987f16f9E5d936E8a"}],
              "authentication": ["{{did}}#controller"], "assertionMethod": ["{{did}}#controller"]
            }
            """);
        Assert.True(DidDocuments.TryResolve(did, out var document, out _));
        Assert.True(JsonNode.DeepEquals(expected, document), document!.ToJsonString());
    }

    [Theory]
    [InlineData("did:ethr:0x7a69:0xb9c5714089478a327f09197987f16f9e5d936e8a", 31337)]
    [InlineData("did:ethr:sepolia:0xb9c5714089478a327f09197987f16f9e5d936e8a", 11155111)]
    [InlineData("did:ethr:mainnet:0xb9c5714089478a327f09197987f16f9e5d936e8a", 1)]
    [InlineData("did:ethr:0x1:0xb9c5714089478a327f09197987f16f9e5d936e8a", 1)]
    public void Ethr_Network_GivesTheChainId(string did, long chainId)
    {
        Assert.True(EthDid.TryParse(did, out var parsed, out _));
        Assert.Equal(chainId, parsed!.ChainId);
        Assert.Equal($"eip155:{chainId}:0xB9C5714089478a327F09197987f16f9E5d936E8a", parsed.BlockchainAccountId);
    }

    [Fact]
    public void Ethr_PublicKey_AddsControllerKeyWithTheKeyAndDerivesTheAddress()
    {
        using var key = EthPrivateKey.FromHex(Crypto.EthSignerTests.HardhatKey0);
        string did = "did:ethr:" + key.PublicKey;
        Assert.True(DidDocuments.TryResolve(did, out var document, out _));
        var methods = document!["verificationMethod"]!.AsArray();
        Assert.Equal("eip155:1:" + Crypto.EthSignerTests.HardhatAddress0, methods[0]!["blockchainAccountId"]!.GetValue<string>());
        Assert.Equal(did + "#controllerKey", methods[1]!["id"]!.GetValue<string>());
        Assert.Equal(key.PublicKey.ToString()[2..], methods[1]!["publicKeyHex"]!.GetValue<string>());
        Assert.Equal(2, document["assertionMethod"]!.AsArray().Count);
    }

    [Fact]
    public void Builders_RoundTripThroughTheParser()
    {
        var address = EthAddress.Parse(Crypto.EthSignerTests.HardhatAddress0);
        Assert.Equal("did:pkh:eip155:31337:" + Crypto.EthSignerTests.HardhatAddress0, EthDid.Pkh(31337, address));
        Assert.Equal("did:ethr:0x7a69:" + address.ToLowerHex(), EthDid.Ethr(address, 31337));
        Assert.Equal("did:ethr:" + address.ToLowerHex(), EthDid.Ethr(address));
        Assert.True(EthDid.TryParse(EthDid.Ethr(address, 31337), out var parsed, out _));
        Assert.Equal(address, parsed!.Address);
    }

    [Theory]
    [InlineData("did:pkh:eip155:0:0xb9c5714089478a327f09197987f16f9e5d936e8a")]   // chain 0
    [InlineData("did:pkh:eip155:01:0xb9c5714089478a327f09197987f16f9e5d936e8a")]  // leading zero
    [InlineData("did:pkh:bip122:000000000019d6689c085ae165831e93:128Lkh3S7CkDTBZ8W7BbpsN3YYizJMp8p6")]
    [InlineData("did:pkh:eip155:1:0xB9c5714089478a327f09197987f16f9e5d936e8a")]   // broken checksum
    [InlineData("did:ethr:unknownnet:0xb9c5714089478a327f09197987f16f9e5d936e8a")]
    [InlineData("did:web:example.com")]
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a#blockchainAccountId")]
    [InlineData("")]
    public void Unsupported_OrMalformed_DoesNotResolve(string did)
    {
        Assert.False(DidDocuments.TryResolve(did, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a#blockchainAccountId", true)]
    [InlineData("did:ethr:0xb9c5714089478a327f09197987f16f9e5d936e8a#controller", true)]
    [InlineData("did:ethr:0xb9c5714089478a327f09197987f16f9e5d936e8a#controllerKey", false)] // no key in an address DID
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a#controller", false)]
    [InlineData("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a", false)]
    public void VerificationMethods_ResolveOnlyWhatTheDocumentHolds(string didUrl, bool resolves) =>
        Assert.Equal(resolves, VerificationMethodResolver.TryResolve(didUrl, out _, out _));
}

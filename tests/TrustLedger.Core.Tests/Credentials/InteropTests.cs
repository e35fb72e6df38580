using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Tests.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>Credentials we issue, checked by independent implementations: ethers v6 verifyTypedData, jose compactVerify and Node's OpenSSL.</summary>
public class InteropTests
{
    [Fact]
    public void Eip712Credentials_VerifyWithEthers()
    {
        var issued = Eip712CredentialTests.Kinds().Select(k => (string)k.Data).Select(kind =>
        {
            var issuer = kind == "ethr-issuer" ? TestIssuers.Ethr : TestIssuers.Pkh;
            return (Issuer: issuer, Credential: CredentialIssuer.IssueEip712(Eip712CredentialTests.Build(kind), issuer, TestIssuers.Now).VerifiableCredential);
        }).ToList();
        var ethers = NodeScripts.Run("verify-eip712.mjs", new JsonArray([.. issued.Select(i => i.Credential.DeepClone())])).AsArray();
        for (int i = 0; i < issued.Count; i++)
            Assert.Equal(issued[i].Issuer.Key.Address.ToString(), ethers[i]!["signer"]!.GetValue<string>());
    }

    [Fact]
    public void SharedVectorDocuments_VerifyWithEthers_AsTheyDoWithUs()
    {
        var documents = SharedVectors.Eip712Cases.Select(Eip712CredentialTests.DocumentOf).ToList();
        var ethers = NodeScripts.Run("verify-eip712.mjs", new JsonArray([.. documents])).AsArray();
        for (int i = 0; i < documents.Count; i++)
        {
            Assert.Equal(SharedVectors.Eip712Cases[i].ExpectedSigner, ethers[i]!["signer"]!.GetValue<string>());
            Assert.Equal(SharedVectors.Eip712Cases[i].ExpectedDigest, ethers[i]!["digest"]!.GetValue<string>());
        }
    }

    [Fact]
    public void JwsCredentials_VerifyWithJoseAndNodeCrypto()
    {
        var credentials = new[] { TestIssuers.Reciprocity(TestIssuers.Pkh), TestIssuers.Reputation(TestIssuers.Pkh), TestIssuers.Endorsement(TestIssuers.Ethr) };
        var issuers = new[] { TestIssuers.Pkh, TestIssuers.Pkh, TestIssuers.Ethr };
        var issued = credentials.Select((c, i) => CredentialIssuer.IssueJwt(c, issuers[i])).ToList();
        var input = new JsonArray([.. issued.Select((c, i) => (JsonNode)new JsonObject { ["jws"] = c.Jws, ["jwk"] = VcJwt.PublicJwk(issuers[i].Key.PublicKey) })]);
        var jose = NodeScripts.Run("verify-jws.mjs", input).AsArray();
        for (int i = 0; i < issued.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(credentials[i], jose[i]!["payload"]), "jose's payload differs from the credential");
            Assert.Equal("vc+jwt", jose[i]!["header"]!["typ"]!.GetValue<string>());
            Assert.Equal("vc", jose[i]!["header"]!["cty"]!.GetValue<string>());
            Assert.Equal(issuers[i].VerificationMethod, jose[i]!["header"]!["kid"]!.GetValue<string>());
            Assert.True(jose[i]!["nodeCrypto"]!.GetValue<bool>());
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;
using TrustLedger.Core.Tests.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

public class Eip712CredentialTests
{
    /// <summary>A shared vector as the document its issuer handed out: message + proof {proofValue, eip712}.</summary>
    internal static JsonObject DocumentOf(SharedVectors.Eip712Case vector)
    {
        var typedData = JsonNode.Parse(vector.TypedData.GetRawText())!.AsObject();
        var document = typedData["message"]!.DeepClone().AsObject();
        var proof = document["proof"]!.AsObject();
        proof["proofValue"] = vector.Signature;
        proof["eip712"] = new JsonObject
        {
            ["domain"] = typedData["domain"]!.DeepClone(),
            ["types"] = typedData["types"]!.DeepClone(),
            ["primaryType"] = typedData["primaryType"]!.DeepClone(),
        };
        return document;
    }

    [Theory]
    [MemberData(nameof(Eip712Tests.SharedCases), MemberType = typeof(Eip712Tests))]
    public void SharedVector_AsSignedDocument_VerifiesWithTheExpectedSigner(int index)
    {
        var vector = SharedVectors.Eip712Cases[index];
        var result = Eip712ProofVerifier.Verify(TestIssuers.Element(DocumentOf(vector)));
        Assert.True(result.Valid, result.Message);
        Assert.Equal(vector.ExpectedSigner, result.Signer.ToString());
    }

    [Fact]
    public async Task VeramoVector_AsVc11Credential_PassesTheFullVerifier()
    {
        var document = DocumentOf(SharedVectors.Eip712Cases[4]);
        var result = await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(document), TestIssuers.Options(1), TestContext.Current.CancellationToken);
        Assert.True(result.Verified, string.Join("\n", result.Failures));
        Assert.Equal("0xAED7EA8035eEc47E657B34eF5D020c7005487443", result.Signer.ToString());
    }

    public static TheoryData<string> Kinds() => ["reciprocity", "reputation", "endorsement", "ethr-issuer"];

    internal static JsonObject Build(string kind) => kind switch
    {
        "reciprocity" => TestIssuers.Reciprocity(TestIssuers.Pkh),
        "reputation" => TestIssuers.Reputation(TestIssuers.Pkh),
        "endorsement" => TestIssuers.Endorsement(TestIssuers.Pkh),
        _ => TestIssuers.Reciprocity(TestIssuers.Ethr),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Issue_ThenVerify_RecoversTheIssuer(string kind)
    {
        var issuer = kind == "ethr-issuer" ? TestIssuers.Ethr : TestIssuers.Pkh;
        var issued = CredentialIssuer.IssueEip712(Build(kind), issuer, TestIssuers.Now);
        var result = Eip712ProofVerifier.Verify(TestIssuers.Element(issued.VerifiableCredential));
        Assert.True(result.Valid, result.Message);
        Assert.Equal(issuer.Key.Address, result.Signer);
        Assert.Equal(TestIssuers.ChainId, result.DomainChainId);
    }

    [Fact]
    public void Proof_CarriesDomainTypesAndPrimaryType_AndTheDigestOfThoseTypedData()
    {
        var issued = CredentialIssuer.IssueEip712(TestIssuers.Reciprocity(TestIssuers.Pkh), TestIssuers.Pkh, TestIssuers.Now);
        var proof = issued.VerifiableCredential["proof"]!.AsObject();
        Assert.Equal(VcConstants.Eip712ProofType, proof["type"]!.GetValue<string>());
        Assert.Equal(TestIssuers.Pkh.VerificationMethod, proof["verificationMethod"]!.GetValue<string>());
        var eip712 = proof["eip712"]!.AsObject();
        Assert.Equal("VerifiableCredential", eip712["primaryType"]!.GetValue<string>());
        Assert.Equal(31337, eip712["domain"]!["chainId"]!.GetValue<long>());
        var types = eip712["types"]!.AsObject();
        Assert.Equal("CredentialSubject[]", types["VerifiableCredential"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "credentialSubject")!["type"]!.GetValue<string>());

        // Rebuild {types, domain, primaryType, message} by hand, as any EIP-712 tool would, and recover.
        var message = issued.VerifiableCredential.DeepClone().AsObject();
        message["proof"]!.AsObject().Remove("proofValue");
        message["proof"]!.AsObject().Remove("eip712");
        var typedData = new JsonObject { ["types"] = types.DeepClone(), ["domain"] = eip712["domain"]!.DeepClone(), ["primaryType"] = "VerifiableCredential", ["message"] = message };
        var digest = Eip712.HashTypedData(TestIssuers.Element(typedData));
        Assert.Equal(TestIssuers.Pkh.Key.Address.ToString(), EthSigner.RecoverAddress(digest, Hex.Decode(proof["proofValue"]!.GetValue<string>())));
    }

    [Fact]
    public void Issue_IsDeterministicForTheSameInputs()
    {
        var credential = TestIssuers.Reputation(TestIssuers.Pkh);
        var first = CredentialIssuer.IssueEip712(credential, TestIssuers.Pkh, TestIssuers.Now);
        var second = CredentialIssuer.IssueEip712(credential, TestIssuers.Pkh, TestIssuers.Now);
        Assert.Equal(first.VerifiableCredential.ToJsonString(), second.VerifiableCredential.ToJsonString());
        Assert.Equal(first.AnchorHash, second.AnchorHash);
    }

    [Theory]
    [InlineData("{\"x\": null}", "null")]
    [InlineData("{\"x\": 1.5}", "fractional")]
    [InlineData("{\"x\": [1, \"a\"]}", "share one EIP-712 type")]
    [InlineData("{\"x\": {}}", "empty object")]
    public void Unrepresentable_Content_IsRefusedAtIssue_WithThePath(string subjectExtra, string reason)
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential.Remove("credentialSchema"); // our schema would refuse the extra member first; any credential may carry it
        credential["credentialSubject"]!["extra"] = JsonNode.Parse(subjectExtra);
        var error = Assert.Throws<CredentialIssueException>(() => CredentialIssuer.IssueEip712(credential, TestIssuers.Pkh));
        Assert.Equal(CredentialIssuer.Eip712Code, error.Issues[0].Code);
        Assert.Contains(reason, error.Issues[0].Message);
        Assert.StartsWith("credentialSubject.extra", error.Issues[0].Path);
    }

    [Fact]
    public void TypeGenerator_SameShapeSharesAStruct_DifferentShapesGetDistinctNames()
    {
        var message = JsonDocument.Parse("""{"a":{"item":{"n":1}},"b":{"item":{"n":2}},"c":{"item":{"s":"x"}},"d":[[true],[false]],"e":[]}""").RootElement;
        var types = Eip712TypeGenerator.Generate(message, "Root");
        Assert.NotNull(types["Item"]);
        Assert.NotNull(types["Item2"]);
        Assert.Null(types["Item3"]);
        var root = types["Root"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["type"]!.GetValue<string>());
        Assert.Equal("bool[][]", root["d"]);
        Assert.Equal("string[]", root["e"]);
        Eip712.HashStruct(Eip712TypeSet.Parse(TestIssuers.Element(types)), "Root", message, Eip712Mode.Strict);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Schemas;

namespace TrustLedger.Core.Tests.Credentials;

public class SchemaTests
{
    [Theory]
    [MemberData(nameof(Eip712CredentialTests.Kinds), MemberType = typeof(Eip712CredentialTests))]
    public async Task BuiltCredentials_NameTheirSchema_AndMatchIt(string kind)
    {
        var credential = Eip712CredentialTests.Build(kind);
        Assert.Equal(LocalSchemaValidator.SchemaType, credential["credentialSchema"]!["type"]!.GetValue<string>());
        var issuer = kind == "ethr-issuer" ? TestIssuers.Ethr : TestIssuers.Pkh;
        var result = await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(CredentialIssuer.IssueEip712(credential, issuer, TestIssuers.Now).VerifiableCredential),
            TestIssuers.Options(), TestContext.Current.CancellationToken);
        Assert.Equal(SchemaCodes.Ok, result[VerificationCheck.Names.Schema]!.Code);
    }

    [Theory]
    [InlineData("rating", "-1", "/credentialSubject/rating: ", "(minimum)")]
    [InlineData("rating", "\"5\"", "/credentialSubject/rating: ", "(type)")]
    [InlineData("surprise", "\"x\"", "/credentialSubject/surprise: ", "")]
    [InlineData("occurredAt", "\"2026-01-01T00:00:00\"", "/credentialSubject/occurredAt: ", "(format)")]
    [InlineData("attestationUid", "\"0x12\"", "/credentialSubject/attestationUid: ", "(pattern)")]
    public async Task SchemaViolation_IsRefusedAtIssue_AndFailsVerification(string member, string value, string at, string keyword)
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential["credentialSubject"]![member] = JsonNode.Parse(value);
        var refused = Assert.Throws<CredentialIssueException>(() => CredentialIssuer.IssueJwt(credential, TestIssuers.Pkh));
        Assert.Contains(refused.Issues, i => i.Code == SchemaCodes.Invalid && i.Message.Contains(at) && i.Message.Contains(keyword));
        // Signed by a tool that does not check schemas: the verifier still refuses it.
        var signed = Eip712CredentialSigner.Sign(credential, TestIssuers.Pkh.Key, TestIssuers.Pkh.VerificationMethod, TestIssuers.ChainId, TestIssuers.Now);
        var result = await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(signed), TestIssuers.Options(), TestContext.Current.CancellationToken);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(SchemaCodes.Invalid, failure.Code);
        Assert.Contains(at, failure.Message);
        Assert.Contains(keyword, failure.Message);
    }

    [Fact]
    public void ReciprocitySchema_WantsExactlyTwoParties()
    {
        var credential = TestIssuers.Element(TestIssuers.Reciprocity(TestIssuers.Pkh));
        var node = JsonNode.Parse(credential.GetRawText())!;
        node["credentialSubject"]!.AsArray().RemoveAt(1);
        var answer = LocalSchemaValidator.Example.Validate(TestIssuers.Element(node), TestIssuers.Element(node["credentialSchema"]!));
        Assert.False(answer!.Value.Valid);
        Assert.Contains("/credentialSubject: ", answer.Value.Message);
        Assert.Contains("(minItems)", answer.Value.Message);
    }

    [Fact]
    public async Task ForeignSchema_IsSkippedAsUnchecked_NeverFetched()
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential["credentialSchema"] = new JsonObject { ["id"] = "https://schemas.example/other.json", ["type"] = "JsonSchema" };
        var issued = CredentialIssuer.IssueEip712(credential, TestIssuers.Pkh, TestIssuers.Now);
        var result = await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(issued.VerifiableCredential), TestIssuers.Options(), TestContext.Current.CancellationToken);
        Assert.True(result.Verified);
        Assert.Equal(SchemaCodes.Unchecked, result[VerificationCheck.Names.Schema]!.Code);
        Assert.Equal(CheckOutcome.Skipped, result[VerificationCheck.Names.Schema]!.Outcome);
    }

    [Fact]
    public async Task SchemaUnderTheConfiguredBase_AndUnderTheExampleBase_AreOurs()
    {
        var urls = new CredentialUrls("http://127.0.0.1:5080");
        var served = LocalSchemaValidator.Document(LocalSchemaValidator.EndorsementSchema, urls)!;
        Assert.Equal("http://127.0.0.1:5080/schemas/endorsement-credential-v1.json", served["$id"]!.GetValue<string>());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", served["$schema"]!.GetValue<string>());
        var validator = new LocalSchemaValidator(urls);
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh); // names the example base, as credentials issued before issue 17 do
        Assert.StartsWith(CredentialUrls.ExampleBase + "/schemas/", credential["credentialSchema"]!["id"]!.GetValue<string>());
        Assert.True(validator.Validate(TestIssuers.Element(credential), TestIssuers.Element(credential["credentialSchema"]!))!.Value.Valid);
        credential["credentialSchema"]!["id"] = urls.Schema(LocalSchemaValidator.EndorsementSchema);
        Assert.True(validator.Validate(TestIssuers.Element(credential), TestIssuers.Element(credential["credentialSchema"]!))!.Value.Valid);
        credential["credentialSchema"]!["id"] = "http://127.0.0.1:9999/schemas/endorsement-credential-v1.json";
        Assert.Null(validator.Validate(TestIssuers.Element(credential), TestIssuers.Element(credential["credentialSchema"]!)));
        await Task.CompletedTask;
    }
}

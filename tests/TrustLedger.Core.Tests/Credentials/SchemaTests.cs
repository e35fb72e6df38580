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
    [InlineData("rating", "-1", "credentialSubject.rating: is below 0")]
    [InlineData("rating", "\"5\"", "credentialSubject.rating: must be \"integer\"")]
    [InlineData("surprise", "\"x\"", "credentialSubject.surprise: is not allowed")]
    [InlineData("occurredAt", "\"2026-01-01T00:00:00\"", "credentialSubject.occurredAt: is not a date-time")]
    [InlineData("attestationUid", "\"0x12\"", "credentialSubject.attestationUid: does not match")]
    public async Task SchemaViolation_IsRefusedAtIssue_AndFailsVerification(string member, string value, string message)
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential["credentialSubject"]![member] = JsonNode.Parse(value);
        var refused = Assert.Throws<CredentialIssueException>(() => CredentialIssuer.IssueJwt(credential, TestIssuers.Pkh));
        Assert.Contains(refused.Issues, i => i.Code == SchemaCodes.Invalid && i.Message.Contains(message));
        // Signed by a tool that does not check schemas: the verifier still refuses it.
        var signed = Eip712CredentialSigner.Sign(credential, TestIssuers.Pkh.Key, TestIssuers.Pkh.VerificationMethod, TestIssuers.ChainId, TestIssuers.Now);
        var result = await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(signed), TestIssuers.Options(), TestContext.Current.CancellationToken);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(SchemaCodes.Invalid, failure.Code);
        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public void ReciprocitySchema_WantsExactlyTwoParties()
    {
        var credential = TestIssuers.Element(TestIssuers.Reciprocity(TestIssuers.Pkh));
        var node = JsonNode.Parse(credential.GetRawText())!;
        node["credentialSubject"]!.AsArray().RemoveAt(1);
        var answer = LocalSchemaValidator.Validate(TestIssuers.Element(node), TestIssuers.Element(node["credentialSchema"]!));
        Assert.False(answer!.Value.Valid);
        Assert.Contains("at least 2 items", answer.Value.Message);
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
    public void UnsupportedKeyword_FailsClosed()
    {
        var schema = JsonDocument.Parse("""{"type":"object","oneOf":[{"required":["a"]}]}""").RootElement;
        var errors = JsonSchemaSubset.Validate(schema, JsonDocument.Parse("{}").RootElement);
        Assert.Contains(errors, e => e.Contains("oneOf is not supported"));
    }
}

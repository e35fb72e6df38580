using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>Who may issue and revoke, which issuers we sign as, and how bad input is answered (4xx, never 500).</summary>
public sealed class CredentialRequestTests(AuthApplication app) : IClassFixture<AuthApplication>, IDisposable
{
    private readonly EthPrivateKey _party = EthPrivateKey.Generate();

    public void Dispose() => _party.Dispose();

    [Fact]
    public async Task Issue_WithoutToken_Is401()
    {
        var response = await IssueAsync(app.CreateClient(), Credential(_party.Address));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Issue_AsPartyWithoutIssuerRole_Is403()
    {
        var party = await SignedInAsync(app, _party);

        await (await IssueAsync(party, Credential(_party.Address))).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        await (await party.PostAsync(PathOf("urn:uuid:" + Guid.NewGuid()) + "/revoke", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task Issue_AsAnIssuerThatIsNotOurs_Is422()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        using var stranger = EthPrivateKey.Generate();

        var response = await IssueAsync(issuer, Credential(_party.Address, issuer: Did(stranger.Address)));

        var detail = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "issuer-not-ours");
        Assert.Contains(Did(stranger.Address), detail);
    }

    [Fact]
    public async Task Issue_AsOurDidEthr_SignsAsThatDid()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var ours = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers")).GetProperty("issuers").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).Single(d => d.StartsWith("did:ethr:", StringComparison.Ordinal));

        var credential = await IssuedAsync(issuer, Credential(_party.Address, issuer: ours));

        Assert.Equal(ours, credential["issuer"]!.GetValue<string>());
        Assert.Equal(ours + "#controller", credential["proof"]!["verificationMethod"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issue_OfACredentialBreakingTheDataModel_Is400WithTheIssues()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = Credential(_party.Address);
        credential["@context"] = new JsonArray("https://example.com/unknown-context");

        var response = await IssueAsync(issuer, credential);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "credential-invalid");
        var issues = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issues");
        Assert.Contains(issues.EnumerateArray(), i => i.GetProperty("code").GetString() == "structure.context");
    }

    [Theory]
    [InlineData("name", "{\"@value\":\"Acme\",\"@language\":\"en\",\"extra\":1}", "structure.language_value")]
    [InlineData("issuer", "{\"id\":\"ISSUER\",\"description\":{\"@value\":\"Acme\",\"@direction\":\"up\"}}", "structure.language_value")]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\",\"https://www.w3.org/ns/credentials/examples/v2\",{\"VerifiableCredential\":\"https://evil.example/VC\"}]", "structure.context_term")]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\",{\"SupplierCredential\":\"not-an-iri\"}]", "structure.context_term")]
    [InlineData("@context", "[\"https://www.w3.org/ns/credentials/v2\",{\"@vocab\":null}]", "structure.type_unmapped")]
    public async Task Issue_RefusesWhatTheDataModelForbids_WithTheRulesCode(string member, string value, string code)
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");
        var credential = Credential(_party.Address);
        credential[member] = JsonNode.Parse(value.Replace("ISSUER", issuers.GetProperty("default").GetString()));

        var response = await IssueAsync(issuer, credential);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "credential-invalid");
        var issues = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issues");
        Assert.Contains(issues.EnumerateArray(), i => i.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task Issue_ThenVerifyAtOnce_Verifies_BecauseIssuingWaitsForTheAnchor()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = await IssuedAsync(issuer, Credential(_party.Address));

        var response = await VerifyAsync(app.CreateClient(), credential);

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(("passed", "status.active"), Check(result, "status"));
    }

    [Fact]
    public async Task Issue_OfACredentialEip712CannotType_IsSecuredAsJwt_UnlessEip712WasAskedFor()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = Credential(_party.Address);
        credential["@context"]!.AsArray().Add(new JsonObject { ["SupplierCredential"] = "https://example.org/examples#SupplierCredential" });

        var defaulted = await IssuedAsync(issuer, credential);
        var explicitEip712 = await IssueAsync(issuer, credential, format: "eip712");

        Assert.Equal(VcConstants.EnvelopedCredentialType, defaulted["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(app.CreateClient(), defaulted)).StatusCode);
        await explicitEip712.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "credential-invalid");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"verifiableCredential\": {}, \"verifiableCredential\": {}}")]
    [InlineData("{\"options\": {}}")]
    [InlineData("{\"verifiableCredential\": 42}")]
    [InlineData("{\"verifiableCredential\": {\"a\": 1}, \"options\": \"nope\"}")]
    public async Task Verify_WithAMalformedBody_IsA400Problem(string body)
    {
        var response = await app.CreateClient().PostAsync("/credentials/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{\"verifiableCredential\": {\"@context\": 5}}", "structure.context")]
    [InlineData("{\"verifiableCredential\": \"eyJhbGciOiJub25lIn0.e30.\"}", "structure.context")]
    [InlineData("{\"verifiableCredential\": \"eyJhbGciOiJub25lIn0\"}", "structure.malformed")]
    [InlineData("{\"verifiableCredential\": {\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": \"EnvelopedVerifiableCredential\", \"id\": \"data:text/plain,hi\"}}", "structure.malformed")]
    // The envelope's own @context counts (issue 17): without the base context it is refused as an envelope.
    [InlineData("{\"verifiableCredential\": {\"type\": \"EnvelopedVerifiableCredential\", \"id\": \"data:text/plain,hi\"}}", "structure.envelope")]
    public async Task Verify_OfAnInvalidCredential_Is400WithTheStructuredResult(string body, string code)
    {
        var response = await app.CreateClient().PostAsync("/credentials/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("verified").GetBoolean());
        Assert.Equal(code, Check(result, "structure").Code);
        Assert.NotEmpty(result.GetProperty("problemDetails").EnumerateArray());
    }

    [Fact]
    public async Task Verify_OfATamperedCredential_FailsTheSignatureCheck()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = await IssuedAsync(issuer, Credential(_party.Address));
        credential["credentialSubject"]!["deliveries"] = 13;

        var response = await VerifyAsync(app.CreateClient(), credential);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("failed", "signature.invalid"), Check(result, "signature"));
        var problem = result.GetProperty("problemDetails").EnumerateArray().First(p => p.GetProperty("code").GetString() == "signature.invalid");
        Assert.Equal("https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Issue_WithAMalformedBodyOrOptions_IsA400Problem()
    {
        var issuer = await SignedInAsync(app, app.Issuer);

        var notJson = await issuer.PostAsync("/credentials/issue", new StringContent("{", Encoding.UTF8, "application/json"));
        await notJson.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        var noCredential = await issuer.PostAsJsonAsync("/credentials/issue", new { options = new { } });
        await noCredential.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var badFormat = await IssueAsync(issuer, Credential(_party.Address), format: "ldp_vc+bbs");
        await badFormat.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var withProof = Credential(_party.Address);
        withProof["proof"] = new JsonObject { ["type"] = "DataIntegrityProof" };
        await (await IssueAsync(issuer, withProof)).AssertProblemAsync(HttpStatusCode.BadRequest, "credential-invalid");
    }

    [Fact]
    public async Task PresentationVerify_ChecksTheHolderProofChallengeAndEveryCredential()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = await IssuedAsync(issuer, Credential(_party.Address), format: "vc+jwt");
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["type"] = new JsonArray(VcConstants.VerifiablePresentationType),
            ["holder"] = Did(_party.Address),
            ["verifiableCredential"] = new JsonArray(credential.DeepClone()),
        };
        var signed = Core.Credentials.Eip712Proofs.Eip712CredentialSigner.SignPresentation(presentation, _party,
            Did(_party.Address) + "#blockchainAccountId", ChainId, DateTimeOffset.UtcNow, "challenge-1", "verifier.example");

        var good = await app.CreateClient().PostAsJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signed.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = "challenge-1", ["domain"] = "verifier.example" },
        });
        var replay = await app.CreateClient().PostAsJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signed.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = "challenge-2" },
        });

        var result = await good.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("signature.ok", Check(result, "signature").Code);
        Assert.True(result.GetProperty("results").GetProperty("challenge").GetProperty("valid").GetBoolean());
        Assert.Equal("holder.ok", Check(result, "holder").Code);
        // The credential's anchor may still be on its way: everything but its status must pass.
        var inner = result.GetProperty("credentialResults")[0];
        Assert.Equal("signature.ok", Check(inner, "signature").Code);
        Assert.True(good.StatusCode == HttpStatusCode.OK || Check(inner, "status").Code == "status.not_anchored", result.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("signature.challenge_mismatch", Check(await replay.Content.ReadFromJsonAsync<JsonElement>(), "signature").Code);
    }
}

using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Tests.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>
/// Issue 17, "Presentations as others make them": Veramo's EIP-712 presentation (made by
/// tests/interop/make-presentations.mjs with Veramo's type generator and ethers), a VC-JOSE-COSE
/// vp+jwt signed by jose, compact and enveloped; holder binding; the envelope rules.
/// </summary>
public class PresentationFormsTests
{
    // Hardhat's account #4 (a public development key): the holder.
    private static readonly EthPrivateKey HolderKey = EthPrivateKey.FromHex("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
    private static readonly EthPrivateKey Stranger = EthPrivateKey.FromHex("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JsonObject AboutHolder(EthAddress subject) =>
        CredentialBuilder.Endorsement(TestIssuers.Header(TestIssuers.Pkh), new EndorsementClaim(EthDid.Pkh(TestIssuers.ChainId, subject),
            EthDid.Pkh(TestIssuers.ChainId, EthAddress.Parse("0x5555555555555555555555555555555555555555")), 5, "delivery", "0x" + new string('f', 64),
            TestIssuers.Now.AddDays(-2)));

    private static JsonObject Made(EthPrivateKey holder, JsonArray veramoCredentials, JsonArray envelopes, string? nonce = null, string? aud = null)
    {
        var secret = new byte[32];
        holder.ExportSecret(secret);
        return NodeScripts.Run("make-presentations.mjs", new JsonObject
        {
            ["privateKey"] = Hex.Encode(secret), ["chainId"] = TestIssuers.ChainId,
            ["veramoCredentials"] = veramoCredentials, ["envelopes"] = envelopes, ["nonce"] = nonce, ["aud"] = aud,
        }).AsObject();
    }

    private static ValueTask<PresentationVerificationResult> Verify(JsonNode presentation, string? challenge = null, string? domain = null) =>
        new PresentationVerifier(TestIssuers.Verifier()).VerifyAsync(TestIssuers.Element(presentation),
            new PresentationOptions { Challenge = challenge, Domain = domain, Credentials = TestIssuers.Options() }, Token);

    private static string Failures(PresentationVerificationResult result) =>
        string.Join(" | ", result.Checks.Where(c => c.Outcome == CheckOutcome.Failed).Concat(result.Credentials.SelectMany(c => c.Failures)));

    [Fact]
    public async Task VeramoEip712Presentation_WithStringCredentials_AndAssertionMethod_Verifies_AndIsBoundToItsHolder()
    {
        var jwt = CredentialIssuer.IssueJwt(AboutHolder(HolderKey.Address), TestIssuers.Pkh).Jws!;
        var json = CredentialIssuer.IssueEip712(AboutHolder(HolderKey.Address), TestIssuers.Pkh, TestIssuers.Now).VerifiableCredential.ToJsonString();
        var veramo = Made(HolderKey, [jwt, json], [])["veramo"]!;
        Assert.Equal("assertionMethod", veramo["proof"]!["proofPurpose"]!.GetValue<string>());

        var result = await Verify(veramo);

        Assert.True(result.Verified, Failures(result));
        Assert.True(result.Verdict.Trusted, result.Verdict.Reason);
        Assert.Equal(HolderKey.Address, result.Signer);
        Assert.Equal([SecuringMechanism.VcJwt, SecuringMechanism.Eip712], result.Credentials.Select(c => c.Mechanism));
        Assert.Equal(HolderCodes.Ok, result.Checks.Single(c => c.Check == VerificationCheck.Names.Holder).Code);
        Assert.Equal(HolderCodes.Bound, result.Checks.Single(c => c.Check == VerificationCheck.Names.Binding).Code);
        // Veramo signs no challenge into EIP-712 presentations: a verifier that asks for one refuses them (a replay could not be told apart).
        Assert.Equal(SignatureCodes.ChallengeMismatch, (await Verify(veramo, challenge: "c-1")).Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Fact]
    public async Task VeramoPresentation_TamperedAfterSigning_FailsItsSignature()
    {
        var jwt = CredentialIssuer.IssueJwt(AboutHolder(HolderKey.Address), TestIssuers.Pkh).Jws!;
        var veramo = Made(HolderKey, [jwt], [])["veramo"]!;
        veramo["holder"] = EthDid.Ethr(Stranger.Address, TestIssuers.ChainId);
        var result = await Verify(veramo);
        Assert.Equal(SignatureCodes.Invalid, result.Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Fact]
    public async Task VpJwtByJose_Compact_AndEnveloped_Verifies_WithItsNonceAndAudience()
    {
        var envelope = CredentialIssuer.IssueJwt(AboutHolder(HolderKey.Address), TestIssuers.Pkh).VerifiableCredential;
        var vpJwt = Made(HolderKey, [], [envelope], nonce: "n-123", aud: "verifier.example")["vpJwt"]!.GetValue<string>();
        var enveloped = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["id"] = VcConstants.PresentationEnvelopeDataUrlPrefix + vpJwt,
            ["type"] = VcConstants.EnvelopedPresentationType,
        };

        foreach (var form in new JsonNode[] { vpJwt, enveloped })
        {
            var result = await Verify(form, challenge: "n-123", domain: "verifier.example");
            Assert.True(result.Verified, Failures(result));
            Assert.True(result.Verdict.Trusted, result.Verdict.Reason);
            Assert.Equal(HolderKey.Address, result.Signer);
            Assert.Equal(HolderCodes.Bound, result.Checks.Single(c => c.Check == VerificationCheck.Names.Binding).Code);
        }
        Assert.Equal(SignatureCodes.ChallengeMismatch, (await Verify(vpJwt, challenge: "other")).Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
        Assert.Equal(SignatureCodes.DomainMismatch, (await Verify(vpJwt, domain: "evil.example")).Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Fact]
    public async Task SomeoneElsesCredential_InASignedPresentation_FailsHolderBinding()
    {
        var envelope = CredentialIssuer.IssueJwt(AboutHolder(Stranger.Address), TestIssuers.Pkh).VerifiableCredential;
        var vpJwt = Made(HolderKey, [], [envelope])["vpJwt"]!.GetValue<string>();

        var result = await Verify(vpJwt);

        Assert.True(result.Credentials.Single().Verified);
        var failed = result.Checks.Single(c => c.Outcome == CheckOutcome.Failed);
        Assert.Equal((VerificationCheck.Names.Binding, HolderCodes.NotSubject), (failed.Check, failed.Code));
        Assert.False(result.Verdict.Trusted);
    }

    [Fact]
    public async Task VpJwtSignedByOneKey_NamingAnotherHolder_IsAHolderMismatch()
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["type"] = new JsonArray(VcConstants.VerifiablePresentationType),
            ["holder"] = EthDid.Pkh(TestIssuers.ChainId, HolderKey.Address),
            ["verifiableCredential"] = new JsonArray(CredentialIssuer.IssueJwt(AboutHolder(HolderKey.Address), TestIssuers.Pkh).VerifiableCredential),
        };
        var byStranger = VcJwt.SignPresentation(presentation, Stranger, EthDid.Pkh(TestIssuers.ChainId, Stranger.Address) + "#blockchainAccountId");
        var failed = (await Verify(byStranger)).Checks.Single(c => c.Outcome == CheckOutcome.Failed);
        Assert.Equal(HolderCodes.Mismatch, failed.Code);

        var asVcJwt = VcJwt.Sign(presentation, HolderKey, EthDid.Pkh(TestIssuers.ChainId, HolderKey.Address) + "#blockchainAccountId");
        Assert.Equal(SignatureCodes.JwsHeader, (await Verify(asVcJwt)).Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Theory]
    [InlineData("""{"@context":[],"type":"EnvelopedVerifiablePresentation","id":"data:application/vp+jwt,eyJ.e30.x"}""")]
    [InlineData("""{"@context":"https://www.w3.org/ns/credentials/examples/v2","type":"EnvelopedVerifiablePresentation","id":"data:application/vp+jwt,eyJ.e30.x"}""")]
    [InlineData("""{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"id":"data:application/vp+jwt,eyJ.e30.x"}""")]
    public async Task EnvelopedPresentation_WithoutTheBaseContextOrItsType_IsRefused(string envelope)
    {
        var result = await Verify(JsonNode.Parse(envelope)!);
        Assert.Equal(StructureCodes.Envelope, result.Checks.First(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"https://www.w3.org/ns/credentials/examples/v2\"")]
    public async Task EnvelopedCredential_WithoutTheBaseContext_IsRefused(string context)
    {
        var envelope = CredentialIssuer.IssueJwt(TestIssuers.Endorsement(TestIssuers.Pkh), TestIssuers.Pkh).VerifiableCredential;
        envelope["@context"] = JsonNode.Parse(context);
        var result = await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(envelope), TestIssuers.Options(), Token);
        Assert.Equal(StructureCodes.Envelope, Assert.Single(result.Failures).Code);
        envelope["@context"] = new JsonArray(VcConstants.CredentialsV2Context);
        envelope["type"] = "VerifiableCredential";
        Assert.False((await TestIssuers.Verifier().VerifyAsync(TestIssuers.Element(envelope), TestIssuers.Options(), Token)).Verified);
    }

    [Fact]
    public async Task Vc20Presentation_WithAStringCredential_IsMalformed_OnlyVc11PresentationsMayCarryStrings()
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["type"] = new JsonArray(VcConstants.VerifiablePresentationType),
            ["verifiableCredential"] = new JsonArray(CredentialIssuer.IssueJwt(AboutHolder(HolderKey.Address), TestIssuers.Pkh).Jws),
        };
        var result = await Verify(presentation);
        Assert.Equal(StructureCodes.Malformed, result.Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }
}

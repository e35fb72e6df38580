using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Tests.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

public class PresentationTests
{
    private static readonly EthPrivateKey HolderKey = EthPrivateKey.FromHex("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private static string HolderDid => EthDid.Pkh(TestIssuers.ChainId, HolderKey.Address);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // EIP-712 arrays hold one type, so a holder-signed presentation carries either one embedded-proof
    // credential or credentials of one shape (here: envelopes); mixed lists can only go unsigned.
    private static JsonObject Presentation(string? holder = null, bool enveloped = false) => new()
    {
        ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
        ["type"] = new JsonArray(VcConstants.VerifiablePresentationType),
        ["holder"] = holder ?? HolderDid,
        ["verifiableCredential"] = enveloped
            ? new JsonArray(
                CredentialIssuer.IssueJwt(TestIssuers.Reciprocity(TestIssuers.Pkh), TestIssuers.Pkh).VerifiableCredential,
                CredentialIssuer.IssueJwt(TestIssuers.Endorsement(TestIssuers.Ethr), TestIssuers.Ethr).VerifiableCredential)
            : CredentialIssuer.IssueEip712(TestIssuers.Reciprocity(TestIssuers.Pkh), TestIssuers.Pkh, TestIssuers.Now).VerifiableCredential,
    };

    private static JsonObject Signed(JsonObject presentation, EthPrivateKey key, string? challenge = "c-123", string? domain = "verifier.example") =>
        Eip712CredentialSigner.SignPresentation(presentation, key, EthDid.Pkh(TestIssuers.ChainId, key.Address) + "#blockchainAccountId",
            TestIssuers.ChainId, TestIssuers.Now, challenge, domain);

    private static ValueTask<PresentationVerificationResult> Verify(JsonObject presentation, PresentationOptions? options = null) =>
        new PresentationVerifier(TestIssuers.Verifier()).VerifyAsync(TestIssuers.Element(presentation),
            options ?? new PresentationOptions { Challenge = "c-123", Domain = "verifier.example", Credentials = TestIssuers.Options(), RequireHolderIsSubject = false }, Token);

    [Fact]
    public async Task HolderSigned_WithChallenge_VerifiesWithEveryCredential()
    {
        var embedded = await Verify(Signed(Presentation(), HolderKey));
        Assert.True(embedded.Verified, string.Join(" | ", embedded.Checks.Concat(embedded.Credentials.SelectMany(c => c.Failures))));
        Assert.Equal(HolderKey.Address, embedded.Signer);
        Assert.Equal([SecuringMechanism.Eip712], embedded.Credentials.Select(c => c.Mechanism));
        var enveloped = await Verify(Signed(Presentation(enveloped: true), HolderKey));
        Assert.True(enveloped.Verified, string.Join(" | ", enveloped.Checks.Concat(enveloped.Credentials.SelectMany(c => c.Failures))));
        Assert.Equal([SecuringMechanism.VcJwt, SecuringMechanism.VcJwt], enveloped.Credentials.Select(c => c.Mechanism));
    }

    [Fact]
    public async Task OtherChallengeOrDomain_Fails()
    {
        var signed = Signed(Presentation(), HolderKey);
        var wrongChallenge = await Verify(signed, new PresentationOptions { Challenge = "other", Credentials = TestIssuers.Options() });
        Assert.Equal(SignatureCodes.ChallengeMismatch, wrongChallenge.Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
        var wrongDomain = await Verify(signed, new PresentationOptions { Domain = "evil.example", Credentials = TestIssuers.Options() });
        Assert.Equal(SignatureCodes.DomainMismatch, wrongDomain.Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Fact]
    public async Task SignedBySomeoneElse_FailsWithHolderMismatch()
    {
        var result = await Verify(Signed(Presentation(), TestIssuers.Pkh.Key));
        Assert.False(result.Verified);
        Assert.Equal(HolderCodes.Mismatch, result.Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Fact]
    public async Task CredentialChangedAfterSigning_FailsBothTheHolderProofAndTheCredential()
    {
        var signed = Signed(Presentation(), HolderKey);
        signed["verifiableCredential"]!["credentialSubject"]![0]!["role"] = "owner";
        var result = await Verify(signed);
        Assert.False(result.Verified);
        Assert.Contains(result.Checks, c => c.Code == SignatureCodes.Invalid);
        Assert.Equal(SignatureCodes.Invalid, result.Credentials[0][VerificationCheck.Names.Signature]!.Code);
    }

    [Fact]
    public async Task Unsigned_IsAcceptedUnlessAProofIsRequired()
    {
        var unsigned = Presentation();
        unsigned["verifiableCredential"] = new JsonArray(unsigned["verifiableCredential"]!.DeepClone(), Presentation(enveloped: true)["verifiableCredential"]![0]!.DeepClone());
        Assert.True((await Verify(unsigned, new PresentationOptions { Credentials = TestIssuers.Options() })).Verified);
        var required = await Verify(unsigned, new PresentationOptions { RequireProof = true, Credentials = TestIssuers.Options() });
        Assert.Equal(SignatureCodes.Missing, required.Checks.Single(c => c.Outcome == CheckOutcome.Failed).Code);
    }

    [Fact]
    public async Task NotAPresentation_FailsStructure()
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        var result = await Verify(credential, new PresentationOptions());
        Assert.Equal(TrustLedger.Core.Credentials.Validation.StructureCodes.Type, result.Checks[0].Code);
    }

    [Fact]
    public void SignedPresentation_VerifiesWithEthers()
    {
        var signed = new[] { Signed(Presentation(), HolderKey), Signed(Presentation(enveloped: true), HolderKey) };
        var ethers = NodeScripts.Run("verify-eip712.mjs", new JsonArray([.. signed])).AsArray();
        Assert.All(ethers, e => Assert.Equal(HolderKey.Address.ToString(), e!["signer"]!.GetValue<string>()));
    }
}

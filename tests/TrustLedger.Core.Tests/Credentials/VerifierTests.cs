using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

public class VerifierTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<VerificationResult> Verify(JsonNode credential, FakeChainStatus? chain = null, VerificationOptions? options = null) =>
        await new CredentialVerifier(chain ?? FakeChainStatus.HoldingEverything()).VerifyAsync(TestIssuers.Element(credential), options ?? TestIssuers.Options(TestIssuers.ChainId), Token);

    private static void AssertOnlyFailure(VerificationResult result, string check, string code)
    {
        Assert.False(result.Verified);
        var failures = result.Failures.ToList();
        Assert.True(failures.Count == 1, "failures: " + string.Join(" | ", failures));
        Assert.Equal(check, failures[0].Check);
        Assert.Equal(code, failures[0].Code);
    }

    public static TheoryData<string> Mechanisms() => ["eip712", "jwt"];

    private static (JsonObject Secured, IssuedCredential Issued) Issue(string mechanism, JsonObject credential, IssuerKey? issuer = null)
    {
        var issued = mechanism == "eip712"
            ? CredentialIssuer.IssueEip712(credential, issuer ?? TestIssuers.Pkh, TestIssuers.Now)
            : CredentialIssuer.IssueJwt(credential, issuer ?? TestIssuers.Pkh);
        return (issued.VerifiableCredential, issued);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Anchored_Active_Verifies_WithEveryCheckAndTheBlock(string mechanism)
    {
        var (secured, issued) = Issue(mechanism, TestIssuers.Reciprocity(TestIssuers.Pkh));
        var chain = new FakeChainStatus { Block = 4242 };
        chain.Anchor(issued);
        var result = await Verify(secured, chain);
        Assert.True(result.Verified, string.Join(" | ", result.Failures));
        Assert.Equal(StatusCodes.Active, result[VerificationCheck.Names.Status]!.Code);
        Assert.Equal(4242, result.StatusAsOfBlock);
        Assert.Equal(issued.AnchorHash, result.AnchorHash);
        Assert.Equal(TestIssuers.Pkh.Key.Address, result.Signer);
        Assert.Equal(TestIssuers.Pkh.Did.Did, result.IssuerId);
        Assert.Equal([TestIssuers.ChainId], chain.Queries.Select(q => q.StatusChainId));
        foreach (var name in new[] { "structure", "context", "signature", "issuer", "chain", "validity", "status", "schema" })
            Assert.NotNull(result[name]);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Revoked_FailsWithStatusRevoked(string mechanism)
    {
        var (secured, issued) = Issue(mechanism, TestIssuers.Endorsement(TestIssuers.Pkh));
        var chain = new FakeChainStatus();
        chain.Anchor(issued, revoked: true);
        AssertOnlyFailure(await Verify(secured, chain), "status", StatusCodes.Revoked);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task NotAnchored_And_OtherHash_FailWithTheirOwnCodes(string mechanism)
    {
        var (secured, issued) = Issue(mechanism, TestIssuers.Reputation(TestIssuers.Pkh));
        AssertOnlyFailure(await Verify(secured, new FakeChainStatus()), "status", StatusCodes.NotAnchored);
        var chain = new FakeChainStatus();
        chain.Anchors[issued.AnchorKey!] = ("0x" + new string('0', 64), false);
        AssertOnlyFailure(await Verify(secured, chain), "status", StatusCodes.HashMismatch);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task Expired_FailsWithValidityExpired(string mechanism)
    {
        var (secured, _) = Issue(mechanism, TestIssuers.Reciprocity(TestIssuers.Pkh, validUntil: TestIssuers.Now.AddHours(-1)));
        AssertOnlyFailure(await Verify(secured), "validity", ValidityCodes.Expired);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task NotYetValid_FailsWithValidityNotYetValid(string mechanism)
    {
        var header = TestIssuers.Header(TestIssuers.Pkh) with { ValidFrom = TestIssuers.Now.AddDays(1) };
        var credential = CredentialBuilder.Reputation(header, new ReputationClaim("did:ethr:0x3333333333333333333333333333333333333333", 1.5m, 1, 1, 1, "v1"));
        AssertOnlyFailure(await Verify(Issue(mechanism, credential).Secured), "validity", ValidityCodes.NotYetValid);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task OtherChain_FailsWithChainWrong(string mechanism)
    {
        var (secured, _) = Issue(mechanism, TestIssuers.Reciprocity(TestIssuers.Pkh));
        AssertOnlyFailure(await Verify(secured, options: TestIssuers.Options(1)), "chain", ChainCodes.Wrong);
    }

    [Fact]
    public async Task ChainIdsThatDisagree_FailWithChainWrong_EvenWithoutAcceptedChains()
    {
        // Issuer on mainnet, status anchored on 31337: one of them is lying about where the credential lives.
        using var key = EthPrivateKey.Generate();
        var mainnet = new IssuerKey(EthDid.Pkh(1, key.Address), key);
        var credential = TestIssuers.Reciprocity(mainnet);
        var (secured, _) = Issue("eip712", credential, mainnet);
        AssertOnlyFailure(await Verify(secured, options: new VerificationOptions { Now = TestIssuers.Now }), "chain", ChainCodes.Wrong);
    }

    [Fact]
    public async Task UnknownContext_FailsWithContextUnknown_AndIsRefusedAtIssue()
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential["@context"]!.AsArray().Add("https://example.org/never-fetched/v1");
        var refused = Assert.Throws<CredentialIssueException>(() => CredentialIssuer.IssueEip712(credential, TestIssuers.Pkh));
        Assert.Equal(ContextCodes.Unknown, refused.Issues.Single().Code);
        // Signed anyway (by a tool that does not check contexts): the verifier still refuses it.
        var signed = Eip712CredentialSigner.Sign(credential, TestIssuers.Pkh.Key, TestIssuers.Pkh.VerificationMethod, TestIssuers.ChainId, TestIssuers.Now);
        AssertOnlyFailure(await Verify(signed), "context", ContextCodes.Unknown);
    }

    [Theory]
    [InlineData("not json at all {")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("e30.e30")]
    [InlineData("bm90.anNvbg.c2ln")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Malformed_FailsWithStructureMalformed_NeverThrows(string input)
    {
        var result = await TestIssuers.Verifier().VerifyAsync(input, TestIssuers.Options(), Token);
        Assert.False(result.Verified);
        Assert.Equal(StructureCodes.Malformed, result.Checks[0].Code);
    }

    [Theory]
    [InlineData("@context", "\"https://www.w3.org/2018/credentials/examples/v1\"", StructureCodes.Context)]
    [InlineData("type", "[\"EndorsementCredential\"]", StructureCodes.Type)]
    [InlineData("issuer", "{\"name\":\"no id\"}", StructureCodes.Issuer)]
    [InlineData("validFrom", "\"2026-01-01\"", StructureCodes.DateTime)]
    [InlineData("credentialSubject", "[]", StructureCodes.Subject)]
    [InlineData("id", "\"not a url\"", StructureCodes.IdNotUrl)]
    public async Task BrokenDataModel_FailsStructureWithTheRuleCode(string member, string value, string code)
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential[member] = JsonNode.Parse(value);
        var result = await Verify(credential);
        Assert.Equal(code, result[VerificationCheck.Names.Structure]!.Code);
        Assert.Equal(SignatureCodes.Missing, result[VerificationCheck.Names.Signature]!.Code);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task SignedByAnotherDid_FailsWithIssuerMismatch(string mechanism)
    {
        // Credential names the did:ethr issuer, but the did:pkh key signs it with its own verification method.
        var credential = TestIssuers.Reciprocity(TestIssuers.Ethr);
        var secured = mechanism == "eip712"
            ? Eip712CredentialSigner.Sign(credential, TestIssuers.Pkh.Key, TestIssuers.Pkh.VerificationMethod, TestIssuers.ChainId, TestIssuers.Now)
            : VcJwt.Envelope(VcJwt.Sign(credential, TestIssuers.Pkh.Key, TestIssuers.Pkh.VerificationMethod));
        AssertOnlyFailure(await Verify(secured), "issuer", IssuerCodes.Mismatch);
    }

    [Fact]
    public async Task AnchorKeyOfAnotherCredential_FailsWithStatusMalformed()
    {
        var credential = TestIssuers.Endorsement(TestIssuers.Pkh);
        credential["credentialStatus"]!["anchorKey"] = "0x" + new string('9', 64);
        var (secured, _) = Issue("eip712", credential);
        AssertOnlyFailure(await Verify(secured, new FakeChainStatus()), "status", StatusCodes.Malformed);
    }

    [Fact]
    public async Task NoStatusProvider_FailsOurOwnTypes_AndSkipsStatusForOthers()
    {
        // Ours are only as good as their anchor: unreadable status is a failure, not a skip.
        var (secured, _) = Issue("eip712", TestIssuers.Endorsement(TestIssuers.Pkh));
        var result = await new CredentialVerifier().VerifyAsync(TestIssuers.Element(secured), TestIssuers.Options(TestIssuers.ChainId), Token);
        AssertOnlyFailure(result, "status", StatusCodes.Unavailable);
        Assert.False(result.Verdict.Trusted);

        var plain = TestIssuers.Endorsement(TestIssuers.Pkh);
        plain["type"] = new JsonArray("VerifiableCredential", "ExampleCredential");
        plain.Remove("credentialSchema");
        var other = CredentialIssuer.IssueEip712(plain, TestIssuers.Pkh, TestIssuers.Now).VerifiableCredential;
        var skipped = await new CredentialVerifier().VerifyAsync(TestIssuers.Element(other), TestIssuers.Options(TestIssuers.ChainId), Token);
        Assert.True(skipped.Verified, string.Join(" | ", skipped.Failures));
        Assert.Equal(CheckOutcome.Skipped, skipped[VerificationCheck.Names.Status]!.Outcome);
        Assert.Equal(StatusCodes.Unavailable, skipped[VerificationCheck.Names.Status]!.Code);
        // Verified (nothing failed), but not trusted: its status could not be read.
        Assert.Equal((false, StatusCodes.Unavailable), (skipped.Verdict.Trusted, skipped.Verdict.Code));
    }

    [Fact]
    public async Task JwsWithWrongAlgOrType_FailsWithJwsHeader()
    {
        string jws = CredentialIssuer.IssueJwt(TestIssuers.Endorsement(TestIssuers.Pkh), TestIssuers.Pkh).Jws!;
        var parts = jws.Split('.');
        foreach (var header in new[] { """{"alg":"HS256","kid":"x","typ":"vc+jwt"}""", """{"alg":"none","kid":"x","typ":"vc+jwt"}""", """{"alg":"ES256K","kid":"x","typ":"JWT"}""", """{"alg":"ES256K","typ":"vc+jwt"}""" })
        {
            string tampered = $"{Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(header))}.{parts[1]}.{parts[2]}";
            var result = await TestIssuers.Verifier().VerifyAsync(tampered, TestIssuers.Options(), Token);
            Assert.Equal(SignatureCodes.JwsHeader, result[VerificationCheck.Names.Signature]!.Code);
        }
    }

    [Fact]
    public async Task CompactJwsAndItsEnvelope_VerifyAlike()
    {
        var issued = CredentialIssuer.IssueJwt(TestIssuers.Reciprocity(TestIssuers.Ethr), TestIssuers.Ethr);
        var fromText = await TestIssuers.Verifier().VerifyAsync(issued.Jws!, TestIssuers.Options(), Token);
        var fromEnvelope = await Verify(issued.VerifiableCredential);
        Assert.True(fromText.Verified);
        Assert.True(fromEnvelope.Verified);
        Assert.Equal(SecuringMechanism.VcJwt, fromEnvelope.Mechanism);
        Assert.Equal(fromText.AnchorHash, fromEnvelope.AnchorHash);
        Assert.Equal("data:application/vc+jwt," + issued.Jws, issued.VerifiableCredential["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequireKnownIssuer_RefusesOthers()
    {
        var (secured, _) = Issue("eip712", TestIssuers.Endorsement(TestIssuers.Ethr), TestIssuers.Ethr);
        var options = TestIssuers.Options() with { RequireKnownIssuer = true };
        var known = new KnownIssuers(TestIssuers.Pkh);
        var result = await TestIssuers.Verifier(known).VerifyAsync(TestIssuers.Element(secured), options, Token);
        AssertOnlyFailure(result, "issuer", IssuerCodes.Untrusted);
        var ours = Issue("eip712", TestIssuers.Endorsement(TestIssuers.Pkh)).Secured;
        Assert.True((await TestIssuers.Verifier(known).VerifyAsync(TestIssuers.Element(ours), options, Token)).Verified);
    }

    [Fact]
    public async Task RandomGarbage_NeverThrows()
    {
        var random = new Random(5);
        var valid = Issue("eip712", TestIssuers.Reputation(TestIssuers.Pkh)).Secured.ToJsonString();
        for (int i = 0; i < 300; i++)
        {
            var chars = valid.ToCharArray();
            for (int j = 0; j < 3; j++) chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            var result = await new CredentialVerifier(new FakeChainStatus()).VerifyAsync(new string(chars), TestIssuers.Options(), Token);
            Assert.NotEmpty(result.Checks);
        }
    }

    private sealed class KnownIssuers(params IssuerKey[] issuers) : IKnownIssuerKeys
    {
        public EthPublicKey? FindPublicKey(string issuerDid) => issuers.FirstOrDefault(i => i.Did.Did == issuerDid)?.Key.PublicKey;
    }
}

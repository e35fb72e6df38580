using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Tests.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>
/// did:key issuers and holders in the verifier: a credential or presentation signed by a did:key
/// (secp256k1 ES256K, P-256 ES256, Ed25519 EdDSA; keys generated here) verifies; trust is still
/// only for configured issuers, so an unlisted did:key issuer is refused as untrusted.
/// </summary>
public sealed class KeyDidVerifierTests
{
    private static readonly string Subject = EthDid.Pkh(TestIssuers.ChainId, EthAddress.Parse("0x4444444444444444444444444444444444444444"));

    [Theory]
    [MemberData(nameof(KeyDidSigner.All), MemberType = typeof(KeyDidSigner))]
    public async Task JwsCredential_SignedByADidKey_Verifies_WithItsAlgorithm(string curve)
    {
        var issuer = KeyDidSigner.Named(curve);

        var result = await new CredentialVerifier().VerifyAsync(issuer.Sign(issuer.Credential(Subject)), TestIssuers.Options());

        Assert.True(result.Verified, string.Join(" | ", result.Failures));
        Assert.Equal(SignatureCodes.Ok, result[VerificationCheck.Names.Signature]!.Code);
        Assert.Contains(issuer.Algorithm, result[VerificationCheck.Names.Signature]!.Message);
        Assert.Equal(IssuerCodes.Ok, result[VerificationCheck.Names.Issuer]!.Code);
        Assert.Equal(issuer.Did.Did, result.IssuerId);
    }

    [Theory]
    [MemberData(nameof(KeyDidSigner.All), MemberType = typeof(KeyDidSigner))]
    public async Task JwsCredential_ChangedAfterSigning_FailsItsSignature(string curve)
    {
        var issuer = KeyDidSigner.Named(curve);
        var parts = issuer.Sign(issuer.Credential(Subject)).Split('.');
        var changed = issuer.Credential(Subject);
        changed["credentialSubject"]!["name"] = "Delivery late";
        string forged = parts[0] + "." + Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(changed.ToJsonString())) + "." + parts[2];

        var result = await new CredentialVerifier().VerifyAsync(forged, TestIssuers.Options());

        Assert.False(result.Verified);
        Assert.Equal(SignatureCodes.Invalid, result[VerificationCheck.Names.Signature]!.Code);
    }

    [Fact]
    public async Task JwsCredential_WhoseAlgIsNotTheKeysOwn_IsRefused()
    {
        // An Ed25519 did:key cannot vouch for an ES256 signature, whatever the bytes are.
        var issuer = KeyDidSigner.Ed25519Key();

        var result = await new CredentialVerifier().VerifyAsync(issuer.Sign(issuer.Credential(Subject), alg: "ES256"), TestIssuers.Options());

        Assert.Equal(SignatureCodes.Invalid, result[VerificationCheck.Names.Signature]!.Code);
    }

    [Fact]
    public async Task JwsCredential_SignedByAnotherDidKeyThanItsIssuer_IsAMismatch()
    {
        var issuer = KeyDidSigner.P256();
        var other = KeyDidSigner.P256();
        var credential = issuer.Credential(Subject);

        var result = await new CredentialVerifier().VerifyAsync(other.Sign(credential), TestIssuers.Options());

        Assert.Equal(IssuerCodes.Mismatch, result[VerificationCheck.Names.Issuer]!.Code);
    }

    [Fact]
    public async Task DidKeyIssuer_NotOnTheTrustedList_IsUntrusted_AndTrustedOnceListed()
    {
        var issuer = KeyDidSigner.Secp256k1();
        var jws = issuer.Sign(issuer.Credential(Subject));
        var options = TestIssuers.Options() with { RequireKnownIssuer = true };
        var list = new ListedIssuers();

        var refused = await new CredentialVerifier(trustedIssuers: list).VerifyAsync(jws, options);
        list.Trusted.Add(issuer.Did.Did);
        var accepted = await new CredentialVerifier(trustedIssuers: list).VerifyAsync(jws, options);

        Assert.Equal(IssuerCodes.Untrusted, refused[VerificationCheck.Names.Issuer]!.Code);
        Assert.False(refused.Verified);
        Assert.True(accepted.Verified, string.Join(" | ", accepted.Failures));
        Assert.Equal([issuer.Did.Did, issuer.Did.Did], list.Asked);
    }

    [Theory]
    [MemberData(nameof(KeyDidSigner.All), MemberType = typeof(KeyDidSigner))]
    public async Task VpJwt_OfADidKeyHolder_Verifies_AndBindsTheHolderToItsCredential(string curve)
    {
        var holder = KeyDidSigner.Named(curve);
        var issuer = KeyDidSigner.Ed25519Key();
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = holder.Did.Did,
            ["verifiableCredential"] = new JsonArray(new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
                ["id"] = "data:application/vc+jwt," + issuer.Sign(issuer.Credential(holder.Did.Did)),
                ["type"] = "EnvelopedVerifiableCredential",
            }),
            ["nonce"] = "n-42",
        };
        var verifier = new PresentationVerifier(new CredentialVerifier());

        var result = await verifier.VerifyAsync(holder.Sign(presentation, typ: "vp+jwt", cty: "vp"),
            new PresentationOptions { Challenge = "n-42", Credentials = TestIssuers.Options() });
        var someoneElse = await verifier.VerifyAsync(KeyDidSigner.P256().Sign(presentation, typ: "vp+jwt", cty: "vp"),
            new PresentationOptions { Credentials = TestIssuers.Options() });

        Assert.True(result.Verified, string.Join(" | ", result.Checks.Concat(result.Credentials.SelectMany(c => c.Failures))));
        Assert.Equal(HolderCodes.Ok, result.Checks.Single(c => c.Check == VerificationCheck.Names.Holder).Code);
        Assert.Equal(HolderCodes.Bound, result.Checks.Single(c => c.Check == VerificationCheck.Names.Binding).Code);
        Assert.Equal(HolderCodes.Mismatch, someoneElse.Checks.Single(c => c.Check == VerificationCheck.Names.Holder).Code);
    }

    [Fact]
    public async Task CredentialsAndPresentations_JoseSignedAsADidKey_Verify()
    {
        // jose (not our code) makes the keys, derives the did:key and signs: EdDSA, ES256 and ES256K.
        var made = NodeScripts.Run("sign-as-did-key.mjs", new JsonObject { ["nonce"] = "n-7" }).AsArray();
        var verifier = new PresentationVerifier(new CredentialVerifier());

        Assert.Equal(["EdDSA", "ES256", "ES256K"], made.Select(m => m!["alg"]!.GetValue<string>()));
        foreach (var item in made)
        {
            string did = item!["did"]!.GetValue<string>();
            var credential = await new CredentialVerifier().VerifyAsync(item["credential"]!.GetValue<string>(), TestIssuers.Options());
            var presentation = await verifier.VerifyAsync(item["presentation"]!.GetValue<string>(),
                new PresentationOptions { Challenge = "n-7", Credentials = TestIssuers.Options() });

            Assert.True(credential.Verified, $"{item["alg"]}: " + string.Join(" | ", credential.Failures));
            Assert.Equal(did, credential.IssuerId);
            Assert.True(presentation.Verified, $"{item["alg"]}: " + string.Join(" | ", presentation.Checks.Where(c => c.Outcome == CheckOutcome.Failed)));
            Assert.Equal(did, presentation.HolderId);
            Assert.Equal(HolderCodes.Bound, presentation.Checks.Single(c => c.Check == VerificationCheck.Names.Binding).Code);
        }
    }

    [Fact]
    public async Task Eip712Credential_OfASecp256k1DidKey_Verifies_AsItsAddress()
    {
        var key = EthPrivateKey.Generate();
        var did = KeyDid.From(KeyDidType.Secp256k1, key.PublicKey.ToBytes(compressed: true));
        var credential = KeyDidSigner.Secp256k1().Credential(Subject);
        credential["issuer"] = did.Did;
        var signed = TrustLedger.Core.Credentials.Eip712Proofs.Eip712CredentialSigner.Sign(credential, key, did.VerificationMethodId, TestIssuers.ChainId, TestIssuers.Now);

        var result = await new CredentialVerifier().VerifyAsync(TestIssuers.Element(signed), TestIssuers.Options());

        Assert.True(result.Verified, string.Join(" | ", result.Failures));
        Assert.Equal(key.Address, result.Signer);
    }

    [Fact]
    public void VerificationMethod_OfADidKey_IsItsOneMethod_NoOther()
    {
        var key = KeyDidSigner.P256().Did;

        Assert.True(VerificationMethodResolver.TryResolve(key.VerificationMethodId, out var method, out _));
        Assert.Equal(key.Did, method!.Controller);
        Assert.Null(method.Address);
        Assert.Equal("ES256", method.Algorithm);
        Assert.False(VerificationMethodResolver.TryResolve(key.Did + "#key-1", out _, out string error));
        Assert.Contains("one verification method", error);
    }

    /// <summary>A trusted-issuer list in memory: the DIDs trusted for every type, and who was asked about.</summary>
    private sealed class ListedIssuers : ITrustedIssuers
    {
        public HashSet<string> Trusted { get; } = [];
        public List<string> Asked { get; } = [];

        public ValueTask<IssuerTrust> CheckAsync(string issuer, IReadOnlyList<string> types, CancellationToken cancellationToken)
        {
            Asked.Add(issuer);
            return ValueTask.FromResult(Trusted.Contains(issuer)
                ? new IssuerTrust(IssuerStanding.Trusted, $"{issuer} is listed") : new IssuerTrust(IssuerStanding.Untrusted, $"{issuer} is not listed"));
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>
/// Issue 14, point 1, as the attack: a ReputationCredential with score 100, in the documented shape
/// (our context, our anchor status naming our registry), signed EIP-712 by a key made a moment ago
/// about itself. Every cryptographic check passes; only "who is the issuer?" can refuse it. And the
/// other side: an issuer an admin put on the list verifies, for its listed types only.
/// </summary>
public abstract class ForgedCredentialTests<TApp>(TApp app) where TApp : AuthApplication
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Registry => app.Services.GetRequiredService<ChainConnection>().Deployment.AddressOf("AttestationRegistry");

    private static string Method(EthPrivateKey key) => Did(key.Address) + "#blockchainAccountId";

    /// <summary>The forgery: the documented ReputationCredential shape, score 100, about the forger, signed by the forger.</summary>
    private JsonObject Forged(EthPrivateKey forger)
    {
        string id = CredentialHeader.NewId();
        var header = new CredentialHeader(id, Did(forger.Address), DateTimeOffset.UtcNow.AddMinutes(-5), null,
            new AnchorStatusInfo($"https://trustledger.example/v1/credentials/{id}/status", ChainId, Registry));
        var claim = new ReputationClaim(Did(forger.Address), 100m, 1, 500, 1, "trustledger-score/1");
        return Eip712CredentialSigner.Sign(CredentialBuilder.Reputation(header, claim), forger, Method(forger), ChainId, DateTimeOffset.UtcNow);
    }

    /// <summary>A credential of an outside issuer's own type (no TrustLedger type, no status), signed by that issuer.</summary>
    private static JsonObject Outside(EthPrivateKey issuer, string type, EthAddress subject)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context, VcConstants.CredentialsExamplesV2Context),
            ["id"] = CredentialHeader.NewId(),
            ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, type),
            ["issuer"] = Did(issuer.Address),
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = Did(subject), ["audited"] = "2026-06" },
        };
        return Eip712CredentialSigner.Sign(credential, issuer, Method(issuer), ChainId, DateTimeOffset.UtcNow);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> VerifiedAsync(HttpClient client, JsonNode credential)
    {
        var response = await VerifyAsync(client, credential);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    private static (bool Trusted, string Code, string Reason) Verdict(JsonElement result)
    {
        var verdict = result.GetProperty("verdict");
        return (verdict.GetProperty("trusted").GetBoolean(), verdict.GetProperty("code").GetString()!, verdict.GetProperty("reason").GetString()!);
    }

    [Fact]
    public async Task SelfSignedScore100_IsRefusedAsIssuerUntrusted_ThoughItsSignatureIsValid()
    {
        using var forger = EthPrivateKey.Generate();

        var (status, result) = await VerifiedAsync(app.CreateClient(), Forged(forger));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(result.GetProperty("verified").GetBoolean());
        Assert.Equal(("passed", "signature.ok"), Check(result, "signature"));
        Assert.Equal(("failed", "issuer.untrusted"), Check(result, "issuer"));
        var (trusted, code, reason) = Verdict(result);
        Assert.False(trusted);
        Assert.Equal("issuer.untrusted", code);
        Assert.Contains(Did(forger.Address), reason);
        Assert.Contains(result.GetProperty("problemDetails").EnumerateArray(), p => p.GetProperty("code").GetString() == "issuer.untrusted");
    }

    [Fact]
    public async Task SelfSignedScore100_InsideAPresentation_IsRefusedToo()
    {
        using var forger = EthPrivateKey.Generate();
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["type"] = new JsonArray(VcConstants.VerifiablePresentationType),
            ["holder"] = Did(forger.Address),
            ["verifiableCredential"] = new JsonArray(Forged(forger)),
        };
        var signed = Eip712CredentialSigner.SignPresentation(presentation, forger, Method(forger), ChainId, DateTimeOffset.UtcNow, "c-14", "buyer.example");

        var response = await app.CreateClient().PostAsJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = signed,
            ["options"] = new JsonObject { ["challenge"] = "c-14", ["domain"] = "buyer.example" },
        }, Ct);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        // The holder's own proof is fine (the forger holds what it forged); the credential inside is not.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("signature.ok", Check(result, "signature").Code);
        Assert.Equal("holder.ok", Check(result, "holder").Code);
        var inner = result.GetProperty("credentialResults")[0];
        Assert.Equal(("failed", "issuer.untrusted"), Check(inner, "issuer"));
        var (trusted, code, reason) = Verdict(result);
        Assert.False(trusted);
        Assert.Equal("issuer.untrusted", code);
        Assert.StartsWith("verifiableCredential[0]", reason);
    }

    [Fact]
    public async Task AdminTrustedIssuer_VerifiesForItsType_FailsForAnother_AndStopsAtOnceWhenRemoved()
    {
        using var auditor = EthPrivateKey.Generate();
        using var supplier = EthPrivateKey.Generate();
        var audit = Outside(auditor, "AuditCredential", supplier.Address);
        var other = Outside(auditor, "SupplierCredential", supplier.Address);
        var before = await VerifiedAsync(app.CreateClient(), audit);
        Assert.Equal("issuer.untrusted", Verdict(before.Body).Code);

        var admin = await SignedInAsync(app, app.Admin);
        var added = await admin.PostAsJsonAsync("/v1/trusted-issuers", new
        {
            did = EthDid.Ethr(auditor.Address, ChainId), name = "Acme Audits", types = new[] { "AuditCredential" }, reason = "accredited auditor",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var (status, result) = await VerifiedAsync(app.CreateClient(), audit);
        Assert.True(status == HttpStatusCode.OK, result.ToString());
        Assert.Equal(("passed", "issuer.ok"), Check(result, "issuer"));
        var verdict = Verdict(result);
        Assert.True(verdict.Trusted, verdict.Reason);
        Assert.Equal("trusted", verdict.Code);

        var (otherStatus, otherResult) = await VerifiedAsync(app.CreateClient(), other);
        Assert.Equal(HttpStatusCode.BadRequest, otherStatus);
        Assert.Equal(("failed", "issuer.not_trusted_for_type"), Check(otherResult, "issuer"));
        var refused = Verdict(otherResult);
        Assert.Equal("issuer.not_trusted_for_type", refused.Code);
        Assert.Contains("SupplierCredential", refused.Reason);

        // Listed for a TrustLedger type it may never be: our types are ours alone.
        var forger = await admin.PostAsJsonAsync("/v1/trusted-issuers", new
        {
            did = Did(supplier.Address), name = "Self-made", types = new[] { "ReputationCredential" }, reason = "wants scores",
        }, Ct);
        await forger.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        var removed = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/trusted-issuers/" + Uri.EscapeDataString(Did(auditor.Address)))
        {
            Content = JsonContent.Create(new { reason = "accreditation withdrawn" }),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var after = await VerifiedAsync(app.CreateClient(), audit);
        Assert.Equal(HttpStatusCode.BadRequest, after.Status);
        Assert.Equal("issuer.untrusted", Verdict(after.Body).Code);
    }

    [Fact]
    public async Task DidKeyIssuer_IsUntrustedUntilAnAdminListsIt_ThenItsCredentialVerifies()
    {
        // A P-256 did:key made here, signing ES256 as a wallet or another service would (not through our signer).
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        var did = KeyDid.From(KeyDidType.P256, [(byte)(0x02 | (q.Y![31] & 1)), .. q.X!]);
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context, VcConstants.CredentialsExamplesV2Context),
            ["id"] = CredentialHeader.NewId(),
            ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, "AuditCredential"),
            ["issuer"] = did.Did,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = Did(EthPrivateKey.Generate().Address), ["name"] = "audited" },
        };
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = did.VerificationMethodId, ["typ"] = "vc+jwt", ["cty"] = "vc" };
        string input = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(credential.ToJsonString()));
        var jws = JsonValue.Create(input + "." + Base64Url.Encode(key.SignData(System.Text.Encoding.ASCII.GetBytes(input), System.Security.Cryptography.HashAlgorithmName.SHA256)));

        var before = await VerifiedAsync(app.CreateClient(), jws);
        var admin = await SignedInAsync(app, app.Admin);
        var added = await admin.PostAsJsonAsync("/v1/trusted-issuers", new { did = did.Did, name = "Key Audits", types = new[] { "AuditCredential" }, reason = "did:key auditor" }, Ct);
        var (status, after) = await VerifiedAsync(app.CreateClient(), jws);

        Assert.Equal(HttpStatusCode.BadRequest, before.Status);
        Assert.Equal(("passed", "signature.ok"), Check(before.Body, "signature"));
        Assert.Equal(("failed", "issuer.untrusted"), Check(before.Body, "issuer"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.True(status == HttpStatusCode.OK, after.ToString());
        Assert.Equal(("passed", "issuer.ok"), Check(after, "issuer"));
    }

    /// <summary>
    /// A product type must carry our anchor status: one signed by our own key but never anchored (a
    /// draft that leaked, a key used outside the service) has no status a buyer could check and
    /// must not read as valid, whoever signed it.
    /// </summary>
    [Fact]
    public async Task OurProductType_WithoutAnchorStatus_FailsStatusRequired_EvenWhenOurIssuerSignedIt()
    {
        var ours = app.Services.GetRequiredService<IssuerKeys>().Default;
        using var party = EthPrivateKey.Generate();
        var header = new CredentialHeader(CredentialHeader.NewId(), ours.Did.Did, DateTimeOffset.UtcNow.AddMinutes(-5));
        var unanchored = Eip712CredentialSigner.Sign(
            CredentialBuilder.Reputation(header, new ReputationClaim(Did(party.Address), 99m, 1, 40, 1, "trustledger-score/1")),
            ours.Key, ours.VerificationMethod, ChainId, DateTimeOffset.UtcNow);

        var (status, result) = await VerifiedAsync(app.CreateClient(), unanchored);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("passed", "signature.ok"), Check(result, "signature"));
        Assert.Equal(("passed", "issuer.ok"), Check(result, "issuer"));
        Assert.Equal(("failed", "status.required"), Check(result, "status"));
        Assert.Equal("status.required", Verdict(result).Code);
    }

    [Fact]
    public async Task TrustedIssuers_AreGovernedByAdminsOnly()
    {
        using var party = EthPrivateKey.Generate();
        var body = new { did = Did(party.Address), name = "Me", types = new[] { "AuditCredential" }, reason = "trust me" };

        await (await app.CreateClient().PostAsJsonAsync("/v1/trusted-issuers", body, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
        var self = await SignedInAsync(app, party);
        await (await self.PostAsJsonAsync("/v1/trusted-issuers", body, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        var issuer = await SignedInAsync(app, app.Issuer);
        await (await issuer.PostAsJsonAsync("/v1/trusted-issuers", body, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");

        var list = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/trusted-issuers", Ct);
        Assert.DoesNotContain(list.GetProperty("issuers").EnumerateArray(), i => i.GetProperty("did").GetString()!.EndsWith(party.Address.ToLowerHex()));
    }
}

public sealed class SqliteForgedCredentialTests(TrustApplication app)
    : ForgedCredentialTests<TrustApplication>(app), IClassFixture<TrustApplication>;

public sealed class PostgresForgedCredentialTests(PostgresTrustApplication app)
    : ForgedCredentialTests<PostgresTrustApplication>(app), IClassFixture<PostgresTrustApplication>;

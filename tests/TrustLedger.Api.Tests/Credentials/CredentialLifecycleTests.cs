using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>
/// Issue over the VC API, the anchor relayed and indexed, verification reading status from the
/// indexed chain, revocation; on SQLite and on PostgreSQL.
/// </summary>
public abstract class CredentialLifecycleTests<TApp>(TApp app) where TApp : AuthApplication
{
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();

    [Fact]
    public async Task IssueEip712_IsAnchoredAtItsPrecomputedUid_ThenVerifiesActiveAsOfABlock()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = await IssuedAsync(issuer, Credential(_supplier.Address));
        var id = IdOf(credential);
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");
        Assert.Equal(issuers.GetProperty("default").GetString(), credential["issuer"]!.GetValue<string>());
        Assert.Equal(VcConstants.Eip712ProofType, credential["proof"]!["type"]!.GetValue<string>());
        var status = credential["credentialStatus"]!;
        // Since Bitstring Status List support, our status entry is a BitstringStatusListEntry that also names the anchor.
        Assert.Equal("BitstringStatusListEntry", status["type"]!.GetValue<string>());
        Assert.Equal(Hex.Encode(Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(id))), status["anchorKey"]!.GetValue<string>());

        // The anchor's uid is issuer << 96 | low 96 bits of the anchor key: known before it is mined.
        var expectedUid = RegistryUids.UidOf(issuers.GetProperty("address").GetString()!.ToLowerInvariant(),
            new System.Numerics.BigInteger(Hex.Decode(status["anchorKey"]!.GetValue<string>()).AsSpan(20, 12), isUnsigned: true, isBigEndian: true));
        var view = await WaitForStateAsync(issuer, id, "active");
        Assert.Equal(expectedUid, view.GetProperty("anchor").GetProperty("uid").GetString());
        var anchor = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/attestations/{expectedUid}");
        Assert.Equal("confirmed", anchor.GetProperty("status").GetString());
        Assert.Equal("credential-anchor", anchor.GetProperty("schemaName").GetString());
        Assert.Equal(_supplier.Address.ToLowerHex(), anchor.GetProperty("subject").GetString());
        // data = abi.encode(bytes32 credentialHash, string credentialId): the hash is the first word.
        Assert.StartsWith(view.GetProperty("anchor").GetProperty("hash").GetString()!, anchor.GetProperty("data").GetString());

        var verify = await VerifyAsync(app.CreateClient(), credential);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verify.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal(("passed", "status.active"), Check(result, "status"));
        Assert.True(result.GetProperty("statusAsOfBlock").GetInt64() >= anchor.GetProperty("block").GetInt64());
        Assert.Contains("proof", result.GetProperty("checks").EnumerateArray().Select(c => c.GetString()));
        Assert.Empty(result.GetProperty("problemDetails").EnumerateArray());
    }

    [Fact]
    public async Task Revoke_RevokesTheAnchor_ThenVerificationFailsWithTheRevokedCode()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = await IssuedAsync(issuer, Credential(_supplier.Address));
        var id = IdOf(credential);
        await WaitForStateAsync(issuer, id, "active");

        var revoke = await issuer.PostAsync(PathOf(id) + "/revoke", null);
        Assert.Equal(HttpStatusCode.Accepted, revoke.StatusCode);
        var request = (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetInt64();
        var again = await issuer.PostAsync(PathOf(id) + "/revoke", null);
        Assert.Equal(request, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetInt64());
        var view = await WaitForStateAsync(issuer, id, "revoked");
        Assert.Equal("status.revoked", view.GetProperty("status").GetProperty("code").GetString());

        var verify = await VerifyAsync(app.CreateClient(), credential);
        Assert.Equal(HttpStatusCode.BadRequest, verify.StatusCode);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("verified").GetBoolean());
        Assert.Equal(("failed", "status.revoked"), Check(result, "status"));
        Assert.Equal(("passed", "signature.ok"), Check(result, "signature"));
        Assert.Contains(result.GetProperty("problemDetails").EnumerateArray(), p => p.GetProperty("code").GetString() == "status.revoked");
    }

    [Fact]
    public async Task IssueAsJwt_ReturnsAnEnvelope_ThatVerifiesOnceAnchored()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var envelope = await IssuedAsync(issuer, Credential(_supplier.Address), format: "vc+jwt");
        Assert.Equal(VcConstants.EnvelopedCredentialType, envelope["type"]!.GetValue<string>());
        Assert.StartsWith(VcConstants.EnvelopeDataUrlPrefix, envelope["id"]!.GetValue<string>());
        var id = IdOf(envelope);

        var pending = await (await VerifyAsync(app.CreateClient(), envelope)).Content.ReadFromJsonAsync<JsonElement>();
        var (outcome, code) = Check(pending, "status");
        Assert.True(code is "status.not_anchored" or "status.active", $"{outcome} {code}");
        var view = await WaitForStateAsync(issuer, id, "active");
        Assert.Equal("vc+jwt", view.GetProperty("mechanism").GetString());

        var verify = await VerifyAsync(app.CreateClient(), envelope);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verify.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal("vc+jwt", result.GetProperty("mechanism").GetString());
        // The bare compact JWS verifies too.
        var bare = await VerifyAsync(app.CreateClient(), JsonValue.Create(view.GetProperty("jws").GetString())!);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
    }

    [Fact]
    public async Task IssuedCredentials_AreListedForTheirHolder_AndStoredWithTheirDocument()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        using var holder = EthPrivateKey.Generate();
        var first = IdOf(await IssuedAsync(issuer, Credential(holder.Address)));
        var second = IdOf(await IssuedAsync(issuer, Credential(holder.Address), format: "vc+jwt"));

        var page = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/credentials?holder={holder.Address}&limit=1");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Single(items);
        var next = page.GetProperty("nextCursor").GetString();
        var rest = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/credentials?holder={holder.Address.ToLowerHex()}&cursor={next}");
        var ids = items.Concat(rest.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { first, second }, ids);
        Assert.All(items, i => Assert.Equal([holder.Address.ToLowerHex()], i.GetProperty("holders").EnumerateArray().Select(h => h.GetString())));

        var stored = await app.CreateClient().GetFromJsonAsync<JsonElement>(PathOf(first));
        Assert.Equal(first, stored.GetProperty("verifiableCredential").GetProperty("id").GetString());
        Assert.Equal("SupplierCredential", stored.GetProperty("type").GetString());
        var status = await app.CreateClient().GetFromJsonAsync<JsonElement>(PathOf(first) + "/status");
        Assert.True(status.GetProperty("state").GetString() is "anchoring" or "active");
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(PathOf("urn:uuid:00000000-0000-0000-0000-000000000000"))).StatusCode);
    }

    [Fact]
    public async Task IssuingTheSameIdTwice_IsAConflict()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = Credential(_supplier.Address);
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        await IssuedAsync(issuer, credential);

        var again = await IssueAsync(issuer, credential);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "credential-exists");
    }
}

public sealed class SqliteCredentialLifecycleTests(AuthApplication app)
    : CredentialLifecycleTests<AuthApplication>(app), IClassFixture<AuthApplication>;

public sealed class PostgresCredentialLifecycleTests(PostgresAuthApplication app)
    : CredentialLifecycleTests<PostgresAuthApplication>(app), IClassFixture<PostgresAuthApplication>;

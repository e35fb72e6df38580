using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>
/// SD-JWT VC (dc+sd-jwt) of our credentials: the OpenWallet Foundation's @sd-jwt/sd-jwt-vc
/// (tests/interop/sd-jwt-vc.mjs) verifies what we issue (signature, digests, Token Status List, vct
/// metadata) and presents two of six disclosures with a KB-JWT, which our verifier accepts; tampered
/// disclosures and key bindings are refused with their codes; revoking the credential revokes its
/// SD-JWT VCs for both verifiers. On SQLite and on PostgreSQL.
/// </summary>
public abstract class SdJwtTests<TApp>(TApp app) where TApp : AuthApplication
{
    private const string Audience = "https://buyer.example";
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();
    private readonly EthPrivateKey _endorser = EthPrivateKey.Generate();
    private readonly EthPrivateKey _wallet = EthPrivateKey.Generate();

    [Fact]
    public async Task Library_VerifiesOurSdJwtVc_AndPresentsTwoDisclosures_ThatWeVerify_AndRevocationReachesBoth()
    {
        var (id, issued, vct) = await IssuedSdJwtAsync();
        Assert.Equal("http://localhost/v1/vct/EndorsementCredential", vct);
        string nonce = Base64Url.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        var library = await LibraryAsync(issued, ["rating", "endorser"], nonce);
        Assert.True(library["verified"]!.GetValue<bool>(), library["error"]?.ToString());
        Assert.Equal("Endorsement", library["vctName"]?.GetValue<string>());
        Assert.Equal(4, library["payload"]!["rating"]!.GetValue<int>());
        Assert.Equal("on time, every time", library["payload"]!["comment"]!.GetValue<string>());
        Assert.Equal(Did(_supplier.Address), library["payload"]!["sub"]!.GetValue<string>());

        string presentation = library["presentation"]!.GetValue<string>();
        var ours = await VerifyAsync(presentation, Audience, nonce);
        Assert.Equal(HttpStatusCode.OK, ours.Status);
        Assert.True(ours.Body.GetProperty("verdict").GetProperty("trusted").GetBoolean(), ours.Body.ToString());
        var claims = ours.Body.GetProperty("claims");
        Assert.Equal(4, claims.GetProperty("rating").GetInt32());
        Assert.Equal(Did(_endorser.Address), claims.GetProperty("endorser").GetString());
        Assert.False(claims.TryGetProperty("comment", out _));
        Assert.False(claims.TryGetProperty("_sd", out _));
        Assert.Equal(2, ours.Body.GetProperty("disclosed").GetArrayLength());
        Assert.Equal(("passed", "holder.ok"), CheckOf(ours.Body, "holder"));
        Assert.Equal(("passed", "status.active"), CheckOf(ours.Body, "status"));

        var issuer = await SignedInAsync(app, app.Issuer);
        Assert.Equal(HttpStatusCode.Accepted, (await issuer.PostAsync(PathOf(id) + "/revoke", null)).StatusCode);
        var revoked = await LibraryAsync(issued, ["rating"], nonce);
        Assert.False(revoked["verified"]!.GetValue<bool>());
        Assert.Contains("Status", revoked["error"]!.GetValue<string>());
        var after = await VerifyAsync(presentation, Audience, nonce);
        Assert.Equal(HttpStatusCode.BadRequest, after.Status);
        Assert.Equal(("failed", "status.revoked"), CheckOf(after.Body, "status"));
        // A revoked credential is not handed out as a new SD-JWT VC either.
        var holder = await SignedInAsync(app, _supplier);
        await (await holder.PostAsJsonAsync(PathOf(id) + "/sd-jwt", new { holderKey = VcJwt.PublicJwk(_wallet.PublicKey) }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "sd-jwt-unavailable");
    }

    [Fact]
    public async Task TamperedDisclosures_AndKeyBindings_AreRefused_WithTheirCodes()
    {
        var (_, issued, _) = await IssuedSdJwtAsync();
        string nonce = "n-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var two = SdJwtVc.Select(issued, new HashSet<string> { "rating", "category" });
        Assert.Equal(2, two.Disclosures.Count);
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(SdJwtVc.WithKeyBinding(two, _wallet, Audience, nonce, now), Audience, nonce)).Status);

        async Task Refused(string presentation, string check, string code, string? nonceAsked = null)
        {
            var (status, body) = await VerifyAsync(presentation, Audience, nonceAsked ?? nonce);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(ProblemType("sd-jwt-not-verified"), body.GetProperty("type").GetString());
            Assert.Equal(("failed", code), CheckOf(body, check));
            Assert.False(body.GetProperty("verdict").GetProperty("trusted").GetBoolean());
        }

        // A disclosure the issuer never signed: rating 5 instead of 4.
        var forged = Disclosure.Create("rating", 5);
        var withForged = new SdJwtParts(two.IssuerJwt, [forged.Encoded, two.Disclosures[1]], null);
        await Refused(SdJwtVc.WithKeyBinding(withForged, _wallet, Audience, nonce, now), "disclosures", SdJwtCodes.DisclosureInvalid);
        // The same disclosure twice.
        var twice = new SdJwtParts(two.IssuerJwt, [two.Disclosures[0], two.Disclosures[0]], null);
        await Refused(SdJwtVc.WithKeyBinding(twice, _wallet, Audience, nonce, now), "disclosures", SdJwtCodes.DisclosureInvalid);
        // Not base64url JSON at all.
        await Refused(two.IssuerJwt + "~%%%~", "disclosures", SdJwtCodes.DisclosureMalformed);
        // Key binding: missing, another key, another audience, another nonce, stale, over other disclosures.
        await Refused(two.WithoutKeyBinding, "holder", SdJwtCodes.KeyBindingMissing);
        await Refused(SdJwtVc.WithKeyBinding(two, EthPrivateKey.Generate(), Audience, nonce, now), "holder", SdJwtCodes.KeyBindingInvalid);
        await Refused(SdJwtVc.WithKeyBinding(two, _wallet, "https://evil.example", nonce, now), "holder", SdJwtCodes.KeyBindingAudience);
        await Refused(SdJwtVc.WithKeyBinding(two, _wallet, Audience, nonce, now), "holder", SdJwtCodes.KeyBindingNonce, nonceAsked: "another");
        await Refused(SdJwtVc.WithKeyBinding(two, _wallet, Audience, nonce, now.AddMinutes(-30)), "holder", SdJwtCodes.KeyBindingStale);
        var one = new SdJwtParts(two.IssuerJwt, [two.Disclosures[0]], null);
        string kbOverTwo = SdJwtVc.WithKeyBinding(two, _wallet, Audience, nonce, now).Split('~')[^1];
        await Refused(one.WithoutKeyBinding + kbOverTwo, "holder", SdJwtCodes.KeyBindingHash);
        // The issuer's signature over a changed payload.
        var jwt = two.IssuerJwt.Split('.');
        var changed = new SdJwtParts($"{jwt[0]}.{Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes("{\"iss\":\"x\",\"vct\":\"y\"}"))}.{jwt[2]}", [], null);
        var (status, body) = await VerifyAsync(SdJwtVc.WithKeyBinding(changed, _wallet, Audience, nonce, now), Audience, nonce);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("failed", body.GetProperty("checks").EnumerateArray().First(c => c.GetProperty("outcome").GetString() == "failed").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Issue_RefusesOthers_BadKeys_AndCredentialsOfOtherTypes()
    {
        var (id, _, _) = await IssuedSdJwtAsync();
        var stranger = await SignedInAsync(app, EthPrivateKey.Generate());
        var key = VcJwt.PublicJwk(_wallet.PublicKey);
        await (await stranger.PostAsJsonAsync(PathOf(id) + "/sd-jwt", new { holderKey = key })).AssertProblemAsync(HttpStatusCode.Forbidden, "not-self");
        var holder = await SignedInAsync(app, _supplier);
        var withSecret = key.DeepClone().AsObject();
        withSecret["d"] = "AAAA";
        await (await holder.PostAsJsonAsync(PathOf(id) + "/sd-jwt", new { holderKey = withSecret })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await holder.PostAsJsonAsync(PathOf(id) + "/sd-jwt", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await holder.PostAsJsonAsync(PathOf("urn:uuid:" + Guid.NewGuid()) + "/sd-jwt", new { holderKey = key })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var issuer = await SignedInAsync(app, app.Issuer);
        var other = IdOf(await IssuedAsync(issuer, Credential(_supplier.Address)));
        await (await holder.PostAsJsonAsync(PathOf(other) + "/sd-jwt", new { holderKey = key })).AssertProblemAsync(HttpStatusCode.Conflict, "sd-jwt-unavailable");
        await (await app.CreateClient().GetAsync("/v1/vct/NoSuchCredential")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await app.CreateClient().PostAsJsonAsync("/v1/sd-jwt/verify", new { sdJwt = "x~", audience = Audience })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    /// <summary>Another issuer's own type: our product types are ours alone to issue, so a third party's SD-JWT VC names its own vct, and is trusted for that.</summary>
    private const string OtherVct = "https://chamber.example/vct/MembershipCredential";

    [Fact]
    public async Task WeVerify_AnSdJwtVcTheLibraryIssued_OnceItsIssuerIsTrustedForTheType()
    {
        using var other = EthPrivateKey.Generate();
        string iss = Did(other.Address);
        var input = new JsonObject
        {
            ["issuerJwk"] = PrivateJwk(other), ["iss"] = iss, ["kid"] = iss + "#blockchainAccountId",
            ["vct"] = OtherVct, ["holderJwk"] = PrivateJwk(_wallet),
            ["claims"] = new JsonObject { ["sub"] = Did(_supplier.Address), ["rating"] = 3, ["comment"] = "fine", ["endorser"] = Did(_endorser.Address) },
            ["sd"] = new JsonArray("rating", "comment", "endorser"), ["disclose"] = new JsonArray("rating"), ["audience"] = Audience, ["nonce"] = "n-lib",
        };
        var made = InteropScripts.Run("sd-jwt-vc-issue.mjs", input);
        string presentation = made["presentation"]!.GetValue<string>();

        var before = await VerifyAsync(presentation, Audience, "n-lib");
        Assert.Equal(HttpStatusCode.BadRequest, before.Status);
        Assert.Equal(("passed", "signature.ok"), CheckOf(before.Body, "signature"));
        Assert.Equal(("failed", "issuer.untrusted"), CheckOf(before.Body, "issuer"));

        var admin = await SignedInAsync(app, app.Admin);
        var added = await admin.PostAsJsonAsync("/v1/trusted-issuers", new { did = iss, name = "Another chamber", types = new[] { OtherVct }, reason = "interop test" });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var after = await VerifyAsync(presentation, Audience, "n-lib");
        Assert.True(after.Status == HttpStatusCode.OK, after.Body.ToString());
        Assert.Equal(3, after.Body.GetProperty("claims").GetProperty("rating").GetInt32());
        Assert.False(after.Body.GetProperty("claims").TryGetProperty("comment", out _));
        Assert.Equal(("passed", "holder.ok"), CheckOf(after.Body, "holder"));
        Assert.Equal(("skipped", "status.none"), CheckOf(after.Body, "status"));
    }


    /// <summary>An EndorsementCredential issued (and anchored) by our issuer about the supplier, then taken by the supplier as an SD-JWT VC bound to its wallet key.</summary>
    private async Task<(string Id, string Issued, string Vct)> IssuedSdJwtAsync()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");
        var header = new CredentialHeader(CredentialHeader.NewId(), issuers.GetProperty("default").GetString()!, DateTimeOffset.FromUnixTimeSeconds(1767225600), null);
        var claim = new EndorsementClaim(Did(_supplier.Address), Did(_endorser.Address), 4, "delivery", "0x" + new string('a', 64),
            DateTimeOffset.FromUnixTimeSeconds(1767225600), "on time, every time");
        var id = IdOf(await IssuedAsync(issuer, CredentialBuilder.Endorsement(header, claim)));
        await WaitForStateAsync(issuer, id, "active");
        var holder = await SignedInAsync(app, _supplier);
        var response = await holder.PostAsJsonAsync(PathOf(id) + "/sd-jwt", new { holderKey = VcJwt.PublicJwk(_wallet.PublicKey) });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("dc+sd-jwt", body.GetProperty("format").GetString());
        Assert.Equal(6, body.GetProperty("disclosable").GetArrayLength());
        return (id, body.GetProperty("credential").GetString()!, body.GetProperty("vct").GetString()!);
    }

    private async Task<JsonNode> LibraryAsync(string issued, string[] disclose, string nonce)
    {
        Assert.True(SdJwtParts.TryParse(issued, out var parts, out _));
        Assert.True(VcJwt.TryParse(parts!.IssuerJwt, out var jws, out _));
        string statusUri = jws!.Payload.GetProperty("status").GetProperty("status_list").GetProperty("uri").GetString()!;
        string vct = jws.Payload.GetProperty("vct").GetString()!;
        var client = app.CreateClient();
        var list = await client.GetAsync(new Uri(statusUri).AbsolutePath);
        Assert.Equal("application/statuslist+jwt", list.Content.Headers.ContentType?.MediaType);
        var metadata = JsonNode.Parse(await client.GetStringAsync(new Uri(vct).AbsolutePath))!;
        var issuers = await client.GetFromJsonAsync<JsonElement>("/v1/issuers");
        var holderJwk = PrivateJwk(_wallet);
        return InteropScripts.Run("sd-jwt-vc.mjs", new JsonObject
        {
            ["issued"] = issued,
            ["issuerJwk"] = JsonNode.Parse(issuers.GetProperty("issuers")[0].GetProperty("publicKeyJwk").GetRawText()),
            ["holderJwk"] = holderJwk,
            ["disclose"] = new JsonArray([.. disclose.Select(d => (JsonNode)d)]),
            ["audience"] = Audience,
            ["nonce"] = nonce,
            ["statusLists"] = new JsonObject { [statusUri] = await list.Content.ReadAsStringAsync() },
            ["typeMetadata"] = new JsonObject { [vct] = metadata },
        });
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> VerifyAsync(string presentation, string audience, string nonce)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/v1/sd-jwt/verify", new { sdJwt = presentation, audience, nonce });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static (string Outcome, string Code) CheckOf(JsonElement body, string check)
    {
        var entry = body.GetProperty("checks").EnumerateArray().FirstOrDefault(c => c.GetProperty("check").GetString() == check);
        Assert.True(entry.ValueKind == JsonValueKind.Object, $"no {check} check in {body}");
        return (entry.GetProperty("outcome").GetString()!, entry.GetProperty("code").GetString()!);
    }

    private static string ProblemType(string code) => "https://trustledger.dev/problems/" + code;
}

public sealed class SqliteSdJwtTests(AuthApplication app) : SdJwtTests<AuthApplication>(app), IClassFixture<AuthApplication>;

public sealed class PostgresSdJwtTests(PostgresAuthApplication app) : SdJwtTests<PostgresAuthApplication>(app), IClassFixture<PostgresAuthApplication>;

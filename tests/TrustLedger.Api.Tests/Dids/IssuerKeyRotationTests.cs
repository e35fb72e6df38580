using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Dids;

/// <summary>
/// The issuer's signing key rotates through the real ERC-1056 registry while its DID stays
/// did:ethr:0x7a69:&lt;identity&gt;: credentials signed before verify against the key of their time,
/// new ones sign with the new key, a revoked key cannot sign anything new, a new key cannot sign
/// anything older than itself. On SQLite and PostgreSQL (the rotation's transactions are recorded).
/// </summary>
public abstract class IssuerKeyRotationTests<TApp>(TApp app) where TApp : EthrDidApplication
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();

    [Fact]
    public async Task Rotation_KeepsTheDid_OldCredentialsVerify_NewOnesSignWithTheNewKey()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var admin = await SignedInAsync(app, app.Admin);
        var keys = app.Services.GetRequiredService<IssuerKeys>();
        string did = keys.EthrDid;

        var original = await IssuedAsync(issuer, Now(Credential(_supplier.Address, did)), "vc+jwt");
        Assert.Equal(did + "#controller", KidOf(original));

        var first = await RotateAsync(admin, revokePrevious: true);
        Assert.Equal(1, first.GetProperty("generation").GetInt32());
        string firstMethod = first.GetProperty("verificationMethod").GetString()!;
        Assert.StartsWith(did + "#delegate-", firstMethod);
        Assert.Null(first.GetProperty("revokeTransaction").GetString()); // nothing to revoke the first time
        var byFirst = await IssuedAsync(issuer, Now(Credential(_supplier.Address, did)), "vc+jwt");
        var byFirstEip712 = await IssuedAsync(issuer, Now(Credential(_supplier.Address, did)));
        Assert.Equal(firstMethod, KidOf(byFirst));
        Assert.Equal(firstMethod, byFirstEip712["proof"]!["verificationMethod"]!.GetValue<string>());
        // The default issuer (no issuer named) is now the rotating DID.
        Assert.Equal(did, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers", Ct)).GetProperty("default").GetString());

        var second = await RotateAsync(admin, revokePrevious: true);
        string secondMethod = second.GetProperty("verificationMethod").GetString()!;
        Assert.Equal(2, second.GetProperty("generation").GetInt32());
        Assert.NotEqual(firstMethod, secondMethod);
        Assert.NotNull(second.GetProperty("revokeTransaction").GetString());
        var bySecond = await IssuedAsync(issuer, Now(Credential(_supplier.Address, did)), "vc+jwt");
        Assert.Equal(secondMethod, KidOf(bySecond));

        foreach (var (name, credential) in new[] { ("original", original), ("byFirst", byFirst), ("byFirstEip712", byFirstEip712), ("bySecond", bySecond) })
        {
            var result = await (await VerifyAsync(app.CreateClient(), credential)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(Check(result, "signature") == ("passed", "signature.ok") && Check(result, "issuer").Outcome == "passed", $"{name}: {result}");
        }

        // Past the revocation's block time: the document no longer lists the first key.
        await EthrRegistry.PastLatestBlockAsync(app.RpcUrl);
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync($"/v1/dids/{did}", Ct))!;
        var ids = document["assertionMethod"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(secondMethod, ids);
        Assert.DoesNotContain(firstMethod, ids);

        // The revoked key signing now, and the new key claiming to have signed an hour before it existed, both fail.
        var leaked = Forge(keys.DeriveSigningKey(1), firstMethod, did, DateTimeOffset.UtcNow);
        Assert.Equal("failed", (await SignatureAndIssuerAsync(leaked)).Item1.Item1);
        var backdated = Forge(keys.DeriveSigningKey(2), secondMethod, did, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal("failed", (await SignatureAndIssuerAsync(backdated)).Item1.Item1);
        // The same forgery with the key of that time passes the signature: what is refused is the key, not the shape.
        var control = Forge(keys.DeriveSigningKey(2), secondMethod, did, DateTimeOffset.UtcNow);
        Assert.Equal("passed", (await SignatureAndIssuerAsync(control)).Item1.Item1);
    }

    [Fact]
    public async Task Rotation_IsForAdminsOnly_AndChecksItsInput()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        Assert.Equal(HttpStatusCode.Forbidden, (await issuer.PostAsJsonAsync("/v1/issuers/keys/rotate", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/v1/issuers/keys/rotate", new { }, Ct)).StatusCode);
        var admin = await SignedInAsync(app, app.Admin);
        var bad = await admin.PostAsJsonAsync("/v1/issuers/keys/rotate", new { validityDays = 0 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("validityDays", await bad.Content.ReadAsStringAsync(Ct));
    }

    private static JsonObject Now(JsonObject credential)
    {
        credential["validFrom"] = XmlDateTime.Format(DateTimeOffset.UtcNow);
        return credential;
    }

    private JsonObject Forge(EthPrivateKey key, string kid, string did, DateTimeOffset validFrom)
    {
        var credential = Credential(_supplier.Address, did);
        credential["validFrom"] = XmlDateTime.Format(validFrom);
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        return VcJwt.Envelope(VcJwt.Sign(credential, key, kid));
    }

    private static async Task<JsonElement> RotateAsync(HttpClient admin, bool revokePrevious)
    {
        var response = await admin.PostAsJsonAsync("/v1/issuers/keys/rotate", new { revokePrevious, validityDays = 30 }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"rotate: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<((string, string), string)> SignatureAndIssuerAsync(JsonObject credential)
    {
        var result = await (await VerifyAsync(app.CreateClient(), credential)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (Check(result, "signature"), Check(result, "issuer").Outcome);
    }

    private static string KidOf(JsonObject envelope)
    {
        var jws = envelope["id"]!.GetValue<string>().Split(',', 2)[1];
        Assert.True(VcJwt.TryParse(jws, out var parsed, out _));
        return parsed!.Kid!;
    }
}

public sealed class SqliteIssuerKeyRotationTests(EthrDidApplication app) : IssuerKeyRotationTests<EthrDidApplication>(app), IClassFixture<EthrDidApplication>;

public sealed class PostgresIssuerKeyRotationTests(PostgresEthrDidApplication app) : IssuerKeyRotationTests<PostgresEthrDidApplication>(app), IClassFixture<PostgresEthrDidApplication>;

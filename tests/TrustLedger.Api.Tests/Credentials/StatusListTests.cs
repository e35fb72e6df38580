using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>
/// Bitstring Status List v1.0 for the credentials we issue: the entry in the credential, the list
/// credential served at its URL, Digital Bazaar's checker (tests/interop/check-bitstring-status.mjs)
/// flipping from valid to revoked when we revoke, and each version's bitstring hash anchored on chain.
/// On SQLite and on PostgreSQL.
/// </summary>
public abstract class StatusListTests<TApp>(TApp app) where TApp : AuthApplication
{
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();

    [Theory]
    [InlineData(null)]
    [InlineData("vc+jwt")]
    public async Task Revoke_FlipsTheCredentialsBit_ForAnIndependentChecker_AndAnchorsTheNewList(string? format)
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var credential = await IssuedAsync(issuer, Credential(_supplier.Address), format);
        var id = IdOf(credential);
        var document = format is null ? credential : PayloadOf(credential);
        var entry = document["credentialStatus"]!.AsObject();
        Assert.Equal("BitstringStatusListEntry", entry["type"]!.GetValue<string>());
        Assert.Equal("revocation", entry["statusPurpose"]!.GetValue<string>());
        var listUrl = entry["statusListCredential"]!.GetValue<string>();
        Assert.StartsWith("http://localhost/v1/status-lists/", listUrl); // under Credentials:PublicBaseUrl
        Assert.Equal($"{listUrl}#{entry["statusListIndex"]!.GetValue<string>()}", entry["id"]!.GetValue<string>());
        Assert.Equal(CredentialAnchor.KeyHex(id), entry["anchorKey"]!.GetValue<string>());
        await WaitForStateAsync(issuer, id, "active");

        var before = await ListAsync(listUrl);
        Assert.Equal((true, false), Independent(document, listUrl, before, await JwkAsync()));
        Assert.Equal(("passed", "status.active"), Check(await VerifiedAsync(credential), "status"));

        Assert.Equal(HttpStatusCode.Accepted, (await issuer.PostAsync(PathOf(id) + "/revoke", null)).StatusCode);
        var after = await ListAsync(listUrl);
        Assert.NotEqual(before, after);
        Assert.Equal((true, true), Independent(document, listUrl, after, await JwkAsync()));
        Assert.Equal(("failed", "status.revoked"), Check(await VerifiedAsync(credential), "status"));

        // The served list is the anchored list: keccak256 of its bitstring is on chain under the version's anchor.
        var versions = await app.CreateClient().GetFromJsonAsync<JsonElement>(new Uri(listUrl).AbsolutePath + "/versions");
        var newest = versions.GetProperty("versions")[0];
        Assert.Equal(Hex.Encode(Keccak256.Hash(Bitstring(after))), newest.GetProperty("bitstringHash").GetString());
        Assert.Equal(listUrl + "#v" + newest.GetProperty("version").GetInt64(), newest.GetProperty("anchoredId").GetString());
        var anchor = await ConfirmedAsync(newest.GetProperty("anchorUid").GetString()!);
        Assert.Equal("credential-anchor", anchor.GetProperty("schemaName").GetString());
        Assert.StartsWith(newest.GetProperty("bitstringHash").GetString()!, anchor.GetProperty("data").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("vc+jwt")]
    public async Task Suspend_ThenReinstate_FlipsTheSuspensionBit_ForAnIndependentChecker_AndAnchorsEachList(string? format)
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var keys = app.Services.GetRequiredService<IssuerKeys>();
        var endorsement = CredentialBuilder.Endorsement(new CredentialHeader(CredentialHeader.NewId(), keys.Default.Did.Did, DateTimeOffset.UtcNow.AddMinutes(-5)),
            new EndorsementClaim(EthDid.Pkh(31337, _supplier.Address), EthDid.Pkh(31337, EthPrivateKey.Generate().Address), 5, "delivery",
                "0x" + new string('f', 64), DateTimeOffset.UtcNow.AddDays(-1)));
        var credential = await IssuedAsync(issuer, endorsement, format);
        var id = IdOf(credential);
        var document = format is null ? credential : PayloadOf(credential);
        var entries = document["credentialStatus"]!.AsArray();
        Assert.Equal(["revocation", "suspension"], entries.Select(e => e!["statusPurpose"]!.GetValue<string>()));
        var suspension = entries[1]!.AsObject();
        var listUrl = suspension["statusListCredential"]!.GetValue<string>();
        Assert.Equal(entries[0]!["statusListCredential"]!.GetValue<string>() + "/suspension", listUrl);
        Assert.Equal(entries[0]!["statusListIndex"]!.GetValue<string>(), suspension["statusListIndex"]!.GetValue<string>());
        await WaitForStateAsync(issuer, id, "active");
        // Digital Bazaar's checker reads one entry at a time: the suspension one.
        var onlySuspension = document.DeepClone().AsObject();
        onlySuspension["credentialStatus"] = suspension.DeepClone();

        var before = await ListAsync(listUrl);
        Assert.Equal((true, false), Independent(onlySuspension, listUrl, before, await JwkAsync()));
        Assert.Equal(("passed", "status.active"), Check(await VerifiedAsync(credential), "status"));

        Assert.Equal(HttpStatusCode.Accepted, (await issuer.PostAsync(PathOf(id) + "/suspend", null)).StatusCode);
        var suspended = await ListAsync(listUrl);
        Assert.Equal((true, true), Independent(onlySuspension, listUrl, suspended, await JwkAsync()));
        Assert.Equal(("failed", "status.suspended"), Check(await VerifiedAsync(credential), "status"));
        await WaitForStateAsync(issuer, id, "suspended");

        Assert.Equal(HttpStatusCode.Accepted, (await issuer.PostAsync(PathOf(id) + "/reinstate", null)).StatusCode);
        var reinstated = await ListAsync(listUrl);
        Assert.Equal((true, false), Independent(onlySuspension, listUrl, reinstated, await JwkAsync()));
        Assert.Equal(("passed", "status.active"), Check(await VerifiedAsync(credential), "status"));
        await WaitForStateAsync(issuer, id, "active");

        // Each suspension list version is anchored like the revocation list's: the served bitstring's hash is on chain.
        var versions = await app.CreateClient().GetFromJsonAsync<JsonElement>(new Uri(listUrl).AbsolutePath + "/versions");
        Assert.Equal("suspension", versions.GetProperty("purpose").GetString());
        var newest = versions.GetProperty("versions")[0];
        Assert.Equal(Hex.Encode(Keccak256.Hash(Bitstring(reinstated))), newest.GetProperty("bitstringHash").GetString());
        Assert.Equal(Hex.Encode(Keccak256.Hash(Bitstring(suspended))), versions.GetProperty("versions")[1].GetProperty("bitstringHash").GetString());
        var anchor = await ConfirmedAsync(newest.GetProperty("anchorUid").GetString()!);
        Assert.StartsWith(newest.GetProperty("bitstringHash").GetString()!, anchor.GetProperty("data").GetString());
    }

    [Fact]
    public async Task Suspend_ACredentialWithoutASuspensionEntry_Is409()
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var id = IdOf(await IssuedAsync(issuer, Credential(_supplier.Address)));

        await (await issuer.PostAsync(PathOf(id) + "/suspend", null)).AssertProblemAsync(HttpStatusCode.Conflict, "credential-not-suspendable");
        await (await issuer.PostAsync(PathOf("urn:uuid:" + Guid.NewGuid()) + "/suspend", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        // Same auth as revoke: the issuer role.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync(PathOf(id) + "/suspend", null)).StatusCode);
    }

    [Fact]
    public async Task StatusListUrls_AnswerProblems_ForBadOrUnknownLists()
    {
        var client = app.CreateClient();
        await (await client.GetAsync("/v1/status-lists/abc")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await client.GetAsync("/v1/status-lists/0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await client.GetAsync("/v1/status-lists/999999")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private async Task<string> ListAsync(string listUrl)
    {
        var response = await app.CreateClient().GetAsync(new Uri(listUrl).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonNode> JwkAsync()
    {
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");
        return JsonNode.Parse(issuers.GetProperty("issuers")[0].GetProperty("publicKeyJwk").GetRawText())!;
    }

    private async Task<JsonElement> VerifiedAsync(JsonObject credential) =>
        await (await VerifyAsync(app.CreateClient(), credential)).Content.ReadFromJsonAsync<JsonElement>();

    private async Task<JsonElement> ConfirmedAsync(string uid)
    {
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(200))
        {
            var response = await app.CreateClient().GetAsync($"/v1/attestations/{uid}");
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<JsonElement>() is var a && a.GetProperty("status").GetString() == "confirmed")
                return a;
        }
        throw new TimeoutException($"status list anchor {uid} was not confirmed");
    }

    private static (bool Verified, bool Status) Independent(JsonObject credential, string listUrl, string listJws, JsonNode jwk)
    {
        var answer = InteropScripts.Run("check-bitstring-status.mjs", new JsonObject
        {
            ["credential"] = credential.DeepClone(),
            ["lists"] = new JsonObject { [listUrl] = listJws },
            ["jwk"] = jwk.DeepClone(),
        });
        Assert.True(answer["error"] is null, answer.ToJsonString());
        return (answer["verified"]!.GetValue<bool>(), answer["status"]!.GetValue<bool>());
    }

    private static JsonObject PayloadOf(JsonObject envelope)
    {
        var jws = envelope["id"]!.GetValue<string>()["data:application/vc+jwt,".Length..];
        Assert.True(Base64Url.TryDecode(jws.Split('.')[1], out var payload));
        return JsonNode.Parse(payload)!.AsObject();
    }

    /// <summary>The spec's decoding written out here (multibase 'u' + base64url, then GZIP), not the product's.</summary>
    private static byte[] Bitstring(string listJws)
    {
        Assert.True(Base64Url.TryDecode(listJws.Split('.')[1], out var payload));
        var encoded = JsonNode.Parse(payload)!["credentialSubject"]!["encodedList"]!.GetValue<string>();
        Assert.StartsWith("u", encoded);
        Assert.True(Base64Url.TryDecode(encoded.AsSpan(1), out var compressed));
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        Assert.True(bytes.Length >= 16384);
        return bytes.ToArray();
    }
}

public sealed class SqliteStatusListTests(AuthApplication app) : StatusListTests<AuthApplication>(app), IClassFixture<AuthApplication>;

public sealed class PostgresStatusListTests(PostgresAuthApplication app) : StatusListTests<PostgresAuthApplication>(app), IClassFixture<PostgresAuthApplication>;

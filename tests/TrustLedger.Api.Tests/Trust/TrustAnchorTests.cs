using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Api.Tests.Snapshots;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;
using static TrustLedger.Api.Tests.Trust.ChainFacts;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>
/// Issue 14, point 9: who the trust anchors are is public and governed. Admins add and remove
/// anchors with a reason (nobody else can), the list and its history are public, each snapshot's
/// parameters document records the seed set it was scored with, and a party that no anchor reaches
/// scores 0 with confidence 0 however many accounts vouch for it. The host's configuration makes
/// business 0 an anchor (Reputation:Seeds).
/// </summary>
public abstract class TrustAnchorTests<TApp>(TApp app) where TApp : SnapshotApplication
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> AddAsync(HttpClient client, string address, string? reason = "chamber of commerce member") =>
        client.PostAsJsonAsync("/v1/trust-anchors", new { address, name = "Lyon Chamber of Commerce", reason }, Ct);

    private static Task<HttpResponseMessage> RemoveAsync(HttpClient client, string address, string reason) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/trust-anchors/{address}") { Content = JsonContent.Create(new { reason }) }, Ct);

    private async Task<JsonElement[]> AnchorsAsync() =>
        [.. (await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/trust-anchors", Ct)).GetProperty("anchors").EnumerateArray()];

    [Fact]
    public async Task Anchors_AreChangedOnlyByAdmins_WithAReason_AndListedPubliclyWithTheirHistory()
    {
        using var candidate = EthPrivateKey.Generate();
        var address = candidate.Address.ToLowerHex();
        var admin = await SignedInAsync(app, app.Admin);
        var party = await SignedInAsync(app, candidate);

        await (await AddAsync(app.CreateClient(), address)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
        await (await AddAsync(party, address)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        var blank = await AddAsync(admin, address, reason: " ");
        await blank.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True((await blank.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _), "the 400 names the field: reason");
        Assert.DoesNotContain(await AnchorsAsync(), a => a.GetProperty("address").GetString() == address);

        var added = await AddAsync(admin, candidate.Address.ToString()); // EIP-55 spelling: stored lower-case
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await (await AddAsync(admin, address)).AssertProblemAsync(HttpStatusCode.Conflict, "trust-anchor-exists");

        var listed = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/trust-anchors", Ct);
        Assert.True(listed.GetProperty("sybilResistant").GetBoolean());
        var entry = Assert.Single(listed.GetProperty("anchors").EnumerateArray(), a => a.GetProperty("address").GetString() == address);
        Assert.Equal("governed", entry.GetProperty("source").GetString());
        Assert.Equal("chamber of commerce member", entry.GetProperty("reason").GetString());
        Assert.Equal(app.Admin.Address.ToLowerHex(), entry.GetProperty("addedBy").GetString());
        var configured = Assert.Single(listed.GetProperty("anchors").EnumerateArray(), a => a.GetProperty("address").GetString() == app.Business(0));
        Assert.Equal("configuration", configured.GetProperty("source").GetString());

        await (await RemoveAsync(party, address, "I dislike it")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        await (await RemoveAsync(admin, app.Business(0), "try")).AssertProblemAsync(HttpStatusCode.Conflict, "trust-anchor-configured");
        Assert.Equal(HttpStatusCode.OK, (await RemoveAsync(admin, address, "membership lapsed")).StatusCode);
        await (await RemoveAsync(admin, address, "again")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");

        Assert.DoesNotContain(await AnchorsAsync(), a => a.GetProperty("address").GetString() == address);
        var history = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/trust-anchors/history", Ct);
        var decision = Assert.Single(history.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("subject").GetString() == address);
        Assert.Equal("chamber of commerce member", decision.GetProperty("addedReason").GetString());
        Assert.Equal("membership lapsed", decision.GetProperty("removedReason").GetString());
        Assert.Equal(app.Admin.Address.ToLowerHex(), decision.GetProperty("removedBy").GetString());
    }

    [Fact]
    public async Task TheSeedSet_IsRecordedInEachSnapshotsParameters_AsItWasAtComputeTime()
    {
        var admin = await SignedInAsync(app, app.Admin);
        Assert.Equal(HttpStatusCode.Created, (await AddAsync(admin, app.Business(4))).StatusCode);
        await app.EndorseAsync(0, 1, 5);
        await app.EndorseAsync(4, 2, 4);
        await app.IndexedThroughAsync(await app.EndorseAsync(1, 2, 5));

        var withGoverned = await PublishedSeedsAsync(admin);
        Assert.Equal(new[] { app.Business(0), app.Business(4) }.Order(StringComparer.Ordinal), withGoverned.Seeds);

        Assert.Equal(HttpStatusCode.OK, (await RemoveAsync(admin, app.Business(4), "no longer audited")).StatusCode);
        await app.IndexedThroughAsync(await app.EndorseAsync(2, 1, 3));
        var without = await PublishedSeedsAsync(admin);
        Assert.Equal([app.Business(0)], without.Seeds);
        // The earlier epoch keeps the set it was scored with.
        var earlier = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/snapshots/{withGoverned.Epoch}", Ct);
        Assert.Equal(withGoverned.Seeds, Seeds(earlier));
    }

    private static string[] Seeds(JsonElement details) =>
        [.. details.GetProperty("parameters").GetProperty("seeds").EnumerateArray().Select(s => s.GetString()!)];

    private async Task<(long Epoch, string[] Seeds)> PublishedSeedsAsync(HttpClient admin)
    {
        var response = await admin.PostAsync("/v1/snapshots", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var epoch = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("snapshot").GetProperty("epoch").GetInt64();
        return (epoch, Seeds(await SnapshotsApiTests.PublishedAsync(app.CreateClient(), epoch)));
    }

    [Fact]
    public async Task APartyNoAnchorReaches_ScoresZeroWithConfidenceZero_HoweverManyVouchForIt()
    {
        var sybils = Enumerable.Range(0, 4).Select(_ => EthPrivateKey.Generate()).ToArray();
        try
        {
            var ring = sybils.Select(k => new DirectParty(app, k)).ToArray();
            long last = 0;
            // Four accounts of one attacker vouch for each other in a ring and all for the first.
            for (var i = 0; i < ring.Length; i++)
            {
                last = Math.Max(last, (await ring[i].EndorseAsync(ring[(i + 1) % ring.Length].Address, 5)).Block);
                if (i > 1) last = Math.Max(last, (await ring[i].EndorseAsync(ring[0].Address, 5)).Block);
            }
            last = Math.Max(last, await app.EndorseAsync(0, 1, 5));

            var target = await ReputationAsOfAsync(app.CreateClient(), ring[0].Address, last);
            var reached = await ReputationAsOfAsync(app.CreateClient(), app.Business(1), last);

            Assert.True(target.GetProperty("evidence").GetProperty("endorsements").GetInt32() >= 3);
            Assert.Equal(0, target.GetProperty("score").GetDouble());
            Assert.Equal(0, target.GetProperty("confidence").GetDouble());
            Assert.True(target.GetProperty("sybilResistant").GetBoolean());
            Assert.True(reached.GetProperty("score").GetDouble() > 0, reached.ToString());
        }
        finally
        {
            foreach (var k in sybils) k.Dispose();
        }
    }
}

public sealed class SqliteTrustAnchorTests(SnapshotApplication app) : TrustAnchorTests<SnapshotApplication>(app), IClassFixture<SnapshotApplication>;

public sealed class PostgresTrustAnchorTests(PostgresSnapshotApplication app)
    : TrustAnchorTests<PostgresSnapshotApplication>(app), IClassFixture<PostgresSnapshotApplication>;

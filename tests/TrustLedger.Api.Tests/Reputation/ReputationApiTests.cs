using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Core.Crypto;
using TrustLedger.Api.Tests.Auth;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Reputation;

/// <summary>Endorsements made through the API show up in scores computed from the indexed chain.</summary>
public sealed class ReputationApiTests(TrustLedgerApplication app) : IClassFixture<TrustLedgerApplication>, IAsyncLifetime
{
    private readonly EthPrivateKey[] _parties = [.. Enumerable.Range(0, 5).Select(_ => EthPrivateKey.Generate())];
    private string Supplier => _parties[0].Address.ToLowerHex();

    public async ValueTask InitializeAsync()
    {
        // Four partners endorse the supplier; the supplier endorses one of them back.
        var uids = new List<string>();
        for (var i = 1; i < _parties.Length; i++) uids.Add(await EndorseAsync(_parties[i], Supplier, 5, "logistics"));
        uids.Add(await EndorseAsync(_parties[0], _parties[1].Address.ToLowerHex(), 4, "packaging"));
        var client = app.CreateClient();
        var lastBlock = 0L;
        foreach (var uid in uids) lastBlock = Math.Max(lastBlock, (await WaitForStatusAsync(client, uid, "confirmed")).GetProperty("block").GetInt64());
        // Wait for a board computed at or past the last endorsement's block.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync($"/v1/reputation/{Supplier}");
            if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asOfBlock").GetInt64() >= lastBlock)
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the reputation board did not catch up with the endorsements");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<string> EndorseAsync(EthPrivateKey attester, string subject, int rating, string category)
    {
        var client = await SignedInAsync(app, attester);
        var typed = await TypedDataAsync(client, $"attester={attester.Address}&subject={subject}&rating={rating}&category={category}");
        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, attester));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
    }

    [Fact]
    public async Task Reputation_ReadRightAfterConfirmed_AlreadyCountsTheNewTie()
    {
        var newcomer = EthPrivateKey.Generate().Address.ToLowerHex();
        var uid = await EndorseAsync(_parties[2], newcomer, 5, "packaging");
        var client = app.CreateClient();
        var confirmed = await WaitForStatusAsync(client, uid, "confirmed");

        // No wait between the reads: confirmed means the board this replica serves already has the tie.
        var response = await client.GetAsync($"/v1/reputation/{newcomer}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("asOfBlock").GetInt64() >= confirmed.GetProperty("block").GetInt64());
        Assert.Equal(1, body.GetProperty("evidence").GetProperty("endorsements").GetInt32());
        var leaderboard = await client.GetFromJsonAsync<JsonElement>("/v1/reputation?category=packaging&limit=200");
        Assert.Contains(leaderboard.GetProperty("items").EnumerateArray(), p => p.GetProperty("address").GetString() == newcomer);
        var listed = await client.GetFromJsonAsync<JsonElement>($"/v1/attestations?subject={newcomer}");
        Assert.Equal("confirmed", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reputation_ReadRightAfterRevoked_NoLongerCountsTheTie()
    {
        var newcomer = EthPrivateKey.Generate().Address.ToLowerHex();
        var uid = await EndorseAsync(_parties[3], newcomer, 4, "");
        var client = await SignedInAsync(app, _parties[3]);
        await WaitForStatusAsync(client, uid, "confirmed");
        var revocation = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            $"/v1/attestations/{uid}/revocation/typed-data?revoker={_parties[3].Address}");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, $"/v1/attestations/{uid}/revoke", revocation!, Sign(revocation!, _parties[3]))).StatusCode);
        var revoked = await WaitForStatusAsync(client, uid, "revoked");

        var body = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reputation/{newcomer}");
        Assert.True(body.GetProperty("asOfBlock").GetInt64() >= revoked.GetProperty("revocation").GetProperty("block").GetInt64());
        Assert.Equal(0, body.GetProperty("evidence").GetProperty("endorsements").GetInt32());
    }

    [Fact]
    public async Task Reputation_OfAnEndorsedSupplier_ShowsScoreEvidenceAndWhoContributed()
    {
        var body = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reputation/{Supplier}");

        var score = body.GetProperty("score").GetDouble();
        Assert.InRange(score, 0.01, 100);
        Assert.Equal(4, body.GetProperty("evidence").GetProperty("endorsements").GetInt32());
        Assert.Equal(4, body.GetProperty("evidence").GetProperty("raters").GetInt32());
        Assert.InRange(body.GetProperty("confidence").GetDouble(), 0.0001, 1);
        var contributors = body.GetProperty("topContributors").EnumerateArray().Select(c => c.GetProperty("party").GetString()).ToList();
        Assert.Contains(_parties[1].Address.ToLowerHex(), contributors);
        var breakdown = body.GetProperty("breakdown");
        Assert.Equal(1, breakdown.GetProperty("bonding").GetDouble() + breakdown.GetProperty("bridging").GetDouble()
            + breakdown.GetProperty("linking").GetDouble(), 6);
        Assert.Equal("trustledger-score/1", body.GetProperty("scoreVersion").GetString());
        Assert.False(body.GetProperty("sybilResistant").GetBoolean()); // no seeds configured in this host
        // A small network's pass runs before publishing: the figures are the board's own block's.
        Assert.True(body.GetProperty("networkComputed").GetBoolean());
        Assert.Equal(body.GetProperty("asOfBlock").GetInt64(), body.GetProperty("networkAsOfBlock").GetInt64());
    }

    [Fact]
    public async Task Reputation_AsSeenByAViewer_FlowsOnlyFromTheViewersEndorsements()
    {
        var client = app.CreateClient();
        var viewer = _parties[1].Address.ToLowerHex();

        var supplier = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{Supplier}?viewer={viewer}");
        var other = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{_parties[2].Address.ToLowerHex()}?viewer={viewer}");

        Assert.Equal(viewer, supplier.GetProperty("viewer").GetString());
        Assert.True(supplier.GetProperty("sybilResistant").GetBoolean()); // one pre-trusted party: the viewer
        Assert.InRange(supplier.GetProperty("score").GetDouble(), 0.01, 100);
        Assert.Contains(viewer, supplier.GetProperty("topContributors").EnumerateArray().Select(c => c.GetProperty("party").GetString()));
        Assert.Equal(0, other.GetProperty("signals").GetProperty("trust").GetDouble()); // nobody the viewer trusts endorsed it
        Assert.True(supplier.TryGetProperty("evidence", out _) && supplier.TryGetProperty("summary", out _));
    }

    [Fact]
    public async Task Reputation_ForAViewerWhoEndorsesNoOne_Is404UnknownViewer_AndABadViewerIs400()
    {
        var client = app.CreateClient();
        var unknown = await client.GetAsync($"/v1/reputation/{Supplier}?viewer={EthPrivateKey.Generate().Address.ToLowerHex()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("https://trustledger.dev/problems/unknown-viewer", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var bad = await client.GetAsync($"/v1/reputation/{Supplier}?viewer=0x12");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("viewer", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Supplier_OutranksAPartyNobodyEndorsed()
    {
        var client = app.CreateClient();
        var supplier = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{Supplier}");
        var endorser = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{_parties[4].Address.ToLowerHex()}");

        Assert.True(supplier.GetProperty("rank").GetInt32() < endorser.GetProperty("rank").GetInt32());
        Assert.True(supplier.GetProperty("score").GetDouble() > endorser.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Reputation_WithItsETag_Is304()
    {
        var client = app.CreateClient();
        var first = await client.GetAsync($"/v1/reputation/{Supplier}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/reputation/{Supplier}");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task ReputationCredential_CarriesTheScore_AndVerifiesOnceAnchored()
    {
        var client = app.CreateClient();
        var view = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{Supplier}");
        // No published snapshot holds the supplier: an anonymous caller may not have one anchored on our gas.
        await (await client.GetAsync($"/v1/reputation/{Supplier}/credential")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
        // The party itself, signed in, gets it from the live board.
        client.WithBearer((await Siwe.SignInAsync(app.CreateClient(), _parties[0])).AccessToken);

        var credential = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{Supplier}/credential");
        var again = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{Supplier}/credential");

        Assert.Contains("ReputationCredential", credential.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(credential.GetProperty("id").GetString(), again.GetProperty("id").GetString()); // one per board
        Assert.Contains(view.GetProperty("score").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture), credential.GetRawText());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage verified;
        do
        {
            await Task.Delay(200);
            verified = await client.PostAsJsonAsync("/credentials/verify", new { verifiableCredential = credential });
        } while (verified.StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
    }

    [Fact]
    public async Task Reputation_OfAnUnknownParty_Is404Problem()
    {
        var response = await app.CreateClient().GetAsync($"/v1/reputation/{EthPrivateKey.Generate().Address}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("https://trustledger.dev/problems/unknown-party",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Leaderboard_ListsTheSupplier_AndFiltersByCategory()
    {
        var client = app.CreateClient();
        var all = await client.GetFromJsonAsync<JsonElement>("/v1/reputation?limit=200");
        var logistics = await client.GetFromJsonAsync<JsonElement>("/v1/reputation?category=logistics&limit=200");

        Assert.Contains(all.GetProperty("items").EnumerateArray(), p => p.GetProperty("address").GetString() == Supplier);
        var inCategory = logistics.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("address").GetString()).ToList();
        Assert.Contains(Supplier, inCategory);
        Assert.DoesNotContain(_parties[2].Address.ToLowerHex(), inCategory);
    }

    [Fact]
    public async Task NetworkGraph_AroundTheSupplier_HasItsPartnersAndClassifiedTies()
    {
        var graph = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/network/graph?center={Supplier}&depth=1");

        var nodes = graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains(Supplier, nodes);
        Assert.Contains(_parties[3].Address.ToLowerHex(), nodes);
        Assert.All(graph.GetProperty("edges").EnumerateArray(),
            e => Assert.Contains(e.GetProperty("kind").GetString(), new[] { "bonding", "bridging", "linking" }));
        Assert.Equal(graph.GetProperty("asOfBlock").GetInt64(), graph.GetProperty("networkAsOfBlock").GetInt64()); // a small network: its own pass
        var summary = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/network/summary");
        Assert.True(summary.GetProperty("parties").GetInt32() >= 5);
        Assert.Equal(summary.GetProperty("asOfBlock").GetInt64(), summary.GetProperty("networkAsOfBlock").GetInt64());
    }
}

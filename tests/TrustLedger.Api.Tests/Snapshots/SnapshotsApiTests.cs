using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Snapshots;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Snapshots;

/// <summary>
/// Snapshots through the real host: computed on demand from what the indexer saw on chain,
/// published by the leader with the relayer key, served with parameters and leaf sets that
/// rebuild the root on chain, and the per-party proof the reputation endpoint attaches.
/// </summary>
public abstract class SnapshotsApiTests(SnapshotApplication app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnDemandSnapshot_IsPublishedOnChain_AndItsParametersLeavesAndProofsCheckOut()
    {
        var client = await SignedInAsync(app, app.Admin);
        var last = await EconomyAsync();
        await app.IndexedThroughAsync(last);

        var response = await client.PostAsync("/v1/snapshots", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("created", created.GetProperty("outcome").GetString());
        var epoch = created.GetProperty("snapshot").GetProperty("epoch").GetInt64();
        Assert.Equal($"/v1/snapshots/{epoch}", response.Headers.Location?.OriginalString);
        var details = await PublishedAsync(client, epoch);

        var contract = new ReputationSnapshotsService(app.Chain.Web3, app.Chain.Deployment.AddressOf("ReputationSnapshots"));
        Assert.Equal(contract.Address, details.GetProperty("contract").GetString());
        Assert.Equal(app.Chain.Deployment.AddressOf("AttestationRegistry"), details.GetProperty("registry").GetString());
        Assert.Equal(31337, details.GetProperty("chainId").GetInt64());
        Assert.Equal(4, details.GetProperty("partyCount").GetInt64());
        Assert.Equal(SnapshotScoring.Version, details.GetProperty("scoringVersion").GetUInt32());
        Assert.NotNull(details.GetProperty("publishedTx").GetString());
        Assert.True(details.GetProperty("computedAtBlock").GetInt64() >= last);
        var root = details.GetProperty("merkleRoot").GetString()!;
        var parametersHash = details.GetProperty("parametersHash").GetString()!;
        Assert.Equal(parametersHash, SnapshotParameters.HashOf(details.GetProperty("parameters")).ToString());
        Assert.Equal([app.Business(0)], details.GetProperty("parameters").GetProperty("seeds").EnumerateArray().Select(s => s.GetString()));

        var onChain = (await contract.SnapshotAtAsync((ulong)epoch))!;
        Assert.Equal(root, Hash32.FromBytes(onChain.MerkleRoot).ToString());
        Assert.Equal(parametersHash, Hash32.FromBytes(onChain.ParametersHash).ToString());
        Assert.Equal(details.GetProperty("computedAtBlock").GetInt64(), (long)onChain.ComputedAtBlock);

        var csv = await client.GetAsync(details.GetProperty("links").GetProperty("leavesCsv").GetString(), Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        using (var reader = new StringReader(await csv.Content.ReadAsStringAsync(Ct)))
            Assert.Equal(root, SnapshotLeafSetCsv.Read(reader).Root.ToString());
        var json = await client.GetAsync(details.GetProperty("links").GetProperty("leavesJson").GetString(), Ct);
        var tree = SnapshotLeafSetJson.Read(await json.Content.ReadAsStreamAsync(Ct));
        Assert.Equal(root, tree.Root.ToString());
        Assert.Equal(4, tree.Count);

        var proof = await SnapshotProofs.FindLatestAsync(app.Db, app.Business(1).ToUpperInvariant().Replace("0X", "0x"), Ct);
        Assert.NotNull(proof);
        Assert.Equal(epoch, proof.Epoch);
        Assert.Equal(root, proof.MerkleRoot);
        Assert.Equal(contract.Address, proof.Contract);
        Assert.Equal(tree.Leaves[tree.IndexOf(app.Business(1))], proof.Leaf);
        Assert.Equal(2UL, proof.Leaf.EvidenceCount); // endorsed by businesses 0 and 3
        var hashes = proof.Proof.Select(Hash32.Parse).ToArray();
        Assert.True(SnapshotMerkleTree.Verify(Hash32.Parse(root), proof.Leaf, hashes));
        Assert.True(await contract.VerifyScoreAsync((ulong)epoch, proof.Leaf, hashes));
        Assert.Null(await SnapshotProofs.FindLatestAsync(app.Db, EthPrivateKey.Generate().Address.ToLowerHex(), Ct));

        // GET /v1/reputation/{address} carries the same leaf and proof once it sees the epoch.
        JsonElement snapshot = default;
        for (var i = 0; i < 150 && snapshot.ValueKind != JsonValueKind.Object; i++)
        {
            await Task.Delay(200, Ct);
            var reputation = await client.GetAsync($"/v1/reputation/{app.Business(1)}", Ct); // 404 until the board catches up
            if (reputation.IsSuccessStatusCode)
                snapshot = (await reputation.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("snapshot");
        }
        Assert.Equal(JsonValueKind.Object, snapshot.ValueKind);
        Assert.Equal(epoch, snapshot.GetProperty("epoch").GetInt64());
        Assert.Equal(root, snapshot.GetProperty("root").GetString());
        Assert.Equal(proof.Proof, snapshot.GetProperty("proof").EnumerateArray().Select(h => h.GetString()!));
        Assert.Equal((long)proof.Leaf.Score, snapshot.GetProperty("leaf").GetProperty("score").GetInt64());

        var list = await client.GetFromJsonAsync<JsonElement>("/v1/snapshots", Ct);
        var listed = list.GetProperty("items").EnumerateArray().First();
        Assert.Equal(epoch, listed.GetProperty("epoch").GetInt64());
        Assert.Equal("published", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Post_NeedsTheAdminRole()
    {
        await (await app.CreateClient().PostAsync("/v1/snapshots", null, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
        using var party = EthPrivateKey.Generate();
        var client = await SignedInAsync(app, party);
        await (await client.PostAsync("/v1/snapshots", null, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task UnknownEpoch_Is404()
    {
        var client = app.CreateClient();
        await (await client.GetAsync("/v1/snapshots/999999", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync("/v1/snapshots/999999/leaves.csv", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync("/v1/snapshots?limit=0", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    /// <summary>Business 0 (the seed) endorses 1 and 2, 1 endorses 2, 2 endorses 0, 3 endorses 1; returns the last block.</summary>
    protected async Task<long> EconomyAsync()
    {
        await app.EndorseAsync(0, 1, 5);
        await app.EndorseAsync(0, 2, 4);
        await app.EndorseAsync(1, 2, 5);
        await app.EndorseAsync(2, 0, 4);
        return await app.EndorseAsync(3, 1, 3);
    }

    public static async Task<JsonElement> PublishedAsync(HttpClient client, long epoch, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var details = await client.GetFromJsonAsync<JsonElement>($"/v1/snapshots/{epoch}");
            if (details.GetProperty("status").GetString() == "published") return details;
            if (DateTime.UtcNow > deadline) Assert.Fail($"epoch {epoch} is still {details.GetProperty("status")} after {seconds} s");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteSnapshotsApiTests(SnapshotApplication app) : SnapshotsApiTests(app), IClassFixture<SnapshotApplication>;

public sealed class PostgresSnapshotsApiTests(PostgresSnapshotApplication app) : SnapshotsApiTests(app), IClassFixture<PostgresSnapshotApplication>;

/// <summary>One epoch on its way to the chain at a time: a second request gets that one back, not a new epoch.</summary>
public sealed class SnapshotInProgressTests(SlowPublisherApplication app) : IClassFixture<SlowPublisherApplication>
{
    [Fact]
    public async Task SecondRequestWhileAnEpochIsPending_ReturnsThePendingEpoch()
    {
        var client = await SignedInAsync(app, app.Admin);
        await app.IndexedThroughAsync(await app.EndorseAsync(0, 1, 5));

        var first = await (await client.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await client.PostAsync("/v1/snapshots", null);

        Assert.Equal("created", first.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-progress", body.GetProperty("outcome").GetString());
        Assert.Equal(first.GetProperty("snapshot").GetProperty("epoch").GetInt64(), body.GetProperty("snapshot").GetProperty("epoch").GetInt64());
        Assert.Equal("pending", body.GetProperty("snapshot").GetProperty("status").GetString());
    }
}

/// <summary>Epochs on a schedule, without anyone asking: gapless, each on chain, each at a later block.</summary>
public sealed class ScheduledSnapshotTests(ScheduledSnapshotApplication app) : IClassFixture<ScheduledSnapshotApplication>
{
    [Fact]
    public async Task TheLeader_PublishesANewEpochEveryInterval()
    {
        var client = app.CreateClient();
        await app.EndorseAsync(0, 1, 5);
        await app.EndorseAsync(1, 0, 4);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<JsonElement> published;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/v1/snapshots");
            published = [.. page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "published")];
            if (published.Count >= 2) break;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{published.Count} scheduled epochs published in 60 s");
            await Task.Delay(200);
        }

        var contract = new ReputationSnapshotsService(app.Chain.Web3, app.Chain.Deployment.AddressOf("ReputationSnapshots"));
        var epochs = published.Select(p => p.GetProperty("epoch").GetInt64()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, epochs.Count).Select(e => (long)e), epochs);
        Assert.True(published[0].GetProperty("computedAtBlock").GetInt64() > published[1].GetProperty("computedAtBlock").GetInt64()
                    || published[0].GetProperty("parametersHash").GetString() != published[1].GetProperty("parametersHash").GetString());
        foreach (var p in published)
        {
            var onChain = (await contract.SnapshotAtAsync((ulong)p.GetProperty("epoch").GetInt64()))!;
            Assert.Equal(p.GetProperty("merkleRoot").GetString(), Hash32.FromBytes(onChain.MerkleRoot).ToString());
        }
    }
}

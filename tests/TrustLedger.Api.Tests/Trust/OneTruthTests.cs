using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Trust.ChainFacts;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>
/// Issue 14, points 7 and 8, as the attack. A trading partner sends, straight to the registry (no
/// relayer to refuse it), a second confirmation of a trade it confirmed already, a confirmation of
/// a proposal its proposer revoked, and one of a proposal that expired: the registry emits no
/// Confirmed for any of them, and the score must not count them either. And one rule names ties:
/// the network graph and every party's topContributors agree on every tie.
/// </summary>
public abstract class OneTruthTests<TApp>(TApp app) where TApp : TrustApplication
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement Evidence(JsonElement reputation) => reputation.GetProperty("evidence");

    private static string[] Contributors(JsonElement reputation) =>
        [.. reputation.GetProperty("topContributors").EnumerateArray().Select(c => c.GetProperty("party").GetString()!).Order()];

    [Fact]
    public async Task ConfirmationsTheRegistryRefused_RepeatRevokedExpired_DoNotCountInTheScore()
    {
        using var proposerKey = EthPrivateKey.Generate();
        using var partnerKey = EthPrivateKey.Generate();
        var proposer = new DirectParty(app, proposerKey);
        var partner = new DirectParty(app, partnerKey);
        var client = app.CreateClient();
        var id = await Trades.ConfirmedEventAsync(app, proposerKey, partnerKey);
        var confirmedAt = (await client.GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}", Ct))
            .GetProperty("confirmation").GetProperty("block").GetInt64();
        var proposerBefore = await ReputationAsOfAsync(client, proposer.Address, confirmedAt);
        var partnerBefore = await ReputationAsOfAsync(client, partner.Address, confirmedAt);
        Assert.Equal(1, Evidence(proposerBefore).GetProperty("confirmedReciprocity").GetInt32());

        // 1. The same trade confirmed again.
        var (repeat, _) = await partner.ReciprocityAsync(proposer.Address, 5, refUid: id);
        // 2. A trade whose proposal the proposer revoked, confirmed after the revocation.
        var (withdrawn, _) = await proposer.ReciprocityAsync(partner.Address, 5);
        await proposer.RevokeAsync(withdrawn);
        var (lateAnswer, _) = await partner.ReciprocityAsync(proposer.Address, 5, refUid: withdrawn);
        // 3. A trade whose proposal expired, confirmed after its expiry.
        // The registry refuses an expiration not after the proposal's own block (ExpirationInPast). The shared node's
        // other tests mine blocks meanwhile, each a second after the last (3 s of margin was used up in CI), so the
        // margin is 120 blocks; the evm_mine loop below then moves chain time past it in at most as many blocks.
        var expiresAt = await ChainTimeAsync(app) + 120;
        var (expiring, _) = await proposer.ReciprocityAsync(partner.Address, 5, expiration: expiresAt);
        using (var http = new HttpClient())
            await EventuallyAsync(async () =>
            {
                await TestServices.RpcAsync(http, app.RpcUrl, "evm_mine");
                return await ChainTimeAsync(app) > expiresAt;
            }, "chain time past the proposal's expiry", 90);
        var (expiredAnswer, last) = await partner.ReciprocityAsync(proposer.Address, 5, refUid: expiring);

        Assert.False(await IsConfirmedOnChainAsync(app, withdrawn));
        Assert.False(await IsConfirmedOnChainAsync(app, expiring));
        Assert.True(await IsConfirmedOnChainAsync(app, id));
        var proposerAfter = await ReputationAsOfAsync(client, proposer.Address, last);
        var partnerAfter = await ReputationAsOfAsync(client, partner.Address, last);
        // The answers are on chain and indexed; the score just does not take them as confirmations.
        foreach (var uid in new[] { repeat, lateAnswer, expiredAnswer })
            Assert.Equal("confirmed", (await client.GetFromJsonAsync<JsonElement>($"/v1/attestations/{uid}", Ct)).GetProperty("status").GetString());
        Assert.Equal(Evidence(proposerBefore).GetRawText(), Evidence(proposerAfter).GetRawText());
        Assert.Equal(Evidence(partnerBefore).GetRawText(), Evidence(partnerAfter).GetRawText());
        Assert.Equal(Contributors(proposerBefore), Contributors(proposerAfter));
        Assert.Equal(1, Evidence(proposerAfter).GetProperty("confirmedReciprocity").GetInt32());
        foreach (var stale in new[] { withdrawn, expiring })
            Assert.NotEqual("confirmed", (await client.GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{stale}", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task NetworkGraph_AndEveryPartysTopContributors_NameEachTieTheSame()
    {
        // A hub many small parties endorse, which endorses two of them back and a newcomer; a second
        // cluster bridged to the first by one tie. Raters of very different standing on both sides.
        var keys = Enumerable.Range(0, 9).Select(_ => EthPrivateKey.Generate()).ToArray();
        try
        {
            var p = keys.Select(k => new DirectParty(app, k)).ToArray();
            long last = 0;
            async Task Endorse(int from, int to, int stars) => last = Math.Max(last, (await p[from].EndorseAsync(p[to].Address, stars)).Block);
            for (var i = 1; i <= 5; i++) await Endorse(i, 0, 5);
            await Endorse(0, 1, 5);
            await Endorse(0, 2, 4);
            await Endorse(0, 6, 5);
            await Endorse(7, 8, 5);
            await Endorse(8, 7, 4);
            await Endorse(6, 7, 3);
            await Endorse(3, 4, 2);
            var client = app.CreateClient();
            await ReputationAsOfAsync(client, p[0].Address, last);

            var graph = await client.GetFromJsonAsync<JsonElement>("/v1/network/graph", Ct);
            var kinds = graph.GetProperty("edges").EnumerateArray()
                .ToDictionary(e => (e.GetProperty("source").GetString()!, e.GetProperty("target").GetString()!), e => e.GetProperty("kind").GetString()!);
            var compared = 0;
            var seen = new HashSet<string>();
            foreach (var party in p.Select(x => x.Address))
            {
                var reputation = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{party}", Ct);
                foreach (var contributor in reputation.GetProperty("topContributors").EnumerateArray())
                {
                    var tie = contributor.GetProperty("tie").GetString()!;
                    if (tie == "negative") continue;
                    var rater = contributor.GetProperty("party").GetString()!;
                    Assert.True(kinds.TryGetValue((rater, party), out var drawn), $"the graph has no tie {rater} -> {party}");
                    Assert.True(tie == drawn, $"{rater} -> {party}: topContributors says {tie}, the graph draws {drawn}");
                    compared++;
                    seen.Add(tie);
                }
            }
            Assert.True(compared >= 8, $"only {compared} contributor ties compared");
            Assert.True(seen.Count >= 2, $"every compared tie is {string.Join(", ", seen)}: the network does not tell the rules apart");
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }
}

public sealed class SqliteOneTruthTests(TrustApplication app) : OneTruthTests<TrustApplication>(app), IClassFixture<TrustApplication>;

public sealed class PostgresOneTruthTests(PostgresTrustApplication app) : OneTruthTests<PostgresTrustApplication>(app), IClassFixture<PostgresTrustApplication>;

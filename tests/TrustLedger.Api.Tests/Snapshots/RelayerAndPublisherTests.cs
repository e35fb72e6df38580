using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Snapshots;

/// <summary>
/// The relayer and the snapshot publisher send at the same time, each from its own key: relayed endorsements
/// while the schedule publishes an epoch every two seconds. Neither ever takes, replaces or drops the other's
/// nonce; every transaction of each key is mined once, from that key, at consecutive nonces.
/// </summary>
public abstract class RelayerAndPublisherTests(SnapshotApplication app)
{
    [Fact]
    public async Task RelayerAndPublisher_RunningAtOnce_NeverShareANonce()
    {
        await app.EndorseAsync(0, 1, 5); // something to score from the start
        var relayed = new List<(HttpClient Client, string Uid)>();
        for (var i = 0; i < 6; i++)
        {
            using var key = EthPrivateKey.Generate();
            var client = await SignedInAsync(app, key);
            var typed = await TypedDataAsync(client, $"attester={key.Address}&subject={app.Business(i % 5)}&rating=4&category=supplier&comment=n{i}");
            var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, key));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            relayed.Add((client, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!));
            await Task.Delay(400); // spread over the publisher's epochs
        }
        foreach (var (client, uid) in relayed) await WaitForStatusAsync(client, uid, "confirmed", 60);
        await WaitForPublishedAsync(2);

        var relayer = app.Chain.Keys.Relayer.Address;
        var publisher = app.Chain.Keys.Publisher!.Address;
        Assert.NotEqual(relayer, publisher);
        await using var connection = await app.Db.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Account, long Nonce, string Purpose, string Status, string TxHash)>(
            "SELECT account, nonce, purpose, status, tx_hash FROM chain_transactions ORDER BY id")).ToList();
        Assert.Contains(rows, r => r.Purpose == "relayer");
        Assert.Contains(rows, r => r.Purpose == "snapshots");
        Assert.All(rows, r => Assert.Equal(r.Purpose == "relayer" ? relayer : publisher, r.Account));
        Assert.All(rows, r => Assert.Contains(r.Status, (string[])["mined", "sent"])); // none dropped, superseded or refused
        foreach (var account in new[] { relayer, publisher })
        {
            var mined = rows.Where(r => r.Account == account && r.Status == "mined").Select(r => r.Nonce).ToList();
            Assert.Equal(mined.Distinct().Count(), mined.Count);                                      // one transaction per nonce
            Assert.Equal(Enumerable.Range((int)mined.Min(), mined.Count).Select(n => (long)n), mined.Order()); // and no gap
        }
        foreach (var row in rows.Where(r => r.Status == "mined"))
        {
            var onChain = await app.Chain.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(row.TxHash);
            Assert.Equal(row.Account, onChain.From.ToLowerInvariant());
            Assert.Equal(row.Nonce, (long)onChain.Nonce.Value);
        }
    }

    private async Task WaitForPublishedAsync(int epochs)
    {
        var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/v1/snapshots");
            if (page.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("status").GetString() == "published") >= epochs) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"fewer than {epochs} epochs published in 60 s");
            await Task.Delay(200);
        }
    }
}

public sealed class SqliteRelayerAndPublisherTests(ScheduledSnapshotApplication app) : RelayerAndPublisherTests(app), IClassFixture<ScheduledSnapshotApplication>;

public sealed class PostgresRelayerAndPublisherTests(PostgresScheduledSnapshotApplication app)
    : RelayerAndPublisherTests(app), IClassFixture<PostgresScheduledSnapshotApplication>;

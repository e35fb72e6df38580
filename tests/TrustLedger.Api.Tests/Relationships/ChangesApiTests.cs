using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Snapshots;
using TrustLedger.Api.Tests.Webhooks;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Relationships;

/// <summary>
/// Two published snapshot epochs with new ties between them: the party's changes name the new ties and
/// the score change, matching the scores committed in each epoch's leaves.
/// </summary>
public abstract class ChangesApiTests(SnapshotApplication app)
{
    private async Task<long> PublishEpochAsync(HttpClient admin)
    {
        var created = await (await admin.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>();
        var epoch = created.GetProperty("snapshot").GetProperty("epoch").GetInt64();
        await SnapshotsApiTests.PublishedAsync(admin, epoch);
        return epoch;
    }

    private async Task<JsonElement> ChangesAsync(string party, long expectEpoch, string query = "")
    {
        var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var body = await client.GetFromJsonAsync<JsonElement>($"/v1/parties/{party}/changes{query}");
            var changes = body.GetProperty("changes");
            if (changes.GetArrayLength() > 0 && changes[0].GetProperty("epoch").GetInt64() >= expectEpoch) return body;
            if (DateTime.UtcNow > deadline) Assert.Fail($"epoch {expectEpoch} was not recorded for {party}: {body}");
            await Task.Delay(200);
        }
    }

    private static async Task<double> LeafScoreAsync(HttpClient client, long epoch, string party)
    {
        var csv = await client.GetStringAsync($"/v1/snapshots/{epoch}/leaves.csv");
        var row = csv.Split('\n').Single(l => l.StartsWith(party, StringComparison.OrdinalIgnoreCase)).Split(',');
        return ulong.Parse(row[1]) / 100.0;
    }

    [Fact]
    public async Task Changes_BetweenTwoEpochs_NameTheNewTies_AndTheScoreChangeOfTheCommittedLeaves()
    {
        var admin = await SignedInAsync(app, app.Admin);
        var me = app.Business(1).ToLowerInvariant();
        using var receiver = new WebhookReceiver();
        var subscribed = await admin.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, eventTypes = new[] { "snapshot.published", "score.moved" }, party = "all", minScoreChange = 0 });
        Assert.Equal(System.Net.HttpStatusCode.Created, subscribed.StatusCode);
        await app.EndorseAsync(0, 1, 5);
        await app.IndexedThroughAsync(await app.EndorseAsync(1, 2, 4));
        var first = await PublishEpochAsync(admin);
        await ChangesAsync(me, first);

        await app.EndorseAsync(3, 1, 5);
        await app.IndexedThroughAsync(await app.EndorseAsync(1, 4, 5));
        var second = await PublishEpochAsync(admin);
        var all = await ChangesAsync(me, second);
        var sinceFirst = await ChangesAsync(me, second, $"?since={first}");

        var changes = all.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal([second, first], changes.Select(c => c.GetProperty("epoch").GetInt64()));
        var latest = Assert.Single(sinceFirst.GetProperty("changes").EnumerateArray());
        Assert.Equal(first, latest.GetProperty("previousEpoch").GetInt64());
        Assert.Equal(new[] { app.Business(3), app.Business(4) }.Select(a => a.ToLowerInvariant()).Order(),
            latest.GetProperty("newTies").EnumerateArray().Select(t => t.GetProperty("address").GetString()).Order());
        Assert.Empty(latest.GetProperty("lostTies").EnumerateArray());
        var before = await LeafScoreAsync(admin, first, me);
        var after = await LeafScoreAsync(admin, second, me);
        Assert.Equal(after, latest.GetProperty("score").GetDouble(), 2);
        Assert.Equal(Math.Round(after - before, 2), latest.GetProperty("scoreChange").GetDouble(), 2);
        Assert.Contains("New relationships", latest.GetProperty("summary").GetString());
        // The first epoch compares with nothing: every tie it had is new.
        Assert.Equal(JsonValueKind.Null, changes[1].GetProperty("previousEpoch").ValueKind);
        Assert.Equal(2, changes[1].GetProperty("newTies").GetArrayLength());

        // An admin's all-parties subscription heard of both epochs, and of the score move of business 2, whose endorser
        // (business 1) now splits its trust between two partners.
        var two = app.Business(2).ToLowerInvariant();
        var twoChange = Math.Round(await LeafScoreAsync(admin, second, two) - await LeafScoreAsync(admin, first, two), 2);
        Assert.NotEqual(0, twoChange);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<JsonNode> bodies;
        do
        {
            await Task.Delay(200);
            bodies = [.. receiver.Received.Select(r => JsonNode.Parse(r.Body)!)];
        } while (!(bodies.Any(b => b["type"]!.GetValue<string>() == "score.moved" && b["data"]!["party"]!.GetValue<string>() == two)
                   && bodies.Count(b => b["type"]!.GetValue<string>() == "snapshot.published") >= 2) && DateTime.UtcNow < deadline);
        // (deliveries are independent: the second epoch's snapshot.published may land after its score.moved)
        Assert.Equal([first, second], bodies.Where(b => b["type"]!.GetValue<string>() == "snapshot.published").Select(b => b["data"]!["epoch"]!.GetValue<long>()).Order());
        var moved = bodies.Single(b => b["type"]!.GetValue<string>() == "score.moved" && b["data"]!["party"]!.GetValue<string>() == two)["data"]!;
        Assert.Equal(second, moved["epoch"]!.GetValue<long>());
        Assert.Equal(first, moved["previousEpoch"]!.GetValue<long>());
        Assert.Equal(twoChange, moved["change"]!.GetValue<double>(), 2);
    }
}

public sealed class SqliteChangesApiTests(SnapshotApplication app) : ChangesApiTests(app), IClassFixture<SnapshotApplication>;

public sealed class PostgresChangesApiTests(PostgresSnapshotApplication app) : ChangesApiTests(app), IClassFixture<PostgresSnapshotApplication>;

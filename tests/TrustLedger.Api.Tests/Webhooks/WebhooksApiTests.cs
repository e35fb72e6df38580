using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Api.Tests.Credentials;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;
using static TrustLedger.Api.Tests.Relationships.PartyActions;

namespace TrustLedger.Api.Tests.Webhooks;

/// <summary>The real host with a one-second retry (then give up) and a fast poll, so retries and disabling happen within a test.</summary>
public class WebhooksApplication : TrustLedgerApplication
{
    public WebhooksApplication() : this("sqlite") { }

    protected WebhooksApplication(string kind) : base(kind) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:RetrySchedule:0", "00:00:01");
        builder.UseSetting("Webhooks:PollInterval", "00:00:00.2");
    }
}

public sealed class PostgresWebhooksApplication() : WebhooksApplication("postgres");

public abstract class WebhooksApiTests(WebhooksApplication app)
{
    private static async Task<JsonElement> SubscribeAsync(HttpClient client, string url, params string[] types)
    {
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url, eventTypes = types });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task EndorsementConfirmedAboutMe_IsDeliveredSigned_RetriedWithTheSameIdAfter500_AndNothingUnsubscribed()
    {
        using var receiver = new WebhookReceiver();
        receiver.Answers.Enqueue(500); // the endpoint fails once
        using var supplier = EthPrivateKey.Generate();
        using var endorser = EthPrivateKey.Generate();
        using var proposer = EthPrivateKey.Generate();
        var s = supplier.Address.ToLowerHex();
        var subscription = await SubscribeAsync(await SignedInAsync(app, supplier), receiver.Url, "endorsement.confirmed");
        var secret = subscription.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        // Events it did not ask for: a reciprocity proposal to the supplier, an endorsement about someone else.
        var proposal = await ProposeAsync(app, proposer, s, 5);
        var elsewhere = await EndorseAsync(app, endorser, proposer.Address.ToLowerHex(), 4);
        var uid = await EndorseAsync(app, endorser, s, 5);
        await WaitForBoardAsync(app, [proposal, elsewhere, uid], s);

        var received = await receiver.WaitForAsync(2);
        await Task.Delay(1500); // room for anything that should not come
        received = [.. receiver.Received];

        Assert.Equal(2, received.Count);
        Assert.Equal([500, 200], received.Select(r => r.AnsweredWith));
        Assert.Equal(received[0].Id, received[1].Id); // the same webhook-id on the retry
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.StartsWith("msg_", received[0].Id);

        // The documented payload, exactly.
        var body = JsonNode.Parse(received[1].Body)!.AsObject();
        Assert.Equal(["type", "timestamp", "data"], body.Select(p => p.Key));
        Assert.Equal("endorsement.confirmed", body["type"]!.GetValue<string>());
        var data = body["data"]!.AsObject();
        Assert.Equal(["uid", "attester", "subject", "rating", "category", "comment", "block"], data.Select(p => p.Key));
        Assert.Equal(uid, data["uid"]!.GetValue<string>());
        Assert.Equal(s, data["subject"]!.GetValue<string>());
        Assert.Equal(endorser.Address.ToLowerHex(), data["attester"]!.GetValue<string>());
        Assert.Equal(5, data["rating"]!.GetValue<int>());
        Assert.Equal("logistics", data["category"]!.GetValue<string>());

        // An independent Standard Webhooks implementation (npm standardwebhooks) accepts both deliveries.
        var checks = InteropScripts.Run("verify-standard-webhook.mjs", new JsonArray([.. received.Select(r => (JsonNode)new JsonObject
        {
            ["secret"] = secret, ["body"] = r.Body,
            ["headers"] = new JsonObject { ["webhook-id"] = r.Id, ["webhook-timestamp"] = r.Timestamp, ["webhook-signature"] = r.Signature },
        })])).AsArray();
        Assert.All(checks, c => Assert.True(c!["verified"]!.GetValue<bool>(), c.ToJsonString()));
        Assert.Equal(uid, checks[0]!["payload"]!["data"]!["uid"]!.GetValue<string>());
        // ... and refuses a body changed by one character.
        var tampered = InteropScripts.Run("verify-standard-webhook.mjs", new JsonArray(new JsonObject
        {
            ["secret"] = secret, ["body"] = received[1].Body.Replace("\"rating\":5", "\"rating\":1"),
            ["headers"] = new JsonObject { ["webhook-id"] = received[1].Id, ["webhook-timestamp"] = received[1].Timestamp, ["webhook-signature"] = received[1].Signature },
        })).AsArray();
        Assert.False(tampered[0]!["verified"]!.GetValue<bool>());

        // The delivery log names both attempts.
        var client = await SignedInAsync(app, supplier);
        var log = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{subscription.GetProperty("id").GetString()}/deliveries");
        var attempts = log.EnumerateArray().OrderBy(a => a.GetProperty("attempt").GetInt32()).ToList();
        Assert.Equal([500, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.All(attempts, a => Assert.Equal(received[0].Id, a.GetProperty("messageId").GetString()));
        Assert.All(attempts, a => Assert.Equal("delivered", a.GetProperty("messageStatus").GetString()));
    }

    [Fact]
    public async Task ReciprocityProposedToMe_AndTheTieItLeavesOneSided_ArriveAsTheirEvents()
    {
        using var receiver = new WebhookReceiver();
        using var supplier = EthPrivateKey.Generate();
        using var proposer = EthPrivateKey.Generate();
        var s = supplier.Address.ToLowerHex();
        await SubscribeAsync(await SignedInAsync(app, supplier), receiver.Url, "reciprocity.proposed", "tie.at_risk");

        var uid = await ProposeAsync(app, proposer, s, 4);
        await WaitForBoardAsync(app, [uid], s);
        var received = await receiver.WaitForAsync(2);

        var bodies = received.Select(r => JsonNode.Parse(r.Body)!).ToList();
        var proposed = Assert.Single(bodies, b => b["type"]!.GetValue<string>() == "reciprocity.proposed");
        Assert.Equal(uid, proposed["data"]!["uid"]!.GetValue<string>());
        Assert.Equal(proposer.Address.ToLowerHex(), proposed["data"]!["proposer"]!.GetValue<string>());
        var atRisk = Assert.Single(bodies, b => b["type"]!.GetValue<string>() == "tie.at_risk");
        Assert.Equal("one-sided", atRisk["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(proposer.Address.ToLowerHex(), atRisk["data"]!["counterparty"]!.GetValue<string>());
        Assert.Contains(uid, atRisk["data"]!["nextStep"]!.GetValue<string>()); // "confirm event <uid>"
        Assert.Equal(2, received.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task EndpointThatKeepsFailing_IsDisabledWithTheReason_AndReenabledByItsOwner()
    {
        using var receiver = new WebhookReceiver();
        receiver.Answers.Enqueue(500);
        receiver.Answers.Enqueue(503);
        using var supplier = EthPrivateKey.Generate();
        using var endorser = EthPrivateKey.Generate();
        var client = await SignedInAsync(app, supplier);
        var id = (await SubscribeAsync(client, receiver.Url, "endorsement.confirmed")).GetProperty("id").GetString()!;

        await EndorseAsync(app, endorser, supplier.Address.ToLowerHex(), 4);
        await receiver.WaitForAsync(2);

        JsonElement sub = default;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            await Task.Delay(200);
            sub = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{id}");
        } while (sub.GetProperty("status").GetString() != "disabled" && DateTime.UtcNow < deadline);
        Assert.Equal("disabled", sub.GetProperty("status").GetString());
        Assert.Contains("HTTP 503", sub.GetProperty("disabledReason").GetString());
        Assert.Equal(2, receiver.Received.Count); // one try and the one retry the schedule allows

        var enabled = await client.PatchAsJsonAsync($"/v1/webhooks/{id}", new { enabled = true });
        var view = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.Equal(0, view.GetProperty("failuresInARow").GetInt32());
    }

    [Fact]
    public async Task Subscriptions_AreThePartysOwn_AnotherPartysNeedsAdmin_AndOthersCannotSeeThem()
    {
        using var owner = EthPrivateKey.Generate();
        using var stranger = EthPrivateKey.Generate();
        var client = await SignedInAsync(app, owner);

        var forOther = await client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/x", eventTypes = new[] { "score.moved" }, party = stranger.Address.ToLowerHex() });
        var forAll = await client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/x", eventTypes = new[] { "score.moved" }, party = "all" });
        var unknownType = await client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/x", eventTypes = new[] { "everything" } });
        var notUrl = await client.PostAsJsonAsync("/v1/webhooks", new { url = "ftp://example.com/x", eventTypes = new[] { "score.moved" } });
        var mine = await SubscribeAsync(client, "http://127.0.0.1:9/x", "score.moved", "tie.at_risk");
        var seenByStranger = await (await SignedInAsync(app, stranger)).GetAsync($"/v1/webhooks/{mine.GetProperty("id").GetString()}");
        var anonymous = await app.CreateClient().GetAsync("/v1/webhooks");

        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forAll.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        Assert.True((await unknownType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("eventTypes[0]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notUrl.StatusCode);
        Assert.Equal(owner.Address.ToLowerHex(), mine.GetProperty("party").GetString());
        Assert.Equal(HttpStatusCode.NotFound, seenByStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var listed = await client.GetFromJsonAsync<JsonElement>("/v1/webhooks");
        Assert.All(listed.EnumerateArray(), s => Assert.False(s.TryGetProperty("secret", out var v) && v.ValueKind != JsonValueKind.Null));
    }
}

public sealed class SqliteWebhooksApiTests(WebhooksApplication app) : WebhooksApiTests(app), IClassFixture<WebhooksApplication>;

public sealed class PostgresWebhooksApiTests(PostgresWebhooksApplication app) : WebhooksApiTests(app), IClassFixture<PostgresWebhooksApplication>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nethereum.Contracts;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Rewards;

/// <summary>The admin side: who may create programs, validation, rules versions, pause and resume.</summary>
public class RewardProgramApiTests(RewardsApplication app) : IClassFixture<RewardsApplication>
{
    private readonly RewardsHarness _h = new(app, app.Admin);
    private readonly EthPrivateKey _a = EthPrivateKey.Generate(), _b = EthPrivateKey.Generate();

    [Fact]
    public async Task Create_ByAPartyWithoutTheAdminRole_Returns403()
    {
        var response = await (await _h.ClientAsync(_a)).PostAsJsonAsync("/v1/reward-programs", RewardsHarness.Program());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _h.Anonymous.PostAsJsonAsync("/v1/reward-programs", RewardsHarness.Program())).StatusCode);
    }

    [Fact]
    public async Task Create_WithBadRules_Returns400_NamingEveryBadField()
    {
        var response = await _h.AdminPostAsync("/v1/reward-programs", new
        {
            name = "x", symbol = "M-P", epochLengthSeconds = 0, epochCap = "1.0000000000000000001", budget = "-1",
            rules = new
            {
                rewards = new[] { new { schema = "gossip", amount = "0", recipients = "everyone" } },
                reputation = new { seeds = Array.Empty<string>(), minCounterpartyScore = 10 },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in (string[])["symbol", "epochLengthSeconds", "epochCap", "budget", "rules.rewards[0].recipients"])
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task ReputationRuleWithoutSeeds_IsRefused()
    {
        var response = await _h.AdminPostAsync("/v1/reward-programs", RewardsHarness.Program(rules: new
        {
            rewards = new[] { new { schema = "reciprocity", amount = "1", recipients = "both" } },
            reputation = new { seeds = Array.Empty<string>(), minCounterpartyScore = 10 },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rules.reputation.seeds", out _));
    }

    [Fact]
    public async Task UpdatedRules_AreANewVersion_ThatLaterEventsFollowAndRecord()
    {
        var id = (await _h.CreateProgramAsync(RewardsHarness.Program())).GetProperty("id").GetInt64();
        var before = await _h.ReciprocityEventAsync(_a, _b);

        var put = await (await _h.ClientAsync(app.Admin)).PutAsJsonAsync($"/v1/reward-programs/{id}/rules", new
        {
            rewards = new[] { new { schema = "reciprocity", amount = "3", recipients = "subject" } },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = await _h.ReciprocityEventAsync(_a, _b);

        Assert.Equal((1, "10"), Pick(await _h.SettledAsync(id, _b, before)));
        Assert.Equal((2, "3"), Pick(await _h.SettledAsync(id, _b, after)));
        Assert.Equal(["10", "13"], [await _h.BalanceAsync(id, _a), await _h.BalanceAsync(id, _b)]);
        var versions = await _h.Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{id}/rules");
        Assert.Equal(["create", "rules"], versions.EnumerateArray().Select(v => v.GetProperty("reason").GetString()));
        Assert.True(versions[1].GetProperty("effectiveBlock").GetInt64() > versions[0].GetProperty("effectiveBlock").GetInt64());
        static (int, string) Pick(JsonElement r) => (r.GetProperty("rulesVersion").GetInt32(), r.GetProperty("amount").GetString()!);
    }

    [Fact]
    public async Task Pause_PausesTheTokenAndEventsMeanwhileEarnNothing_ResumeRewardsLaterEvents()
    {
        var id = (await _h.CreateProgramAsync(RewardsHarness.Program())).GetProperty("id").GetInt64();

        // The contract admin's wallet pauses the token; the program follows the token's Paused event.
        var paused = await _h.AdminActAsync(id, "pause", null, p => p.GetProperty("status").GetString() == "paused", "the program shows the pause");
        Assert.Equal("pause", (await _h.Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{id}/rules"))[1].GetProperty("reason").GetString());
        Assert.True((await _h.StatsAsync(id)).GetProperty("token").GetProperty("paused").GetBoolean());
        Assert.Equal(app.ContractAdmin.Address.ToLowerHex(), (await _h.Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{id}/rules"))[1]
            .GetProperty("createdBy").GetString());
        var during = await _h.ReciprocityEventAsync(_a, _b);
        Assert.Equal("paused", (await _h.SettledAsync(id, _a, during)).GetProperty("reason").GetString());
        Assert.Equal("paused", paused.GetProperty("status").GetString());

        await _h.AdminActAsync(id, "resume", null, p => p.GetProperty("status").GetString() == "active", "the program shows the resume");
        var afterwards = await _h.ReciprocityEventAsync(_a, _b);
        Assert.Equal("minted", (await _h.SettledAsync(id, _a, afterwards)).GetProperty("status").GetString());
        Assert.Equal("10", await _h.BalanceAsync(id, _a));
        var again = await _h.AdminPostAsync($"/v1/reward-programs/{id}/resume"); // not paused: the token would refuse, so no call is handed out
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.EndsWith("/ExpectedPause", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AdminOperations_AreTheContractAdminsToSend_TheMinterCannot()
    {
        var program = await _h.CreateProgramAsync(RewardsHarness.Program());
        var token = program.GetProperty("token").GetString()!;
        var pause = new TrustLedger.Contracts.RewardToken.PauseFunction().GetCallData();

        foreach (var hot in _h.Chain.Keys.All)
            Assert.Equal("AccessControlUnauthorizedAccount", await _h.RevertOfAsync(hot.Address, token, pause));
        Assert.Null(await _h.RevertOfAsync(app.ContractAdmin.Address.ToLowerHex(), token, pause));
    }

    [Fact]
    public async Task FundingBelowWhatWasIssued_IsRefusedByTheToken_WithItsError()
    {
        var id = (await _h.CreateProgramAsync(RewardsHarness.Program(budget: "100"))).GetProperty("id").GetInt64();
        var uid = await _h.ReciprocityEventAsync(_a, _b);
        await _h.SettledAsync(id, _b, uid, "minted");

        var response = await _h.AdminPostAsync($"/v1/reward-programs/{id}/fund", new { budget = "5" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.EndsWith("/BudgetBelowIssued", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var listed = await _h.Anonymous.GetFromJsonAsync<JsonElement>("/v1/reward-programs");
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("id").GetInt64() == id && p.GetProperty("rules").GetProperty("budget").GetString() == "100");
    }
}

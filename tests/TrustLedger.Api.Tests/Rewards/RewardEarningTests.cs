using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nethereum.Contracts;
using TrustLedger.Contracts.RewardToken;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Rewards;

namespace TrustLedger.Api.Tests.Rewards;

/// <summary>Programs on the real chain: what a confirmed event earns, caps, budget and funding, and non-transferable tokens.</summary>
public abstract class RewardEarningTests(RewardsApplication app)
{
    private readonly RewardsHarness _h = new(app, app.Admin);
    private readonly EthPrivateKey _a = EthPrivateKey.Generate(), _b = EthPrivateKey.Generate(), _c = EthPrivateKey.Generate();

    [Fact]
    public async Task ConfirmedEvent_EarnsExactlyWhatTheRulesSay_MintedOnChain_WithTheEventInTheHistory()
    {
        var program = await _h.CreateProgramAsync(RewardsHarness.Program(rules: new
        {
            rewards = new[] { new { schema = "reciprocity", amount = "12.5", recipients = "both" } },
        }));
        var id = program.GetProperty("id").GetInt64();
        Assert.Equal("active", program.GetProperty("status").GetString());
        Assert.StartsWith("0x", program.GetProperty("token").GetString());

        var proposalOnly = await _h.ProposeAsync(_a, _b, "PO-7");
        var eventUid = await _h.ReciprocityEventAsync(_a, _b, "PO-8");

        var reward = await _h.SettledAsync(id, _a, eventUid, "minted");
        await _h.SettledAsync(id, _b, eventUid, "minted");
        Assert.Equal("12.5", await _h.BalanceAsync(id, _a));
        Assert.Equal("12.5", await _h.BalanceAsync(id, _b));
        Assert.Equal(("12.5", "12.5", "attester", 1), (reward.GetProperty("amount").GetString(), reward.GetProperty("ruleAmount").GetString(),
            reward.GetProperty("role").GetString(), reward.GetProperty("rulesVersion").GetInt32()));
        Assert.Equal(JsonValueKind.Null, reward.GetProperty("reason").ValueKind);
        Assert.Equal(eventUid, reward.GetProperty("event").GetProperty("uid").GetString());
        Assert.Equal(_b.Address.ToLowerHex(), reward.GetProperty("confirmation").GetProperty("attester").GetString());
        Assert.Equal("PO-8", reward.GetProperty("event").GetProperty("fields").GetProperty("reference").GetString());
        Assert.StartsWith("0x", reward.GetProperty("mintTx").GetString());
        // The unconfirmed proposal earned nothing and was not even decided: it is no event yet.
        Assert.DoesNotContain(await _h.HistoryAsync(id, _a), r => r.GetProperty("eventUid").GetString() == proposalOnly);

        var token = program.GetProperty("token").GetString()!;
        var onChain = await new Core.Rewards.TokenReader(_h.Chain.Web3).RewardOfAsync(token, eventUid, _a.Address.ToLowerHex());
        Assert.Equal((1, TokenAmount.Parse("12.5")), ((int)onChain.Status, onChain.Amount));
        var stats = await _h.StatsAsync(id);
        Assert.Equal(2, stats.GetProperty("members").GetInt32());
        Assert.Equal("25", stats.GetProperty("minted").GetString());
        Assert.Equal("25", stats.GetProperty("token").GetProperty("totalIssued").GetString());
        var epoch = Assert.Single(stats.GetProperty("rewardsPerEpoch").EnumerateArray());
        Assert.Equal((0, 2, "25"), (epoch.GetProperty("epoch").GetInt64(), epoch.GetProperty("rewards").GetInt32(), epoch.GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task CapsAndBudget_HoldOnChain_AndFundingRaisesTheBudgetForLaterEventsOnly()
    {
        var program = await _h.CreateProgramAsync(RewardsHarness.Program(budget: "25", rules: new
        {
            rewards = new[] { new { schema = "reciprocity", amount = "10", recipients = "both" } },
            memberEpochCap = "15",
        }));
        var id = program.GetProperty("id").GetInt64();

        var first = await _h.ReciprocityEventAsync(_a, _b);
        var second = await _h.ReciprocityEventAsync(_a, _c);
        var clipped = await _h.SettledAsync(id, _a, second);
        var outOfBudget = await _h.SettledAsync(id, _c, second);

        Assert.Equal(("5", "member-epoch-cap", "minted"), (clipped.GetProperty("amount").GetString(), clipped.GetProperty("reason").GetString(), clipped.GetProperty("status").GetString()));
        Assert.Equal(("0", "budget", "skipped"), (outOfBudget.GetProperty("amount").GetString(), outOfBudget.GetProperty("reason").GetString(), outOfBudget.GetProperty("status").GetString()));
        await _h.SettledAsync(id, _b, first);
        Assert.Equal(["15", "10", "0"], [await _h.BalanceAsync(id, _a), await _h.BalanceAsync(id, _b), await _h.BalanceAsync(id, _c)]);
        var token = (await _h.StatsAsync(id)).GetProperty("token");
        Assert.Equal(("25", "25", "0"), (token.GetProperty("budget").GetString(), token.GetProperty("totalIssued").GetString(), token.GetProperty("budgetLeft").GetString()));

        var funded = await _h.AdminActAsync(id, "fund", new { budget = "45" },
            p => p.GetProperty("rules").GetProperty("budget").GetString() == "45", "the program follows the token's new budget");
        Assert.Equal("fund", (await _h.Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{id}/rules")).EnumerateArray().Last().GetProperty("reason").GetString());
        Assert.Equal(2, funded.GetProperty("rulesVersion").GetInt32());
        var third = await _h.ReciprocityEventAsync(_b, _c);

        Assert.Equal("5", (await _h.SettledAsync(id, _b, third)).GetProperty("amount").GetString()); // B's epoch cap: 15 - 10
        Assert.Equal(2, (await _h.SettledAsync(id, _c, third)).GetProperty("rulesVersion").GetInt32());
        Assert.Equal(["15", "15", "10"], [await _h.BalanceAsync(id, _a), await _h.BalanceAsync(id, _b), await _h.BalanceAsync(id, _c)]);
        Assert.Equal("skipped", (await _h.SettledAsync(id, _c, second)).GetProperty("status").GetString()); // decisions are final
        token = (await _h.StatsAsync(id)).GetProperty("token");
        Assert.Equal(("45", "40", "5"), (token.GetProperty("budget").GetString(), token.GetProperty("totalIssued").GetString(), token.GetProperty("budgetLeft").GetString()));
    }

    [Fact]
    public async Task NonTransferableTokens_CannotMove_WhileATransferableProgramsCan()
    {
        var locked = await _h.CreateProgramAsync(RewardsHarness.Program(transferable: false));
        var open = await _h.CreateProgramAsync(RewardsHarness.Program(transferable: true));
        var uid = await _h.ReciprocityEventAsync(_a, _b);
        await _h.SettledAsync(locked.GetProperty("id").GetInt64(), _a, uid, "minted");
        await _h.SettledAsync(open.GetProperty("id").GetInt64(), _a, uid, "minted");
        var transfer = new TransferFunction { To = _c.Address.ToLowerHex(), Value = TokenAmount.Parse("1") }.GetCallData();

        Assert.Equal("TransferDisabled", await _h.RevertOfAsync(_a.Address.ToLowerHex(), locked.GetProperty("token").GetString()!, transfer));
        Assert.Null(await _h.RevertOfAsync(_a.Address.ToLowerHex(), open.GetProperty("token").GetString()!, transfer));
        Assert.Equal("10", await _h.BalanceAsync(locked.GetProperty("id").GetInt64(), _a));
    }
}

public sealed class SqliteRewardEarningTests(RewardsApplication app) : RewardEarningTests(app), IClassFixture<RewardsApplication>;

public sealed class PostgresRewardEarningTests(PostgresRewardsApplication app) : RewardEarningTests(app), IClassFixture<PostgresRewardsApplication>;

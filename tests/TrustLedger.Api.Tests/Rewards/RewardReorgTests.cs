using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Nethereum.Contracts;
using Nethereum.Web3;
using TrustLedger.Contracts.RewardToken;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Rewards;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Rewards;

/// <summary>A Hardhat node of this class's own: the tests rewrite its history with evm_snapshot / evm_revert.</summary>
public sealed class RewardReorgNode : IAsyncLifetime
{
    public PrivateNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Node = await PrivateNode.StartAsync();

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// The reorg policy (docs/rewards.md) on a private node: a reward whose event a reorg took away is withheld if
/// not minted yet, clawed back (burned) if minted, and left alone if the event came back with its uid.
/// The host is stopped while history is rewritten and started again on the same database, so each
/// outcome is deterministic, and restarts are covered too.
/// </summary>
public sealed class RewardReorgTests(RewardReorgNode fixture) : IClassFixture<RewardReorgNode>
{
    private readonly HttpClient _http = new();
    private readonly EthPrivateKey _a = EthPrivateKey.Generate(), _b = EthPrivateKey.Generate();
    private string Url => fixture.Node.Url;

    [Fact]
    public async Task MintedRewardOfAnEventTheReorgTookAway_IsClawedBack_BurnedFromTheMember()
    {
        var setup = await Setup.CreateAsync(Url);
        var first = setup.Start();
        var h = new RewardsHarness(first, first.Admin);
        var program = await h.CreateProgramAsync(RewardsHarness.Program());
        var (id, token) = (program.GetProperty("id").GetInt64(), program.GetProperty("token").GetString()!);
        var snapshot = await RpcAsync("evm_snapshot");
        var uid = await h.ReciprocityEventAsync(_a, _b, deadline: await ChainTimeAsync() + ShortDeadline);
        await h.SettledAsync(id, _a, uid, "minted");
        await h.SettledAsync(id, _b, uid, "minted");
        var mint = await setup.ScalarAsync<string>("SELECT c.raw_tx FROM reward_transactions r JOIN chain_transactions c ON c.tx_hash = r.tx_hash WHERE r.program_id = @id AND r.kind = 'mint' AND r.status = 'mined'", id);
        await first.DisposeAsync();

        // The branch with the event is replaced by one where only the mint was included again (as a node
        // re-includes transactions of a dropped branch): the members hold tokens for an event that is gone.
        Assert.True((await RpcAsync("evm_revert", snapshot.GetString()!)).GetBoolean());
        // Gone for good: the signed requests' deadlines pass on the new branch, so the relayer, which sends again what
        // a lost block took, finds them expired (BatchItemSkipped) instead of bringing the event back.
        await RpcAsync("evm_increaseTime", 2 * ShortDeadline);
        await RpcAsync("eth_sendRawTransaction", mint);
        await MineAsync(3);
        var reader = new TokenReader(new Web3(Url));
        Assert.Equal(TokenAmountOf("10"), await reader.BalanceOfAsync(token, _a.Address.ToLowerHex()));

        await using var second = setup.Start();
        h = new RewardsHarness(second, second.Admin);
        var reward = await h.SettledAsync(id, _a, uid, "clawed-back");
        await h.SettledAsync(id, _b, uid, "clawed-back");

        Assert.Equal((true, "10", "0"), (reward.GetProperty("eventGone").GetBoolean(), reward.GetProperty("burned").GetString(), reward.GetProperty("debt").GetString()));
        Assert.Equal(["0", "0"], [await h.BalanceAsync(id, _a), await h.BalanceAsync(id, _b)]);
        Assert.Equal(2, (await reader.RewardOfAsync(token, uid, _a.Address.ToLowerHex())).Status); // ClawedBack: never paid again
        var stats = await h.StatsAsync(id);
        Assert.Equal(("0", "20"), (stats.GetProperty("token").GetProperty("totalIssued").GetString(), stats.GetProperty("clawedBack").GetString()));
    }

    [Fact]
    public async Task PendingRewardOfAnEventTheReorgTookAway_IsWithheld_WithoutTouchingTheChain()
    {
        var setup = await Setup.CreateAsync(Url);
        await using var app = setup.Start();
        var h = new RewardsHarness(app, app.Admin);
        var program = await h.CreateProgramAsync(RewardsHarness.Program());
        var (id, token) = (program.GetProperty("id").GetInt64(), program.GetProperty("token").GetString()!);
        // The token's admin (its own wallet) takes MINTER_ROLE from the service's minter behind its back: decided
        // rewards stay pending, they cannot be minted.
        await app.FundContractAdminAsync(Url);
        var minterRole = await new Web3(Url).Eth.GetContractQueryHandler<MinterRoleFunction>().QueryAsync<byte[]>(token, new MinterRoleFunction());
        await app.SendAsContractAdminAsync(token, Hex.Encode(new RevokeRoleFunction { Role = minterRole, Account = app.Chain().Keys.Minter!.Address }.GetCallData()), Url);
        var snapshot = await RpcAsync("evm_snapshot");
        var uid = await h.ReciprocityEventAsync(_a, _b, deadline: await ChainTimeAsync() + ShortDeadline);
        await h.SettledAsync(id, _a, uid, "pending");
        await RewardsHarness.EventuallyAsync(async () =>
            (await h.Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{id}")).GetProperty("error").GetString()?.Contains("AccessControlUnauthorizedAccount") == true,
            "the worker found it may not mint");

        Assert.True((await RpcAsync("evm_revert", snapshot.GetString()!)).GetBoolean());
        // Gone for good: the signed requests' deadlines pass on the new branch, so the relayer, which sends again what
        // a lost block took, finds them expired (BatchItemSkipped) instead of bringing the event back.
        await RpcAsync("evm_increaseTime", 2 * ShortDeadline);
        await MineAsync(3);

        var reward = await h.SettledAsync(id, _a, uid, "withheld");
        await h.SettledAsync(id, _b, uid, "withheld");
        Assert.True(reward.GetProperty("eventGone").GetBoolean());
        Assert.Equal(JsonValueKind.Null, reward.GetProperty("mintTx").ValueKind);
        Assert.Equal(0, (await new TokenReader(app.Chain().Web3).RewardOfAsync(token, uid, _a.Address.ToLowerHex())).Status); // never sent: nothing on chain
        Assert.Equal(0L, await setup.ScalarAsync<long>("SELECT COUNT(*) FROM reward_transactions WHERE program_id = @id AND kind IN ('mint', 'clawback')", id));
    }

    [Fact]
    public async Task EventThatCameBackWithItsUid_KeepsItsReward()
    {
        var setup = await Setup.CreateAsync(Url);
        var first = setup.Start();
        var h = new RewardsHarness(first, first.Admin);
        var program = await h.CreateProgramAsync(RewardsHarness.Program());
        var (id, token) = (program.GetProperty("id").GetInt64(), program.GetProperty("token").GetString()!);
        var snapshot = await RpcAsync("evm_snapshot");
        var uid = await h.ReciprocityEventAsync(_a, _b);
        await h.SettledAsync(id, _b, uid, "minted");
        var relayed = await setup.ColumnAsync("SELECT raw_tx FROM chain_transactions WHERE purpose = 'relayer' AND status = 'mined' ORDER BY nonce");
        var mint = await setup.ScalarAsync<string>("SELECT c.raw_tx FROM reward_transactions r JOIN chain_transactions c ON c.tx_hash = r.tx_hash WHERE r.program_id = @id AND r.kind = 'mint' AND r.status = 'mined'", id);
        await first.DisposeAsync();

        await RpcAsync("evm_revert", snapshot.GetString()!);
        await MineAsync(2); // other blocks first: the event comes back at other heights, with the same uid
        foreach (var raw in relayed.Append(mint)) await RpcAsync("eth_sendRawTransaction", raw);
        await MineAsync(2);

        await using var second = setup.Start();
        h = new RewardsHarness(second, second.Admin);
        await h.WaitConfirmedEventAsync(uid);
        await Task.Delay(3_000); // some thirty worker passes over the re-indexed event: none may claw it back

        Assert.Equal(["minted", "minted"], [(await h.SettledAsync(id, _a, uid, "minted")).GetProperty("status").GetString(), (await h.SettledAsync(id, _b, uid, "minted")).GetProperty("status").GetString()]);
        Assert.False((await h.SettledAsync(id, _a, uid, "minted")).GetProperty("eventGone").GetBoolean());
        Assert.Equal(["10", "10"], [await h.BalanceAsync(id, _a), await h.BalanceAsync(id, _b)]);
        Assert.Equal(0L, await setup.ScalarAsync<long>("SELECT COUNT(*) FROM reward_transactions WHERE program_id = @id AND kind = 'clawback'", id));
        Assert.Equal(1, (await new TokenReader(second.Chain().Web3).RewardOfAsync(token, uid, _a.Address.ToLowerHex())).Status);
    }

    private static System.Numerics.BigInteger TokenAmountOf(string text) => Core.Rewards.TokenAmount.Parse(text);

    /// <summary>Seconds the signatures of an event a test makes disappear stay valid: short, so moving the clock past them moves this class's node little.</summary>
    private const int ShortDeadline = 300;

    private async Task<long> ChainTimeAsync() =>
        Convert.ToInt64((await RpcAsync("eth_getBlockByNumber", "latest", false)).GetProperty("timestamp").GetString(), 16);

    private Task<JsonElement> RpcAsync(string method, params object[] parameters) => TestServices.RpcAsync(_http, Url, method, parameters);

    private async Task MineAsync(int blocks)
    {
        for (var i = 0; i < blocks; i++) await RpcAsync("evm_mine");
    }

    /// <summary>One database, deployments folder and funded mnemonic on the private node, shared by the hosts of a test.</summary>
    private sealed class Setup
    {
        public required string Url { get; init; }
        public required string ConnectionString { get; init; }
        public required string Deployments { get; init; }
        public required string Mnemonic { get; init; }

        public static async Task<Setup> CreateAsync(string url)
        {
            var mnemonic = new NBitcoin.Mnemonic(NBitcoin.Wordlist.English, NBitcoin.WordCount.Twelve).ToString();
            using var http = new HttpClient();
            for (var i = 0; i < 4; i++)
                await TestServices.RpcAsync(http, url, "hardhat_setBalance", new ServiceKey("test", KeyStore.Derive(mnemonic, i)).Address, "0x3635C9ADC5DEA00000");
            return new Setup
            {
                Url = url, ConnectionString = TestServices.CreateSqliteDatabase(), Mnemonic = mnemonic,
                Deployments = Directory.CreateTempSubdirectory("trustledger-deployments-").FullName,
            };
        }

        public PrivateChainApplication Start()
        {
            var app = new PrivateChainApplication(this);
            app.CreateClient();
            return app;
        }

        public async Task<T> ScalarAsync<T>(string sql, long id)
        {
            await using var db = Database.Open(ConnectionString);
            await using var connection = await db.OpenConnectionAsync();
            return (await connection.ExecuteScalarAsync<T>(sql, new { id }))!;
        }

        public async Task<IReadOnlyList<string>> ColumnAsync(string sql)
        {
            await using var db = Database.Open(ConnectionString);
            await using var connection = await db.OpenConnectionAsync();
            return [.. await connection.QueryAsync<string>(sql)];
        }

        public sealed class PrivateChainApplication(Setup setup) : RewardsApplication
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                base.ConfigureWebHost(builder);
                builder.UseSetting("Chain:RpcUrl", setup.Url);
                builder.UseSetting("ConnectionStrings:Database", setup.ConnectionString);
                builder.UseSetting("Chain:DeploymentsDirectory", setup.Deployments);
                builder.UseSetting("Keys:Mnemonic", setup.Mnemonic);
            }
        }
    }
}

internal static class ApplicationChain
{
    public static ChainConnection Chain(this Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChainConnection>(app.Services);
}

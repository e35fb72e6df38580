using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Api.Tests.Rewards;
using TrustLedger.Contracts;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using Token = TrustLedger.Contracts.RewardToken;

namespace TrustLedger.Api.Tests.Chain;

/// <summary>
/// What the host deploys, read back from the chain as an attacker holding every hot key would: the admin of
/// ReputationSnapshots and of a reward token is the configured contract admin, never a service key; the publisher
/// publishes without any admin power; the minter mints and claws back and nothing else; and M-of-N cannot be
/// raised above the publishers there are.
/// </summary>
public abstract class ContractAdminTests(RewardsApplication app)
{
    private static readonly byte[] DefaultAdminRole = new byte[32];

    [Fact]
    public async Task DeployedSnapshotsAndRewardTokens_AreAdministeredByTheContractAdmin_NeverByAHotKey()
    {
        var chain = app.Chain();
        var admin = app.ContractAdmin.Address.ToLowerHex();
        var snapshots = new ReputationSnapshotsService(chain.Web3, chain.Deployment.AddressOf(ProductContracts.Snapshots));
        var publisherRole = await snapshots.PublisherRoleAsync();

        Assert.True(await snapshots.HasRoleAsync(DefaultAdminRole, admin));
        foreach (var hot in chain.Keys.All)
        {
            Assert.False(await snapshots.HasRoleAsync(DefaultAdminRole, hot.Address), $"the {hot.Role} key administers ReputationSnapshots");
            Assert.Equal(hot.Role == "publisher", await snapshots.HasRoleAsync(publisherRole, hot.Address));
        }
        Assert.Equal(1, (int)await snapshots.PublisherCountAsync());

        var h = new RewardsHarness(app, app.Admin);
        var token = (await h.CreateProgramAsync(RewardsHarness.Program())).GetProperty("token").GetString()!;
        var minterRole = await Query<Token.MinterRoleFunction, byte[]>(token, new());
        var clawbackRole = await Query<Token.ClawbackRoleFunction, byte[]>(token, new());
        Assert.True(await HasRoleAsync(token, DefaultAdminRole, admin));
        foreach (var hot in chain.Keys.All)
        {
            Assert.False(await HasRoleAsync(token, DefaultAdminRole, hot.Address), $"the {hot.Role} key administers the reward token");
            Assert.Equal(hot.Role == "minter", await HasRoleAsync(token, minterRole, hot.Address));
            Assert.Equal(hot.Role == "minter", await HasRoleAsync(token, clawbackRole, hot.Address));
        }
        Assert.False(await HasRoleAsync(token, minterRole, admin));
    }

    [Fact]
    public async Task EveryHotKey_IsRefusedTheAdminsCalls_AndTheAdminCannotRaiseTheThresholdAboveThePublishers()
    {
        var chain = app.Chain();
        var snapshots = chain.Deployment.AddressOf(ProductContracts.Snapshots);
        var grant = new GrantRoleFunction { Role = await new ReputationSnapshotsService(chain.Web3, snapshots).PublisherRoleAsync(), Account = chain.Keys.Relayer.Address };
        foreach (var hot in chain.Keys.All)
        {
            Assert.Equal("AccessControlUnauthorizedAccount", await RevertOfAsync(hot.Address, snapshots, new SetThresholdFunction { NewThreshold = 1 }));
            Assert.Equal("AccessControlUnauthorizedAccount", await RevertOfAsync(hot.Address, snapshots, grant));
        }

        // One publisher: a threshold of two could never be met, so the contract refuses it, even from its admin.
        var admin = app.ContractAdmin.Address.ToLowerHex();
        Assert.Equal("ThresholdAbovePublishers", await RevertOfAsync(admin, snapshots, new SetThresholdFunction { NewThreshold = 2 }));
        Assert.Null(await RevertOfAsync(admin, snapshots, new SetThresholdFunction { NewThreshold = 1 }));
    }

    private async Task<string?> RevertOfAsync<TFunction>(string from, string to, TFunction function) where TFunction : FunctionMessage, new()
    {
        try
        {
            await app.Chain().Web3.Eth.Transactions.EstimateGas.SendRequestAsync(
                new CallInput(Hex.Encode(function.GetCallData()), to) { From = from, Value = new HexBigInteger(0) });
            return null;
        }
        catch (RpcResponseException e)
        {
            return CustomErrors.Snapshots.Describe(e).Code;
        }
    }

    private Task<TOut> Query<TFunction, TOut>(string contract, TFunction function) where TFunction : FunctionMessage, new() =>
        app.Chain().Web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TOut>(contract, function);

    private Task<bool> HasRoleAsync(string token, byte[] role, string account) =>
        Query<Token.HasRoleFunction, bool>(token, new Token.HasRoleFunction { Role = role, Account = account });
}

public sealed class SqliteContractAdminTests(RewardsApplication app) : ContractAdminTests(app), IClassFixture<RewardsApplication>;

public sealed class PostgresContractAdminTests(PostgresRewardsApplication app) : ContractAdminTests(app), IClassFixture<PostgresRewardsApplication>;

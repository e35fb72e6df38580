using Dapper;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Rewards;

/// <summary>
/// Two replicas on one PostgreSQL: only the holder of the "rewards" lease decides and mints; when it stops,
/// the other takes over from the database's state, and no event is rewarded twice.
/// </summary>
public sealed class RewardReplicaTests
{
    [Fact]
    public async Task TwoReplicas_OneMintsAtATime_TheOtherTakesOver_AndNoEventIsRewardedTwice()
    {
        var shared = new Shared(await TestServices.CreatePostgresDatabaseAsync(), await TestServices.FundedMnemonicAsync(),
            Directory.CreateTempSubdirectory("trustledger-deployments-").FullName);
        var (a, b) = (EthPrivateKey.Generate(), EthPrivateKey.Generate());
        var first = new Replica(shared);
        first.CreateClient();
        await RewardsHarness.EventuallyAsync(async () => await shared.HolderAsync() is not null, "the first replica leads");
        await using var second = new Replica(shared);
        second.CreateClient();
        var h1 = new RewardsHarness(first, first.Admin);
        var id = (await h1.CreateProgramAsync(RewardsHarness.Program())).GetProperty("id").GetInt64();

        var before = await h1.ReciprocityEventAsync(a, b);
        await h1.SettledAsync(id, b, before, "minted");
        var leader = await shared.HolderAsync();
        await first.DisposeAsync(); // clean stop: the lease is released
        var h2 = new RewardsHarness(second, second.Admin);
        var after = await h2.ReciprocityEventAsync(b, a);
        await h2.SettledAsync(id, a, after, "minted");
        await h2.SettledAsync(id, b, after, "minted");

        Assert.NotEqual(leader, await shared.HolderAsync());
        Assert.Equal(["20", "20"], [await h2.BalanceAsync(id, a), await h2.BalanceAsync(id, b)]);
        Assert.Equal(4L, await shared.ScalarAsync("SELECT COUNT(*) FROM rewards WHERE program_id = @id", id));
        Assert.Equal(4L, await shared.ScalarAsync("SELECT COUNT(DISTINCT event_uid || member) FROM rewards WHERE program_id = @id AND status = 'minted'", id));
    }

    private sealed record Shared(string ConnectionString, string Mnemonic, string Deployments)
    {
        public async Task<long> ScalarAsync(string sql, long id)
        {
            await using var db = Database.Open(ConnectionString);
            await using var connection = await db.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<long>(sql, new { id });
        }

        public async Task<string?> HolderAsync()
        {
            await using var db = Database.Open(ConnectionString);
            await using var connection = await db.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<string?>("SELECT holder FROM leases WHERE name = 'rewards'");
        }
    }

    private sealed class Replica(Shared shared) : RewardsApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Chain:RpcUrl", TestServices.RequireChain());
            builder.UseSetting("ConnectionStrings:Database", shared.ConnectionString);
            builder.UseSetting("Chain:DeploymentsDirectory", shared.Deployments);
            builder.UseSetting("Keys:Mnemonic", shared.Mnemonic);
        }
    }
}

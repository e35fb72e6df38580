using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Rewards;

public static class RewardsExtensions
{
    /// <summary>Reward programs: options (section "Rewards"), the token reader and the lease-held rewards worker.</summary>
    public static void AddRewards(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RewardsOptions>(builder.Configuration.GetSection(RewardsOptions.Section));
        builder.Services.AddSingleton(sp => new TokenReader(sp.GetRequiredService<ChainConnection>().Web3));
        builder.Services.AddSingleton(sp => new RewardsApi.RewardServices(
            sp.GetRequiredService<IOptions<RewardsOptions>>().Value, sp.GetRequiredService<ChainConnection>(), sp.GetRequiredService<TokenReader>()));
        if (builder.Configuration.GetValue<bool?>($"{RewardsOptions.Section}:Enabled") != false)
            builder.Services.AddHostedService<RewardsWorker>();
    }

    /// <summary>
    /// Decides, mints and claws back while this replica holds the "rewards" lease: the minter account then has
    /// exactly one sender. The chain connection is resolved when work starts, as the relayer's is.
    /// </summary>
    private sealed class RewardsWorker(Database db, IServiceProvider services, IOptions<RewardsOptions> options, ILogger<RewardsWorker> logger)
        : LeaderWorker(db, "rewards", logger)
    {
        private readonly Database _db = db;

        protected override async Task LeadAsync(Lease lease, CancellationToken ct)
        {
            var chain = services.GetRequiredService<ChainConnection>();
            if (chain.Keys.Minter is not { } minter || minter.Address == chain.Keys.Relayer.Address)
            {
                logger.LogError("Rewards: no minter key of its own (Keys:Mnemonic with Keys:MinterIndex other than the relayer's); reward programs are off");
                await Task.Delay(Timeout.Infinite, ct);
                return;
            }
            var account = minter.ToAccount(chain.ChainId);
            account.TransactionManager.Client = chain.Web3.Client; // nonce and fee reads; signing stays local
            var sender = new MinterSender(chain.Web3, account, _db);
            await new RewardsEngine(chain, _db, sender, services.GetRequiredService<TokenReader>(), options.Value, logger).RunAsync(lease, ct);
        }
    }
}

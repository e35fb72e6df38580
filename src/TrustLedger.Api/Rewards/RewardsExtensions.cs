using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Rewards;

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
}

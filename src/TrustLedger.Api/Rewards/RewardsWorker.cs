using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Rewards;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Api.Rewards;

/// <summary>
/// Decides, mints and claws back while this replica holds the "rewards" lease: the minter account then has
/// exactly one sender. The chain connection is resolved when work starts, as the relayer's is.
/// </summary>
public sealed class RewardsWorker(
    Database db, IServiceProvider services, IOptions<RewardsOptions> options, IOptions<TransactionOptions> sending, ChainWatch watch,
    ILogger<RewardsWorker> logger)
    : LeaderWorker(db, "rewards", logger, watch: watch)
{
    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var chain = services.GetRequiredService<ChainConnection>();
        if (chain.Keys.Minter is not { } minter)
        {
            logger.LogError("Rewards: no minter key (Keys:MinterKeystoreFile, or Keys:Mnemonic with Keys:MinterIndex); reward programs are off");
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }
        var sender = new TransactionSender(chain.Web3, minter.ToAccount(chain.ChainId), Db, "rewards", sending.Value, logger, watch: Watch);
        await new RewardsEngine(chain, Db, sender, services.GetRequiredService<TokenReader>(), options.Value, logger).RunAsync(lease, ct);
    }
}

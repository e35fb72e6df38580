using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Api.Relaying;

/// <summary>
/// Relays while this replica holds the "relayer" lease. The chain connection is resolved when work
/// starts, not at construction, so start-up checks the database before the chain.
/// </summary>
public sealed class RelayerWorker(
    Database db, IServiceProvider services, Outbox outbox, IOptions<RelayerOptions> options, IOptions<TransactionOptions> sending,
    TimeProvider time, ChainWatch watch, ILogger<RelayerWorker> logger)
    : LeaderWorker(db, "relayer", logger, watch: watch)
{
    protected override Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var chain = services.GetRequiredService<ChainConnection>();
        return new Relayer(chain.Web3, chain.Keys.Relayer.ToAccount(chain.ChainId), chain.Deployment.AddressOf(ProductContracts.Registry),
            outbox, options.Value, logger, time, sending.Value, chain.Options.Confirmations, Watch).RunAsync(lease, ct);
    }
}

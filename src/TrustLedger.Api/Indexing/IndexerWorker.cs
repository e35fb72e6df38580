using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Api.Indexing;

/// <summary>
/// Runs the <see cref="AttestationIndexer"/> while this replica holds the "indexer" lease. A
/// replica that loses the lease stops at once; the indexer's writes are also fenced by the lease
/// and the checkpoint. A standby replica takes over within one lease duration of the holder
/// dying, or at once when the holder stops cleanly and releases it.
/// </summary>
public sealed class IndexerWorker(
    IServiceProvider services, Database db, IOptions<IndexerOptions> options, ChainWatch watch, ILogger<IndexerWorker> logger)
    : LeaderWorker(db, LeaseName, logger, options.Value.LeaseDuration, watch)
{
    public const string LeaseName = "indexer";

    private AttestationIndexer? _indexer;

    /// <summary>The indexer's own view while this replica leads; null before it first did.</summary>
    public IndexerStatus? Status => _indexer?.Status;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Enabled) return base.ExecuteAsync(stoppingToken);
        Role = "disabled";
        logger.LogInformation("Indexer disabled on this replica (Indexer:Enabled=false)");
        return Task.CompletedTask;
    }

    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        if (_indexer is null)
        {
            var chain = services.GetRequiredService<ChainConnection>();
            var registry = chain.Deployment.Contracts[ProductContracts.Registry];
            var sources = new EdgeSourceSet(services.GetRequiredService<IOptions<EdgeSourceOptions>>().Value);
            _indexer = new AttestationIndexer(Db, chain.Web3, registry.Address, registry.BlockNumber, chain.Options.Confirmations, options.Value, logger, sources, Watch,
                services.GetRequiredService<IndexAdvance>());
            logger.LogInformation("Indexing registry {Registry} from its deployment block {Block}, with {Sources} outside edge sources",
                registry.Address, registry.BlockNumber, sources.Sources.Count);
        }
        try
        {
            await _indexer.RunAsync(lease, ct);
        }
        catch (IndexerFencedException e)
        {
            logger.LogWarning("Replica {Holder} was fenced off: {Reason}", Holder, e.Message);
        }
    }
}

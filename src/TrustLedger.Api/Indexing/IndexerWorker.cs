using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Api.Indexing;

/// <summary>
/// Runs the <see cref="AttestationIndexer"/> while this replica holds the "indexer" lease, renewing it
/// every third of its duration. A replica that loses the lease (or cannot renew it) stops indexing at
/// once, and the indexer's writes are fenced by the lease and the checkpoint besides; a standby replica
/// tries to take the lease each renewal period, so it takes over within one lease duration of the
/// holder dying, or at once when the holder stops cleanly and releases it.
/// </summary>
public sealed class IndexerWorker(
    IServiceProvider services, Database db, IOptions<IndexerOptions> options, ILogger<IndexerWorker> logger) : BackgroundService
{
    public const string LeaseName = "indexer";

    private readonly IndexerOptions _options = options.Value;
    private AttestationIndexer? _indexer;
    private Lease? _lease;
    private volatile string _role = "starting";

    /// <summary>Who this replica is in the lease table (host, process, instance).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>leader (indexing), standby (another replica indexes), starting, disabled.</summary>
    public string Role => _role;

    /// <summary>The indexer's own view while this replica leads; null before it first did.</summary>
    public IndexerStatus? Status => _indexer?.Status;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _role = "disabled";
            logger.LogInformation("Indexer disabled on this replica (Indexer:Enabled=false)");
            return;
        }
        await Task.Yield(); // let the host finish starting; the chain is connected by then (ConnectOnStart)
        var chain = services.GetRequiredService<ChainConnection>();
        var registry = chain.Deployment.Contracts["AttestationRegistry"];
        _indexer = new AttestationIndexer(db, chain.Web3, registry.Address, registry.BlockNumber, chain.Options.Confirmations, _options, logger);
        _lease = new Lease(db, LeaseName, Holder, _options.LeaseDuration);
        var renewEvery = _options.LeaseDuration / 3;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _lease.TryAcquireOrRenewAsync(stoppingToken))
                {
                    _role = "standby";
                    await Task.Delay(renewEvery, stoppingToken);
                    continue;
                }
                _role = "leader";
                logger.LogInformation("Replica {Holder} holds the indexer lease and indexes", Holder);
                await LeadAsync(_indexer, _lease, renewEvery, stoppingToken);
                _role = "standby";
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable: nobody can index; ask again shortly.
                _role = "standby";
                logger.LogWarning("Indexer lease check failed ({Error}); retrying", e.GetBaseException().Message);
                await Task.Delay(renewEvery, stoppingToken);
            }
        }
    }

    /// <summary>Indexes until stopped or the lease is lost; renews the lease meanwhile.</summary>
    private async Task LeadAsync(AttestationIndexer indexer, Lease lease, TimeSpan renewEvery, CancellationToken stoppingToken)
    {
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(lease, renewEvery, leadership);
        try
        {
            await indexer.RunAsync(lease, leadership.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Replica {Holder} lost the indexer lease; indexing stopped", Holder);
        }
        catch (IndexerFencedException e)
        {
            logger.LogWarning("Replica {Holder} was fenced off: {Reason}", Holder, e.Message);
        }
        finally
        {
            await leadership.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewAsync(Lease lease, TimeSpan renewEvery, CancellationTokenSource leadership)
    {
        try
        {
            while (true)
            {
                await Task.Delay(renewEvery, leadership.Token);
                if (!await lease.TryAcquireOrRenewAsync(leadership.Token)) break;
            }
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not renew the indexer lease ({Error})", e.GetBaseException().Message);
        }
        await leadership.CancelAsync(); // not renewed: stop before the lease runs out under us
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_lease is null) return;
        try
        {
            await _lease.ReleaseAsync(cancellationToken); // a standby replica takes over now, not after expiry
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not release the indexer lease ({Error}); it expires by itself", e.GetBaseException().Message);
        }
    }
}

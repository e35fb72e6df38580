using TrustLedger.Core.Chain;
using TrustLedger.Core.ChainGenerations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Chain;

/// <summary>
/// On every replica (no lease: each must refuse intake by itself): checks every Chain:WatchInterval that the node is
/// still the chain the data belongs to. When it is not, the generation's records are marked as the old chain's (once,
/// whichever replica sees it first) and the loop ends: the <see cref="ChainWatch"/> has stopped the workers.
/// </summary>
public sealed class ChainWatchWorker(ChainWatch watch, IServiceProvider services, Database db, ILogger<ChainWatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var chain = services.GetRequiredService<ChainConnection>(); // connected by the start-up task, which ran first
        var interval = chain.Options.WatchInterval;
        var pacing = new WorkerPacing(interval, interval, interval * 10);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            await WorkerLoop.RunAsync("Chain watch", async ct =>
            {
                if (await watch.CheckAsync(ct)) return false;
                await RetireAsync(chain, ct); // a failure is retried: the records must be marked
                await done.CancelAsync();
                return false;
            }, pacing, logger, done.Token);
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    /// <summary>Marks the records of the generation this process started on, if no replica has yet.</summary>
    private async Task RetireAsync(ChainConnection chain, CancellationToken ct)
    {
        var current = await ChainGenerations.CurrentAsync(db, ct);
        if (current is null || current.GenesisHash != chain.Deployment.GenesisHash
            || current.Contracts != ChainGenerations.ContractsOf(chain.Deployment)) return; // already another generation's
        if (await RetiredChainRecords.RetireAsync(db, current.Id, watch.Replaced!, ct))
            logger.LogWarning("Chain generation {Id} ended: its records are marked as the old chain's; start the service again to begin on the new chain", current.Id);
    }
}

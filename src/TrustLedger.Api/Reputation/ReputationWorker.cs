using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Reputation;

/// <summary>
/// Keeps this replica's reputation board current (<see cref="ReputationRefresher"/>). Every replica runs
/// one, no lease: the engine is deterministic, so all replicas serve the same board. The chain connection
/// is resolved when work starts, so start-up checks the database before the chain.
/// </summary>
public sealed class ReputationWorker(
    Database db, IServiceProvider services, IOptions<ReputationSettings> settings, ReputationState state, IndexAdvance advance,
    ILogger<ReputationWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var refresher = new ReputationRefresher(db, () => services.GetRequiredService<ChainConnection>().Web3, settings.Value, state, logger);
        var interval = settings.Value.RefreshInterval;
        try
        {
            await WorkerLoop.RunAsync("Reputation refresh", refresher.StepAsync, new WorkerPacing(interval, interval, TimeSpan.FromSeconds(30), interval),
                logger, stoppingToken, wakeUp: () => advance.Next);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relationships;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Relationships;

/// <summary>
/// While this replica holds the "relationships" lease: records every party's standing for each new snapshot
/// epoch (<see cref="RelationshipEpochs"/>), from the served board when its own SNA pass completed it at the snapshot's
/// block (figures carried from an earlier block do not count: an epoch records that block's network), else from a board
/// the refresher computes for that block.
/// </summary>
public sealed class RelationshipsWorker(
    Database db, IServiceProvider services, ReputationState state, IOptions<ReputationSettings> reputation, ILogger<RelationshipsWorker> logger)
    : LeaderWorker(db, "relationships", logger)
{
    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var refresher = new ReputationRefresher(Db, () => services.GetRequiredService<ChainConnection>().Web3, reputation.Value, state, logger);
        var epochs = new RelationshipEpochs(Db, async (block, token) =>
            state.Board is var served && served.IsCompleteAt(block) ? served : await refresher.ComputeAsync(block, token), logger);
        var interval = reputation.Value.RefreshInterval;
        await WorkerLoop.RunAsync("Relationships", epochs.StepAsync, new WorkerPacing(interval, interval, TimeSpan.FromSeconds(30)), logger, ct);
    }
}

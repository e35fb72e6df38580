using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Data;
using TrustLedger.Core.Snapshots;
using TrustLedger.Core.Transactions;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Snapshots;

/// <summary>
/// Runs the <see cref="SnapshotSchedule"/> while this replica holds the "snapshots" lease: one replica
/// publishes, whatever the number of replicas. The chain connection is resolved when work starts.
/// </summary>
public sealed class SnapshotWorker(
    Database db, SnapshotService service, IOptions<SnapshotOptions> options, IOptions<TransactionOptions> sending, ILogger<SnapshotWorker> logger)
    : LeaderWorker(db, "snapshots", logger)
{
    protected override Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var chain = service.Chain;
        var sender = new TransactionSender(chain.Web3, chain.Keys.Relayer.ToAccount(chain.ChainId), Db, "snapshots", sending.Value, logger);
        var schedule = new SnapshotSchedule(Db, service, new SnapshotPublisher(Db, service, sender, logger), options.Value, logger);
        var pacing = new WorkerPacing(options.Value.PollInterval, TimeSpan.FromMilliseconds(500), options.Value.MaxBackoff, TimeSpan.FromMilliseconds(100));
        return WorkerLoop.RunAsync("Snapshots", token => schedule.StepAsync(lease, token), pacing, logger, ct);
    }
}

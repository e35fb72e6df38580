using TrustLedger.Core.Chain;
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
    Database db, SnapshotService service, IOptions<SnapshotOptions> options, IOptions<TransactionOptions> sending, ChainWatch watch,
    ILogger<SnapshotWorker> logger)
    : LeaderWorker(db, "snapshots", logger, watch: watch)
{
    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var chain = service.Chain;
        if (chain.Keys.Publisher is not { } publisher)
        {
            logger.LogError("Snapshots: no publisher key (Keys:PublisherKeystoreFile, or Keys:Mnemonic with Keys:PublisherIndex); snapshots are computed but not published");
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }
        // Its own key and nonces: the relayer's batches and the publisher's roots never wait for, or replace, each other.
        var sender = new TransactionSender(chain.Web3, publisher.ToAccount(chain.ChainId), Db, "snapshots", sending.Value, logger, watch: Watch);
        var schedule = new SnapshotSchedule(Db, service, new SnapshotPublisher(Db, service, sender, logger), options.Value, logger);
        var pacing = new WorkerPacing(options.Value.PollInterval, TimeSpan.FromMilliseconds(500), options.Value.MaxBackoff, TimeSpan.FromMilliseconds(100));
        await WorkerLoop.RunAsync("Snapshots", token => schedule.StepAsync(lease, token), pacing, logger, ct);
    }
}

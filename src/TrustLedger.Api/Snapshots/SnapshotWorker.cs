using System.Globalization;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Snapshots;

/// <summary>
/// While this replica holds the "snapshots" lease: computes a new epoch every Snapshots:Interval
/// (counted from the latest stored epoch, so a new leader keeps the rhythm) and takes any stored
/// epoch on to the chain (<see cref="SnapshotPublisher"/>). Node and database failures are retried
/// with backoff; one replica publishes, whatever the number of replicas.
/// </summary>
public sealed class SnapshotWorker(Database db, SnapshotService service, IOptions<SnapshotOptions> options, ILogger<SnapshotWorker> logger)
    : LeaderWorker(db, "snapshots", logger)
{
    private readonly Database _db = db;
    private readonly ILogger _logger = logger;
    private readonly SnapshotPublisher _publisher = new(db, service, logger);
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue; // after "nothing new", the next scheduled try

    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            bool busy;
            try
            {
                if (DateTimeOffset.UtcNow >= _notBefore && await ScheduledEpochDueAsync(ct))
                {
                    var result = await service.CreateAsync(ct);
                    if (result.Outcome != SnapshotOutcome.Created)
                    {
                        // Nothing to score yet, or nothing new: look again in a while, not at every poll.
                        _notBefore = DateTimeOffset.UtcNow + TimeSpan.FromTicks(Math.Min(options.Value.Interval.Ticks, TimeSpan.FromSeconds(30).Ticks));
                        _logger.LogDebug("Scheduled snapshot: {Outcome} ({Reason})", result.Outcome, result.Reason);
                    }
                }
                busy = await _publisher.StepAsync(lease, ct);
                failures = 0;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(options.Value.MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures - 1, 16))));
                if (failures == 1 || failures % 10 == 0)
                    _logger.LogWarning("Snapshots: attempt {Failures} failed ({Error}); retrying in {Delay} ms",
                        failures, e.GetBaseException().Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, ct);
                continue;
            }
            await Task.Delay(busy ? TimeSpan.FromMilliseconds(100) : options.Value.PollInterval, ct);
        }
    }

    private async Task<bool> ScheduledEpochDueAsync(CancellationToken ct)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero) return false;
        await using var connection = await _db.OpenConnectionAsync(ct);
        var latest = await SnapshotStore.LatestAsync(connection, service.Contract.Address, ct);
        return latest is null
            || (latest.Published && DateTimeOffset.UtcNow - DateTimeOffset.Parse(latest.CreatedAt, CultureInfo.InvariantCulture) >= interval);
    }
}

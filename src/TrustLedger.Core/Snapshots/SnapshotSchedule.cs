using System.Globalization;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// The "snapshots" leader's work: a new epoch every Snapshots:Interval (counted from the latest stored
/// epoch, so a new leader keeps the rhythm), and any stored epoch taken on to the chain
/// (<see cref="SnapshotPublisher"/>).
/// </summary>
public sealed class SnapshotSchedule(Database db, SnapshotService service, SnapshotPublisher publisher, SnapshotOptions options, ILogger logger)
{
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue; // after "nothing new", the next scheduled try

    /// <summary>One step; true when something moved.</summary>
    public async Task<bool> StepAsync(Lease lease, CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow >= _notBefore && await ScheduledEpochDueAsync(ct))
        {
            var result = await service.CreateAsync(ct);
            if (result.Outcome != SnapshotOutcome.Created)
            {
                // Nothing to score yet, or nothing new: look again in a while, not at every poll.
                _notBefore = DateTimeOffset.UtcNow + TimeSpan.FromTicks(Math.Min(options.Interval.Ticks, TimeSpan.FromSeconds(30).Ticks));
                logger.LogDebug("Scheduled snapshot: {Outcome} ({Reason})", result.Outcome, result.Reason);
            }
        }
        return await publisher.StepAsync(lease, ct);
    }

    private async Task<bool> ScheduledEpochDueAsync(CancellationToken ct)
    {
        if (options.Interval <= TimeSpan.Zero) return false;
        await using var connection = await db.OpenConnectionAsync(ct);
        var latest = await SnapshotStore.LatestAsync(connection, service.Contract.Address, ct);
        return latest is null
            || (latest.Published && DateTimeOffset.UtcNow - DateTimeOffset.Parse(latest.CreatedAt, CultureInfo.InvariantCulture) >= options.Interval);
    }
}

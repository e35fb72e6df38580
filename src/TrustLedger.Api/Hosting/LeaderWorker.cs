using TrustLedger.Core.Data;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// A background worker that does its work only while this replica holds the named lease. Of
/// several replicas sharing one database one leads; the others poll and take over when the
/// leader's lease runs out (it died) or is released (it stopped cleanly).
/// </summary>
public abstract class LeaderWorker(Database db, string role, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private readonly Lease _lease = new(db, role, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", LeaseDuration);

    /// <summary>The work itself; <paramref name="ct"/> is cancelled when the lease is lost or the host stops.</summary>
    protected abstract Task LeadAsync(Lease lease, CancellationToken ct);

    public bool IsLeader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _lease.TryAcquireOrRenewAsync(stoppingToken))
                    await LeadWhileHeldAsync(stoppingToken);
                else
                    await Task.Delay(LeaseDuration / 3, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A database or node outage: log, wait, try again. The lease logic guarantees
                // that at most one replica works meanwhile.
                logger.LogError(e, "{Role}: {Error}; retrying", role, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task LeadWhileHeldAsync(CancellationToken stoppingToken)
    {
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        IsLeader = true;
        logger.LogInformation("{Role}: this replica leads ({Holder})", role, _lease.Holder);
        var renewals = RenewAsync(leadership);
        try
        {
            await LeadAsync(_lease, leadership.Token);
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
        }
        finally
        {
            IsLeader = false;
            await leadership.CancelAsync();
            await renewals;
            if (stoppingToken.IsCancellationRequested)
                await _lease.ReleaseAsync(CancellationToken.None);
        }
    }

    private async Task RenewAsync(CancellationTokenSource leadership)
    {
        try
        {
            while (!leadership.IsCancellationRequested)
            {
                await Task.Delay(LeaseDuration / 3, leadership.Token);
                if (!await _lease.TryAcquireOrRenewAsync(leadership.Token))
                {
                    logger.LogWarning("{Role}: lease lost; stopping work", role);
                    await leadership.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("{Role}: cannot renew the lease ({Error}); stopping work", role, e.Message);
            await leadership.CancelAsync();
        }
    }
}

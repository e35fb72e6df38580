using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// A background worker that does its work only while this replica holds the named lease. Of
/// several replicas sharing one database one leads; the others poll and take over when the
/// leader's lease runs out (it died) or is released (it stopped cleanly). A worker given the <see cref="ChainWatch"/>
/// works on one chain only: when that chain is found replaced it stops, releases the lease and stays halted.
/// </summary>
public abstract class LeaderWorker(Database db, string role, ILogger logger, TimeSpan? leaseDuration = null, ChainWatch? watch = null) : BackgroundService
{
    private readonly TimeSpan _leaseDuration = leaseDuration ?? TimeSpan.FromSeconds(15);
    private Lease? _lease;

    private Lease Lease => _lease ??= new(db, role, Holder, _leaseDuration);

    protected Database Db => db;

    /// <summary>The chain this worker works on, when it works on one.</summary>
    protected ChainWatch? Watch => watch;

    /// <summary>Who this replica is in the lease table (host, process, instance).</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The work itself; <paramref name="ct"/> is cancelled when the lease is lost or the host stops.</summary>
    protected abstract Task LeadAsync(Lease lease, CancellationToken ct);

    /// <summary>starting, leader (doing the work), standby (another replica is), or disabled.</summary>
    public string Role { get; protected set; } = "starting";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (watch?.IsReplaced == true)
            {
                await HaltAsync(stoppingToken);
                return;
            }
            try
            {
                if (await Lease.TryAcquireOrRenewAsync(stoppingToken))
                {
                    await LeadWhileHeldAsync(stoppingToken);
                }
                else
                {
                    Role = "standby";
                    await Task.Delay(_leaseDuration / 3, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A database or node outage: log, wait, try again. The lease logic guarantees
                // that at most one replica works meanwhile.
                Role = "standby";
                logger.LogWarning("{Role}: {Error}; retrying", role, e.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task LeadWhileHeldAsync(CancellationToken stoppingToken)
    {
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, watch?.ReplacedToken ?? CancellationToken.None);
        Role = "leader";
        logger.LogInformation("{Role}: this replica leads ({Holder})", role, Holder);
        var renewals = RenewAsync(leadership);
        try
        {
            await LeadAsync(Lease, leadership.Token);
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
        }
        finally
        {
            Role = "standby";
            await leadership.CancelAsync();
            await renewals;
            if (stoppingToken.IsCancellationRequested)
                await ReleaseQuietlyAsync(); // a standby replica takes over now, not after expiry
        }
    }

    /// <summary>The chain this worker works on is gone: hand the lease back and do nothing until the host stops.</summary>
    private async Task HaltAsync(CancellationToken stoppingToken)
    {
        Role = "halted";
        logger.LogWarning("{Role}: halted, the chain it works on was replaced (GET /health says why)", role);
        await ReleaseQuietlyAsync();
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task RenewAsync(CancellationTokenSource leadership)
    {
        try
        {
            while (!leadership.IsCancellationRequested)
            {
                await Task.Delay(_leaseDuration / 3, leadership.Token);
                if (!await Lease.TryAcquireOrRenewAsync(leadership.Token))
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

    private async Task ReleaseQuietlyAsync()
    {
        try
        {
            await Lease.ReleaseAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("{Role}: could not release the lease ({Error}); it expires by itself", role, e.GetBaseException().Message);
        }
    }
}

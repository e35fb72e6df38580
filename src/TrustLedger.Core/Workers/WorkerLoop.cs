namespace TrustLedger.Core.Workers;

/// <summary>How a worker loop paces itself.</summary>
/// <param name="Idle">the wait after a step that found nothing to do</param>
/// <param name="FirstBackoff">the wait after a first failure; it doubles with each failure in a row</param>
/// <param name="MaxBackoff">the longest wait after failures</param>
/// <param name="Busy">the wait after a step that moved something (zero: go on at once)</param>
public sealed record WorkerPacing(TimeSpan Idle, TimeSpan FirstBackoff, TimeSpan MaxBackoff, TimeSpan Busy = default);

/// <summary>
/// The one retry loop of every background worker (relayer, indexer, rewards, snapshots, credentials):
/// run one step at a time until cancelled (the lease was lost or the host stops). A step that moved
/// something is followed at once, one that found nothing waits <see cref="WorkerPacing.Idle"/>, and a
/// failed step (node down, database error) waits a backoff that doubles up to
/// <see cref="WorkerPacing.MaxBackoff"/>. Failures are logged on the first and every tenth attempt, so
/// an outage does not flood the log; the recovery is logged once. Every piece of state a step needs
/// lives in the database, so retrying a step is always safe.
/// </summary>
public static class WorkerLoop
{
    /// <param name="name">how the worker is named in the log</param>
    /// <param name="step">one unit of work; true when it moved something</param>
    /// <param name="stopsTheLoop">failures that end the loop instead of being retried (e.g. fenced off by another replica)</param>
    /// <param name="onFailure">called on every failure before the wait (e.g. to drop cached state)</param>
    /// <param name="wakeUp">read before each step: a task that completes when there may be work (e.g. <see cref="Indexing.IndexAdvance.Next"/>); an idle wait ends when it does</param>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task<bool>> step, WorkerPacing pacing, ILogger logger, CancellationToken ct,
        TimeProvider? time = null, Func<Exception, bool>? stopsTheLoop = null, Action<Exception>? onFailure = null,
        Func<Task>? wakeUp = null)
    {
        time ??= TimeProvider.System;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            Task? woken = null;
            try
            {
                woken = wakeUp?.Invoke();
                var moved = await step(ct);
                if (failures > 0) logger.LogInformation("{Worker}: recovered after {Failures} failed attempts", name, failures);
                failures = 0;
                wait = moved ? pacing.Busy : pacing.Idle;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && stopsTheLoop?.Invoke(e) != true)
            {
                failures++;
                onFailure?.Invoke(e);
                woken = null; // a failure backs off whatever happens meanwhile
                wait = Backoff(pacing, failures);
                if (failures == 1 || failures % 10 == 0)
                    logger.LogWarning("{Worker}: attempt {Failures} failed ({Error}); retrying in {Delay} ms",
                        name, failures, e.GetBaseException().Message, (long)wait.TotalMilliseconds);
            }
            if (wait <= TimeSpan.Zero) continue;
            if (woken is null) await Task.Delay(wait, time, ct);
            else await woken.WaitAsync(wait, time, ct).ContinueWith(_ => { }, TaskScheduler.Default); // woken or timed out: look again
        }
    }

    /// <summary>Doubling from the first backoff to the cap, with +-20% jitter so replicas retrying a shared outage spread out.</summary>
    public static TimeSpan Backoff(WorkerPacing pacing, int failures) => TimeSpan.FromMilliseconds(Math.Min(
        pacing.MaxBackoff.TotalMilliseconds, pacing.FirstBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20)))
        * (0.8 + Random.Shared.NextDouble() * 0.4));
}

using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Credentials;

/// <summary>On the replica holding the "credentials" lease, issues the ReciprocityCredentials confirmed events lack.</summary>
public sealed class ReciprocityCredentialWorker(
    Database db, Outbox outbox, IServiceProvider services, IOptions<CredentialOptions> options, ILogger<ReciprocityCredentialWorker> logger)
    : LeaderWorker(db, "credentials", logger)
{
    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var interval = options.Value.ReciprocityScanInterval;
        if (interval <= TimeSpan.Zero) { await Task.Delay(Timeout.Infinite, ct); return; }
        var scan = new ReciprocityCredentials(Db, outbox, services.GetRequiredService<ProductCredentials>(), logger);
        await WorkerLoop.RunAsync("Reciprocity credentials", async token => { await scan.IssueMissingAsync(token); return false; },
            new WorkerPacing(interval, interval, TimeSpan.FromMinutes(5)), logger, ct);
    }
}

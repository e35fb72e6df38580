using TrustLedger.Core.Chain;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// On the replica holding the "credentials" lease, keeps product credentials in step with their
/// facts: issues the ReciprocityCredentials confirmed events lack, and relays the revocation of
/// every credential whose endorsement, proposal or confirmation was revoked or expired, then
/// brings every Bitstring Status List up to date (a new version signed and anchored when bits changed).
/// </summary>
public sealed class CredentialFactsWorker(
    Database db, Outbox outbox, IServiceProvider services, IOptions<CredentialOptions> options, TimeProvider time, ChainWatch watch,
    ILogger<CredentialFactsWorker> logger)
    : LeaderWorker(db, "credentials", logger, watch: watch)
{
    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var interval = options.Value.ReciprocityScanInterval;
        if (interval <= TimeSpan.Zero) { await Task.Delay(Timeout.Infinite, ct); return; }
        var issue = new ReciprocityCredentials(Db, outbox, services.GetRequiredService<ProductCredentials>(), logger);
        var revoke = new CredentialRevocations(Db, services.GetRequiredService<CredentialAnchoring>(), time, logger);
        var statusLists = services.GetRequiredService<StatusListPublisher>();
        await WorkerLoop.RunAsync("Credential facts", async token =>
            {
                await revoke.RevokeStaleAsync(token);
                await issue.IssueMissingAsync(token);
                await statusLists.PublishAllAsync(token);
                return false;
            },
            new WorkerPacing(interval, interval, TimeSpan.FromMinutes(5)), logger, ct);
    }
}

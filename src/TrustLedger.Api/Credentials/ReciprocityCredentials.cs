using Dapper;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Attestations;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Reciprocity;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// Every reciprocity event both parties confirmed gets its ReciprocityCredential: on demand
/// (GET /v1/reciprocity-events/{id}/credentials) and from a background check, whichever comes
/// first; the credential's source key (reciprocity:&lt;event uid&gt;) keeps it to one per event.
/// </summary>
public static class ReciprocityEvents
{
    /// <summary>Confirmed, unrevoked events that have no credential yet, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> WithoutCredentialAsync(Database db, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT p.uid FROM attestations p
            JOIN attestations c ON c.uid = p.confirmed_by
            WHERE p.schema_uid = @Schema AND p.revoked_block IS NULL AND c.revoked_block IS NULL
              AND NOT EXISTS (SELECT 1 FROM credentials k WHERE k.source = 'reciprocity:' || p.uid)
            ORDER BY p.block_number, p.log_index
            LIMIT @Limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(sql, new { Schema = ProductSchemas.Reciprocity.Uid, Limit = limit }, cancellationToken: ct))).AsList();
    }
}

/// <summary>The background check: on the replica holding the "credentials" lease, issues what confirmed events lack.</summary>
public sealed class ReciprocityCredentialWorker(
    Database db, Outbox outbox, IServiceProvider services, IOptions<CredentialOptions> options, ILogger<ReciprocityCredentialWorker> logger)
    : LeaderWorker(db, "credentials", logger)
{
    protected override async Task LeadAsync(Core.Data.Lease lease, CancellationToken ct)
    {
        var interval = options.Value.ReciprocityScanInterval;
        if (interval <= TimeSpan.Zero) { await Task.Delay(Timeout.Infinite, ct); return; }
        var products = services.GetRequiredService<ProductCredentials>();
        var failing = new HashSet<string>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            foreach (var id in await ReciprocityEvents.WithoutCredentialAsync(outbox.Database, 20, ct))
            {
                try
                {
                    if (await ReciprocityApi.FindAsync(id, outbox.Database, outbox, ct) is { Status: "confirmed" } view)
                        await products.IssueReciprocityAsync(view, ct: ct);
                    failing.Remove(id);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Retried on the next pass; logged once per event, not once per pass.
                    if (failing.Add(id)) logger.LogWarning("ReciprocityCredential for event {Event} not issued yet: {Error}", id, e.Message);
                }
            }
            await Task.Delay(interval, ct);
        }
    }
}

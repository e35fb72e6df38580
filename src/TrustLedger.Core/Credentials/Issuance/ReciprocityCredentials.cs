using Dapper;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Reciprocity;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// Every reciprocity event both parties confirmed gets its ReciprocityCredential: on demand
/// (GET /v1/reciprocity-events/{id}/credentials) and from a background scan, whichever comes
/// first; the credential's source key (reciprocity:&lt;event uid&gt;) and its facts (proposal and
/// confirmation) keep it to one per event and confirmation. An event confirmed again after its
/// first confirmation was revoked gets a new credential, which supersedes the old one.
/// </summary>
public sealed class ReciprocityCredentials(Database db, Outbox outbox, ProductCredentials products, ILogger logger)
{
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    /// <summary>Confirmed, unrevoked events that have no credential for their current confirmation yet, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> WithoutCredentialAsync(Database db, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT p.uid FROM attestations p
            JOIN attestations c ON c.uid = p.confirmed_by
            WHERE p.schema_uid = @Schema AND p.revoked_block IS NULL AND c.revoked_block IS NULL
              AND NOT EXISTS (SELECT 1 FROM credentials k JOIN credential_facts f ON f.credential_id = k.id AND f.attestation_uid = c.uid
                              WHERE k.source = 'reciprocity:' || p.uid)
            ORDER BY p.block_number, p.log_index
            LIMIT @Limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(sql, new { Schema = ProductSchemas.Reciprocity.Uid, Limit = limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// One pass of the scan: issues the credentials up to 20 confirmed events lack. An event that fails is
    /// retried on the next pass and logged once, not once per pass. False: no event was issued.
    /// </summary>
    public async Task<bool> IssueMissingAsync(CancellationToken ct)
    {
        var issued = false;
        foreach (var id in await WithoutCredentialAsync(db, 20, ct))
        {
            try
            {
                if (await ReciprocityEvents.FindAsync(id, db, outbox, ct) is { Status: "confirmed" } view)
                {
                    await products.IssueReciprocityAsync(view, ct: ct);
                    issued = true;
                }
                _failing.Remove(id);
            }
            catch (IssuanceBudgetExhaustedException e)
            {
                // Nothing more can be issued today: stop the pass, the next day picks the events up.
                if (_failing.Add("budget")) logger.LogWarning("ReciprocityCredentials wait: {Error}", e.Message);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (_failing.Add(id)) logger.LogWarning("ReciprocityCredential for event {Event} not issued yet: {Error}", id, e.Message);
            }
        }
        return issued;
    }
}

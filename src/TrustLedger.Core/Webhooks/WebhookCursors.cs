using System.Data.Common;
using Dapper;

namespace TrustLedger.Core.Webhooks;

/// <summary>Where each event source has read up to; moved in the same transaction as the messages it queued.</summary>
internal static class WebhookCursors
{
    public static Task<string?> GetAsync(DbConnection c, string source, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("SELECT position FROM webhook_cursors WHERE source = @source", new { source }, cancellationToken: ct));

    public static Task SetAsync(DbConnection c, DbTransaction? tx, string source, string position, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO webhook_cursors (source, position) VALUES (@source, @position)
            ON CONFLICT (source) DO UPDATE SET position = excluded.position
            """, new { source, position }, tx, cancellationToken: ct));
}

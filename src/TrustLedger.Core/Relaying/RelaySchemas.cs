using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Relaying;

/// <summary>A schema an admin allowed the relayer to relay beside the product's own (table relay_schemas).</summary>
public sealed class AllowedSchema
{
    public string SchemaUid { get; init; } = "";
    public string Definition { get; init; } = "";
    /// <summary>The schema's hook, or the zero address.</summary>
    public string Hook { get; init; } = "";
    /// <summary>Set on purpose by the admin: the hook runs a third party's code on our gas inside our batches.</summary>
    public bool AllowHook { get; init; }
    public string Reason { get; init; } = "";
    public string AddedBy { get; init; } = "";
    public string AddedAt { get; init; } = "";
}

/// <summary>
/// Which schemas the relayer pays gas for: the product's own, always (they have no hook), plus the ones an admin
/// listed here. Anything else is refused at intake, so nobody can make us relay a schema whose hook they wrote.
/// </summary>
public static class RelaySchemas
{
    private const string Columns = """
        SELECT schema_uid AS SchemaUid, definition, hook, allow_hook AS AllowHook, reason, added_by AS AddedBy, added_at AS AddedAt
        FROM relay_schemas
        """;

    private static long _changes;

    /// <summary>
    /// Bumped by every change made through this process (<see cref="AllowAsync"/>, <see cref="RemoveAsync"/>), so a cache
    /// of the list in this process is never stale after its own admin's change (another process's shows after the cache's age).
    /// </summary>
    public static long Changes => Interlocked.Read(ref _changes);

    public static async Task<AllowedSchema?> FindAsync(Database db, string schemaUid, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AllowedSchema>(new CommandDefinition(
            $"{Columns} WHERE schema_uid = @schemaUid", new { schemaUid = schemaUid.ToLowerInvariant() }, cancellationToken: ct));
    }

    public static async Task<IReadOnlyList<AllowedSchema>> ListAsync(Database db, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<AllowedSchema>(new CommandDefinition($"{Columns} ORDER BY added_at, schema_uid", cancellationToken: ct))];
    }

    /// <summary>Adds or replaces the entry of a schema (an admin's decision, with its reason).</summary>
    public static async Task AllowAsync(Database db, AllowedSchema entry, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO relay_schemas (schema_uid, definition, hook, allow_hook, reason, added_by, added_at)
            VALUES (@SchemaUid, @Definition, @Hook, @AllowHook, @Reason, @AddedBy, @AddedAt)
            ON CONFLICT (schema_uid) DO UPDATE SET allow_hook = excluded.allow_hook, reason = excluded.reason,
                added_by = excluded.added_by, added_at = excluded.added_at
            """, new
        {
            SchemaUid = entry.SchemaUid.ToLowerInvariant(), entry.Definition, Hook = entry.Hook.ToLowerInvariant(), entry.AllowHook, entry.Reason,
            entry.AddedBy, AddedAt = string.IsNullOrEmpty(entry.AddedAt) ? DateTimeOffset.UtcNow.ToString("O") : entry.AddedAt,
        }, cancellationToken: ct));
        Interlocked.Increment(ref _changes);
    }

    /// <summary>False when the schema was not listed. Requests already accepted under it are still relayed.</summary>
    public static async Task<bool> RemoveAsync(Database db, string schemaUid, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM relay_schemas WHERE schema_uid = @schemaUid", new { schemaUid = schemaUid.ToLowerInvariant() }, cancellationToken: ct)) == 1;
        Interlocked.Increment(ref _changes);
        return removed;
    }
}

using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Trust;

/// <summary>
/// One entry of a governed list, current or removed: who (<see cref="Subject"/>, <see cref="Name"/>),
/// for what (<see cref="Scope"/>), and who decided it when and why. A removed entry keeps its row.
/// </summary>
public sealed record TrustEntry
{
    public long Id { get; init; }
    public string List { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>Issuers: the credential types, space-separated. Anchors: empty.</summary>
    public string Scope { get; init; } = "";
    public string AddedReason { get; init; } = "";
    public string AddedBy { get; init; } = "";
    public string AddedAt { get; init; } = "";
    public string? RemovedReason { get; init; }
    public string? RemovedBy { get; init; }
    public string? RemovedAt { get; init; }

    public IReadOnlyList<string> ScopeItems => Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// The lists admins govern (table trust_entries, migration 012): <see cref="Anchors"/>, the
/// reputation engine's seeds, and <see cref="Issuers"/>, the credential issuers verification
/// accepts besides our own. Every change names its reason and its admin; nothing is deleted, so
/// the table is also the public history. Callers pass subjects already in their one spelling
/// (lower-case address; did:pkh for issuers), so a subject is listed at most once at a time.
/// </summary>
public static class TrustLists
{
    public const string Anchors = "anchors";
    public const string Issuers = "issuers";

    private const string Columns = """
        SELECT id AS Id, list AS List, subject AS Subject, name AS Name, scope AS Scope,
               added_reason AS AddedReason, added_by AS AddedBy, added_at AS AddedAt,
               removed_reason AS RemovedReason, removed_by AS RemovedBy, removed_at AS RemovedAt
        FROM trust_entries
        """;

    /// <summary>The current entries of a list, oldest first.</summary>
    public static async Task<IReadOnlyList<TrustEntry>> CurrentAsync(Database db, string list, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TrustEntry>(new CommandDefinition(
            Columns + " WHERE list = @List AND removed_at IS NULL ORDER BY id", new { List = list }, cancellationToken: ct))).AsList();
    }

    /// <summary>Every entry the list ever had, newest decision first: additions and removals with their reasons.</summary>
    public static async Task<IReadOnlyList<TrustEntry>> HistoryAsync(Database db, string list, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TrustEntry>(new CommandDefinition(
            Columns + " WHERE list = @List ORDER BY COALESCE(removed_at, added_at) DESC, id DESC", new { List = list }, cancellationToken: ct))).AsList();
    }

    /// <summary>The current entry for <paramref name="subject"/>, or null.</summary>
    public static async Task<TrustEntry?> FindAsync(Database db, string list, string subject, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TrustEntry>(new CommandDefinition(
            Columns + " WHERE list = @List AND subject = @Subject AND removed_at IS NULL", new { List = list, Subject = subject }, cancellationToken: ct));
    }

    /// <summary>Adds a current entry; null when the subject is listed already (the unique index decides under concurrency).</summary>
    public static async Task<TrustEntry?> AddAsync(Database db, string list, string subject, string name, string scope, string reason,
        string actor, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO trust_entries (list, subject, name, scope, added_reason, added_by, added_at)
            VALUES (@List, @Subject, @Name, @Scope, @Reason, @Actor, @At)
            ON CONFLICT DO NOTHING
            """;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var added = await connection.ExecuteAsync(new CommandDefinition(sql,
                new { List = list, Subject = subject, Name = name, Scope = scope, Reason = reason, Actor = actor, At = at.ToString("O") }, cancellationToken: ct));
            if (added == 0) return null;
        }
        return await FindAsync(db, list, subject, ct);
    }

    /// <summary>Ends the current entry for <paramref name="subject"/>; the ended entry, or null when none was current.</summary>
    public static async Task<TrustEntry?> RemoveAsync(Database db, string list, string subject, string reason, string actor, DateTimeOffset at,
        CancellationToken ct)
    {
        const string sql = """
            UPDATE trust_entries SET removed_reason = @Reason, removed_by = @Actor, removed_at = @At
            WHERE list = @List AND subject = @Subject AND removed_at IS NULL
            RETURNING id
            """;
        long? id;
        await using (var connection = await db.OpenConnectionAsync(ct))
            id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql,
                new { List = list, Subject = subject, Reason = reason, Actor = actor, At = at.ToString("O") }, cancellationToken: ct));
        if (id is null) return null;
        await using var read = await db.OpenConnectionAsync(ct);
        return await read.QuerySingleAsync<TrustEntry>(new CommandDefinition(Columns + " WHERE id = @Id", new { Id = id }, cancellationToken: ct));
    }
}

using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Webhooks;

/// <summary>A subscription as stored. Party null: every party's events (admins only). Secret never leaves except once, on creation.</summary>
public sealed class WebhookSubscription
{
    public string Id { get; init; } = "";
    public string Owner { get; init; } = "";
    public string? Party { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public string EventTypes { get; init; } = "";
    public double MinScoreChange { get; init; }
    public string Status { get; init; } = "";
    public string? DisabledReason { get; init; }
    public long FailuresInARow { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    public IReadOnlyList<string> Types => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether this subscription gets <paramref name="type"/> about <paramref name="party"/> (null: an event about everyone).</summary>
    public bool Wants(string type, string? party) =>
        Status == WebhookStatus.Active && Types.Contains(type) && (party is null || Party is null || Party == party);
}

public static class WebhookStatus
{
    public const string Active = "active";
    public const string Disabled = "disabled";
}

/// <summary>Subscriptions: create, read, change, delete. Deleting one drops its undelivered messages too.</summary>
public static class WebhookSubscriptions
{
    private const string Columns = """
        SELECT id AS Id, owner AS Owner, party AS Party, url AS Url, secret AS Secret, event_types AS EventTypes,
               min_score_change AS MinScoreChange, status AS Status, disabled_reason AS DisabledReason,
               failures_in_a_row AS FailuresInARow, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM webhook_subscriptions
        """;

    public static async Task<WebhookSubscription> CreateAsync(Database db, string owner, string? party, string url, IEnumerable<string> types,
        double minScoreChange, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        var row = new WebhookSubscription
        {
            Id = "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), Owner = owner, Party = party, Url = url,
            Secret = StandardWebhookSignature.NewSecret(), EventTypes = string.Join(' ', types.Distinct().Order(StringComparer.Ordinal)),
            MinScoreChange = minScoreChange, Status = WebhookStatus.Active, CreatedAt = now, UpdatedAt = now,
        };
        const string sql = """
            INSERT INTO webhook_subscriptions (id, owner, party, url, secret, event_types, min_score_change, status, failures_in_a_row, created_at, updated_at)
            VALUES (@Id, @Owner, @Party, @Url, @Secret, @EventTypes, @MinScoreChange, @Status, 0, @CreatedAt, @UpdatedAt)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: ct));
        return row;
    }

    public static async Task<WebhookSubscription?> GetAsync(Database db, string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<WebhookSubscription>(new CommandDefinition($"{Columns} WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>An owner's subscriptions, or everyone's when <paramref name="owner"/> is null (admins).</summary>
    public static async Task<List<WebhookSubscription>> ListAsync(Database db, string? owner, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<WebhookSubscription>(new CommandDefinition(
            $"{Columns} WHERE (@owner IS NULL OR owner = @owner) ORDER BY created_at, id", new { owner }, cancellationToken: ct))).AsList();
    }

    public static async Task<int> CountByOwnerAsync(Database db, string owner, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM webhook_subscriptions WHERE owner = @owner", new { owner }, cancellationToken: ct));
    }

    /// <summary>Every active subscription: the event sources match each new event against these (one small table).</summary>
    public static async Task<List<WebhookSubscription>> ActiveAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<WebhookSubscription>(new CommandDefinition(
            $"{Columns} WHERE status = 'active' ORDER BY id", cancellationToken: ct))).AsList();

    /// <summary>Changes what is given; <paramref name="reactivate"/> turns a disabled subscription back on and clears its failures.</summary>
    public static async Task<WebhookSubscription?> UpdateAsync(Database db, string id, string? url, IEnumerable<string>? types, double? minScoreChange,
        bool reactivate, CancellationToken ct)
    {
        const string sql = """
            UPDATE webhook_subscriptions
            SET url = COALESCE(@url, url), event_types = COALESCE(@types, event_types), min_score_change = COALESCE(@minScoreChange, min_score_change),
                status = CASE WHEN @reactivate THEN 'active' ELSE status END,
                disabled_reason = CASE WHEN @reactivate THEN NULL ELSE disabled_reason END,
                failures_in_a_row = CASE WHEN @reactivate THEN 0 ELSE failures_in_a_row END,
                updated_at = @now
            WHERE id = @id
            """;
        await using (var connection = await db.OpenConnectionAsync(ct))
            await connection.ExecuteAsync(new CommandDefinition(sql, new
            {
                id, url, types = types is null ? null : string.Join(' ', types.Distinct().Order(StringComparer.Ordinal)),
                minScoreChange, reactivate, now = DateTimeOffset.UtcNow.ToString("O"),
            }, cancellationToken: ct));
        return await GetAsync(db, id, ct);
    }

    public static async Task DeleteAsync(Database db, string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_attempts WHERE subscription_id = @id", new { id }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_messages WHERE subscription_id = @id", new { id }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_subscriptions WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}

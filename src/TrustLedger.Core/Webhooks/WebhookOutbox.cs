using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Webhooks;

/// <summary>A message due for delivery, with where it goes and the key that signs it.</summary>
public sealed class DueMessage
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string EventType { get; init; } = "";
    public string Payload { get; init; } = "";
    public long Attempts { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public long FailuresInARow { get; init; }
}

/// <summary>One line of a subscription's delivery log.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; init; }
    public string MessageId { get; init; } = "";
    public string EventType { get; init; } = "";
    /// <summary>Where the message stands now: pending (a retry is due), delivered, failed (given up).</summary>
    public string MessageStatus { get; init; } = "";
    public long Attempt { get; init; }
    public string AttemptedAt { get; init; } = "";
    /// <summary>The receiver's HTTP status; null when no answer came (refused, timed out, destination blocked).</summary>
    public long? StatusCode { get; init; }
    public string? Error { get; init; }
    public long DurationMs { get; init; }
}

/// <summary>
/// The durable outbox of webhook messages: written in the same transaction that moves an event source's
/// cursor, so an event is queued exactly once per subscription (UNIQUE (subscription, event key)) and
/// survives restarts; delivered at least once, every attempt under the same webhook-id.
/// </summary>
public static class WebhookOutbox
{
    /// <summary>The stable webhook-id: the same subscription and event always get the same id.</summary>
    public static string MessageId(string subscriptionId, string eventKey) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{subscriptionId}\n{eventKey}")))[..32];

    /// <summary>The Standard Webhooks payload shape: type, timestamp (when it happened), data.</summary>
    public static string Payload(string type, DateTimeOffset at, object data) =>
        JsonSerializer.Serialize(new { type, timestamp = at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"), data }, JsonSerializerOptions.Web);

    /// <summary>
    /// Queues <paramref name="payload"/> for <paramref name="subscriptionId"/>, once per event key; false when already
    /// queued, or when the body is over <paramref name="maxPayloadBytes"/> (never sent cut short; the caller logs it).
    /// </summary>
    public static async Task<bool> EnqueueAsync(DbConnection connection, DbTransaction tx, string subscriptionId, string type, string eventKey,
        string payload, int maxPayloadBytes, CancellationToken ct)
    {
        if (Encoding.UTF8.GetByteCount(payload) > maxPayloadBytes) return false;
        const string sql = """
            INSERT INTO webhook_messages (id, subscription_id, event_type, event_key, payload, status, attempts, next_attempt_at, created_at)
            VALUES (@id, @subscriptionId, @type, @eventKey, @payload, 'pending', 0, @now, @createdAt)
            ON CONFLICT (subscription_id, event_key) DO NOTHING
            """;
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = MessageId(subscriptionId, eventKey), subscriptionId, type, eventKey, payload,
            now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), createdAt = DateTimeOffset.UtcNow.ToString("O"),
        }, tx, cancellationToken: ct)) == 1;
    }

    /// <summary>Messages whose time has come, of active subscriptions, oldest first.</summary>
    public static async Task<List<DueMessage>> DueAsync(Database db, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT m.id AS Id, m.subscription_id AS SubscriptionId, m.event_type AS EventType, m.payload AS Payload, m.attempts AS Attempts,
                   s.url AS Url, s.secret AS Secret, s.failures_in_a_row AS FailuresInARow
            FROM webhook_messages m JOIN webhook_subscriptions s ON s.id = m.subscription_id
            WHERE m.status = 'pending' AND m.next_attempt_at <= @now AND s.status = 'active'
            ORDER BY m.next_attempt_at, m.id
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<DueMessage>(new CommandDefinition(sql,
            new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Logs one attempt and moves the message and its subscription on: delivered; or retried after the
    /// schedule's next wait; or, past the schedule (or too many failures in a row, or 410 Gone), failed and
    /// the subscription disabled with <paramref name="disableReason"/>.
    /// </summary>
    public static async Task RecordAsync(Database db, DueMessage message, int? statusCode, string? error, long durationMs,
        TimeSpan? retryAfter, string? disableReason, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        bool delivered = statusCode is >= 200 and < 300;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO webhook_attempts (message_id, subscription_id, attempt, attempted_at, status_code, error, duration_ms)
            VALUES (@Id, @SubscriptionId, @attempt, @at, @statusCode, @error, @durationMs)
            """, new { message.Id, message.SubscriptionId, attempt = message.Attempts + 1, at = now.ToString("O"), statusCode, error, durationMs }, tx, cancellationToken: ct));
        string status = delivered ? "delivered" : retryAfter is null ? "failed" : "pending";
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_messages SET status = @status, attempts = attempts + 1, next_attempt_at = @next, delivered_at = @deliveredAt
            WHERE id = @Id
            """, new
        {
            message.Id, status, next = (now + (retryAfter ?? TimeSpan.Zero)).ToUnixTimeMilliseconds(),
            deliveredAt = delivered ? now.ToString("O") : null,
        }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE webhook_subscriptions
            SET failures_in_a_row = CASE WHEN @delivered THEN 0 ELSE failures_in_a_row + 1 END,
                status = CASE WHEN @disable THEN 'disabled' ELSE status END,
                disabled_reason = CASE WHEN @disable THEN @disableReason ELSE disabled_reason END,
                updated_at = @at
            WHERE id = @SubscriptionId
            """, new { message.SubscriptionId, delivered, disable = disableReason is not null, disableReason, at = now.ToString("O") }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>A subscription's delivery log, newest first.</summary>
    public static async Task<List<WebhookAttempt>> AttemptsAsync(Database db, string subscriptionId, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT a.id AS Id, a.message_id AS MessageId, m.event_type AS EventType, m.status AS MessageStatus, a.attempt AS Attempt,
                   a.attempted_at AS AttemptedAt, a.status_code AS StatusCode, a.error AS Error, a.duration_ms AS DurationMs
            FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
            WHERE a.subscription_id = @subscriptionId
            ORDER BY a.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<WebhookAttempt>(new CommandDefinition(sql, new { subscriptionId, limit }, cancellationToken: ct))).AsList();
    }
}

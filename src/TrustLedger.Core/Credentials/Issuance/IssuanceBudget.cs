using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>Today's automatic issuance budget is spent; new product credentials wait until <see cref="ResetsAt"/>.</summary>
public sealed class IssuanceBudgetExhaustedException(int perDay, DateTimeOffset resetsAt)
    : Exception($"today's budget of {perDay} automatically issued credentials is spent; it resets at {resetsAt:O}")
{
    public int PerDay { get; } = perDay;
    public DateTimeOffset ResetsAt { get; } = resetsAt;
}

/// <summary>Where today's budget stands, for /health.</summary>
public sealed record IssuanceBudgetState(string Day, long Used, int PerDay, DateTimeOffset ResetsAt)
{
    public long Remaining => Math.Max(0, PerDay - Used);
}

/// <summary>
/// Bounds the gas the service spends on its own initiative: every product credential (reputation,
/// reciprocity, endorsement) is an anchor our keys pay for, asked for by anyone or by the background
/// scan, so at most Credentials:AutomaticIssuancePerDay of them are anchored per UTC day. Counted
/// in the database (table credential_issuance_days) with one conditional upsert, so replicas share
/// the budget and two concurrent requests cannot both take the last anchor.
/// </summary>
public sealed class IssuanceBudget(Database db, IOptions<CredentialOptions> options, TimeProvider time)
{
    public int PerDay => options.Value.AutomaticIssuancePerDay;

    /// <summary>Takes one anchor of today's budget: null when taken, else when the budget resets.</summary>
    public async Task<DateTimeOffset?> TryReserveAsync(CancellationToken ct)
    {
        var (day, resetsAt) = Today();
        if (PerDay <= 0) return resetsAt;
        const string sql = """
            INSERT INTO credential_issuance_days (day, used) VALUES (@Day, 1)
            ON CONFLICT (day) DO UPDATE SET used = credential_issuance_days.used + 1 WHERE credential_issuance_days.used < @PerDay
            RETURNING used
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var used = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, new { Day = day, PerDay = (long)PerDay }, cancellationToken: ct));
        return used is null ? resetsAt : null;
    }

    /// <summary>Gives back an anchor that was reserved but not spent (the issue failed, or a concurrent call issued it).</summary>
    public async Task ReleaseAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE credential_issuance_days SET used = used - 1 WHERE day = @Day AND used > 0", new { Today().Day }, cancellationToken: ct));
    }

    public async Task<IssuanceBudgetState> StateAsync(CancellationToken ct)
    {
        var (day, resetsAt) = Today();
        await using var connection = await db.OpenConnectionAsync(ct);
        var used = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT used FROM credential_issuance_days WHERE day = @Day", new { Day = day }, cancellationToken: ct)) ?? 0;
        return new(day, used, PerDay, resetsAt);
    }

    private (string Day, DateTimeOffset ResetsAt) Today()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return (now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new DateTimeOffset(now.Date.AddDays(1), TimeSpan.Zero));
    }
}

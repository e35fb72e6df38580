using System.Data.Common;
using Dapper;

namespace TrustLedger.Core.Data;

/// <summary>
/// A named lease row, so that of several replicas sharing one database exactly one relays and
/// one indexes. The holder renews it; when the holder dies the lease runs out and another
/// replica takes it. Time comes from the database's clock, so replicas' clocks need not agree.
/// Work done under the lease re-checks it inside its own transaction (<see cref="StillHeldAsync"/>),
/// which fences off a holder that stalled past its expiry.
/// </summary>
public sealed class Lease(Database db, string name, string holder, TimeSpan duration)
{
    public string Name { get; } = name;
    public string Holder { get; } = holder;
    public TimeSpan Duration { get; } = duration;

    private string Now => db.Kind == DatabaseKind.Postgres
        ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
        : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    /// <summary>Takes the lease if free or expired, or renews it if ours. True when we hold it.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var sql = $"""
            INSERT INTO leases (name, holder, expires_at) VALUES (@Name, @Holder, {Now} + @Ms)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < {Now}
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new { Name, Holder, Ms = (long)Duration.TotalMilliseconds }, cancellationToken: ct));
        return await StillHeldAsync(connection, null, ct);
    }

    /// <summary>True while we hold an unexpired lease; call it inside the transaction doing the work.</summary>
    public async Task<bool> StillHeldAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct = default)
    {
        var sql = $"SELECT COUNT(*) FROM leases WHERE name = @Name AND holder = @Holder AND expires_at > {Now}";
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { Name, Holder }, tx, cancellationToken: ct)) == 1;
    }

    /// <summary>Gives the lease up at once (clean shutdown), so another replica need not wait for expiry.</summary>
    public async Task ReleaseAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE name = @Name AND holder = @Holder", new { Name, Holder }, cancellationToken: ct));
    }
}

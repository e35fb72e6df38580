using System.Data.Common;
using System.Reflection;
using Dapper;

namespace TrustLedger.Core.Data;

/// <summary>
/// Applies the numbered .sql files under Data/Migrations/{sqlite|postgres} in order, once each,
/// recording them in a journal table. Each file runs in its own transaction. On PostgreSQL an
/// advisory lock keeps two replicas that start together from migrating at the same time.
/// </summary>
public static class Migrator
{
    private const long PostgresLockKey = 0x7452_7573_744C_6564; // "tRustLed"

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Available(DatabaseKind kind)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"migrations.{(kind == DatabaseKind.Postgres ? "postgres" : "sqlite")}.";
        // RecursiveDir in the resource name carries the OS separator; normalise it to a dot.
        return assembly.GetManifestResourceNames()
            .Select(raw => (raw, name: raw.Replace('/', '.').Replace('\\', '.')))
            .Where(r => r.name.StartsWith(prefix, StringComparison.Ordinal) && r.name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r =>
            {
                var file = r.name[prefix.Length..^4];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('_')), System.Globalization.CultureInfo.InvariantCulture);
                return new Migration(version, file, Read(assembly, r.raw));
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Brings the database up to date; returns the version it is at afterwards.</summary>
    public static async Task<int> MigrateAsync(Database db, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (db.Kind == DatabaseKind.Postgres)
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = PostgresLockKey });
        try
        {
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """);
            var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
            foreach (var migration in Available(db.Kind).Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(migration.Sql, transaction: tx);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow.ToString("O") }, tx);
                await tx.CommitAsync(ct);
            }
            return await CurrentVersionAsync(connection);
        }
        finally
        {
            if (db.Kind == DatabaseKind.Postgres)
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = PostgresLockKey });
        }
    }

    public static async Task<int> CurrentVersionAsync(DbConnection connection) =>
        await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_migrations") ?? 0;

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TrustLedger.Core.Data;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// The one place that knows which database we talk to. Handlers and workers open a connection
/// per unit of work from here; everything else is plain Dapper over <see cref="DbConnection"/>.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly DbDataSource _dataSource;
    private volatile bool _walSet;

    private Database(DatabaseKind kind, DbDataSource dataSource, string description)
    {
        Kind = kind;
        _dataSource = dataSource;
        Description = description;
    }

    public DatabaseKind Kind { get; }

    /// <summary>Where the data lives, without credentials (safe for logs and /health).</summary>
    public string Description { get; }

    /// <summary>
    /// A PostgreSQL connection string ("Host=...;Username=...", or a postgres:// URL) selects
    /// PostgreSQL; anything else is taken as a SQLite file path or "Data Source=..." string.
    /// </summary>
    public static Database Open(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("the database connection string is empty", nameof(connectionString));

        if (LooksLikePostgres(connectionString))
        {
            var builder = new NpgsqlConnectionStringBuilder(ToNpgsqlFormat(connectionString));
            var source = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
            return new Database(DatabaseKind.Postgres, source, $"postgres://{builder.Host}:{builder.Port}/{builder.Database}");
        }

        var sqlite = new SqliteConnectionStringBuilder(
            connectionString.Contains('=') ? connectionString : $"Data Source={connectionString}")
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (sqlite.DataSource is { Length: > 0 } file && file != ":memory:" && sqlite.Mode != SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return new Database(DatabaseKind.Sqlite, SqliteFactory.Instance.CreateDataSource(sqlite.ConnectionString),
            $"sqlite:{sqlite.DataSource}");
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken ct = default)
    {
        var connection = CallBudget.PerCall is { } budget ? await OpenWithinAsync(budget, ct) : await _dataSource.OpenConnectionAsync(ct);
        if (Kind == DatabaseKind.Sqlite)
        {
            // WAL lets the API read while the indexer writes; it is a property of the file, so it is
            // set once. busy_timeout makes writers queue instead of failing with SQLITE_BUSY, and
            // foreign keys are off by default in SQLite: both are per connection.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = _walSet
                ? "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                : "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(ct);
            _walSet = true;
        }
        return connection;
    }

    /// <summary>Opens within <paramref name="budget"/> (someone waits): a database that is down or hung is reported, not waited for.</summary>
    private async Task<DbConnection> OpenWithinAsync(TimeSpan budget, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            return await _dataSource.OpenConnectionAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DependencyUnavailableException("database", $"the database did not answer within {budget.TotalSeconds:0.#} s", budget, e);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new DependencyUnavailableException("database", $"the database cannot be reached: {e.GetBaseException().Message}", TimeSpan.FromSeconds(2), e);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static bool LooksLikePostgres(string cs) =>
        cs.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || cs.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || cs.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    private static string ToNpgsqlFormat(string cs)
    {
        if (!cs.Contains("://", StringComparison.Ordinal)) return cs;
        var uri = new Uri(cs);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] and var parts && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        return builder.ConnectionString;
    }
}

using TrustLedger.Core;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Data;

public static class DataExtensions
{
    /// <summary>Default: an embedded SQLite file; a PostgreSQL connection string switches.</summary>
    public const string DefaultConnectionString = "Data Source=.data/trustledger.db";

    public static void AddData(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Database") ?? DefaultConnectionString;
        builder.Services.AddSingleton(_ => Database.Open(connectionString));
        builder.Services.AddHostedService<MigrateOnStart>();
    }

    /// <summary>Brings the schema up to date before the server takes requests.</summary>
    private sealed class MigrateOnStart(Database db, ILogger<MigrateOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            int version;
            try
            {
                version = await Migrator.MigrateAsync(db, ct);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
            {
                throw new StartupFailure($"cannot open the database {db.Description}: {e.Message}", e);
            }
            logger.LogInformation("Database {Database} at migration {Version}", db.Description, version);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

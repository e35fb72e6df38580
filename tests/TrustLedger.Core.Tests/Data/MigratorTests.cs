using Dapper;
using TrustLedger.Core.Data;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Data;

public class MigratorTests
{
    public static TheoryData<string> Kinds => ["sqlite", "postgres"];

    private static async Task<Database> FreshAsync(string kind) => Database.Open(
        kind == "postgres" ? await TestServices.CreatePostgresDatabaseAsync() : TestServices.CreateSqliteDatabase());

    [Theory, MemberData(nameof(Kinds))]
    public async Task Migrate_OnEmptyDatabase_AppliesEveryMigrationOnceInOrder(string kind)
    {
        await using var db = await FreshAsync(kind);

        var version = await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);

        var expected = Migrator.Available(db.Kind);
        Assert.Equal(expected[^1].Version, version);
        await using var connection = await db.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var journal = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(expected.Select(m => m.Version), journal);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Migrate_RunTwice_ChangesNothingTheSecondTime(string kind)
    {
        await using var db = await FreshAsync(kind);
        var first = await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        await using (var connection = await db.OpenConnectionAsync(TestContext.Current.CancellationToken))
            await connection.ExecuteAsync("INSERT INTO service_info (key, value) VALUES ('probe', 'kept')");

        var second = await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        await using var check = await db.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal("kept", await check.ExecuteScalarAsync<string>("SELECT value FROM service_info WHERE key = 'probe'"));
        Assert.Equal(Migrator.Available(db.Kind).Count, await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void BothDialects_HaveTheSameMigrationNumbers()
    {
        Assert.Equal(
            Migrator.Available(DatabaseKind.Sqlite).Select(m => m.Name),
            Migrator.Available(DatabaseKind.Postgres).Select(m => m.Name));
    }

    [Theory]
    [InlineData("postgres://alice:s3cret@db.example:5433/ledger", DatabaseKind.Postgres, "postgres://db.example:5433/ledger")]
    [InlineData("Host=127.0.0.1;Port=5432;Username=u;Password=p;Database=d", DatabaseKind.Postgres, "postgres://127.0.0.1:5432/d")]
    [InlineData("ledger.db", DatabaseKind.Sqlite, "sqlite:ledger.db")]
    public async Task Open_PicksTheDatabaseFromTheConnectionString_AndNeverDescribesThePassword(
        string connectionString, DatabaseKind kind, string description)
    {
        await using var db = Database.Open(connectionString);
        Assert.Equal(kind, db.Kind);
        Assert.Equal(description, db.Description);
    }
}

using TrustLedger.Core.Data;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Data;

/// <summary>Leader election between replicas sharing one database, on both databases.</summary>
public class LeaseTests
{
    public static TheoryData<string> Kinds => ["sqlite", "postgres"];

    private static async Task<Database> FreshAsync(string kind)
    {
        var db = Database.Open(kind == "postgres" ? await TestServices.CreatePostgresDatabaseAsync() : TestServices.CreateSqliteDatabase());
        await Migrator.MigrateAsync(db);
        return db;
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task OnlyOneReplicaHoldsTheLease_UntilItStopsRenewing(string kind)
    {
        await using var db = await FreshAsync(kind);
        var first = new Lease(db, "relayer", "replica-a", TimeSpan.FromMilliseconds(700));
        var second = new Lease(db, "relayer", "replica-b", TimeSpan.FromMilliseconds(700));

        Assert.True(await first.TryAcquireOrRenewAsync());
        Assert.False(await second.TryAcquireOrRenewAsync());
        Assert.True(await first.TryAcquireOrRenewAsync()); // renewing keeps it

        await Task.Delay(1000); // replica-a died: its lease runs out
        Assert.True(await second.TryAcquireOrRenewAsync());
        Assert.False(await first.TryAcquireOrRenewAsync());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task AStalledHolder_IsFencedOffInsideItsTransaction(string kind)
    {
        await using var db = await FreshAsync(kind);
        var stalled = new Lease(db, "indexer", "replica-a", TimeSpan.FromMilliseconds(300));
        var successor = new Lease(db, "indexer", "replica-b", TimeSpan.FromSeconds(30));
        Assert.True(await stalled.TryAcquireOrRenewAsync());

        await Task.Delay(500);
        Assert.True(await successor.TryAcquireOrRenewAsync());

        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        Assert.False(await stalled.StillHeldAsync(connection, tx));
        Assert.True(await successor.StillHeldAsync(connection, tx));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Release_LetsAnotherReplicaTakeOverAtOnce(string kind)
    {
        await using var db = await FreshAsync(kind);
        var first = new Lease(db, "relayer", "replica-a", TimeSpan.FromMinutes(5));
        var second = new Lease(db, "relayer", "replica-b", TimeSpan.FromMinutes(5));
        Assert.True(await first.TryAcquireOrRenewAsync());

        await first.ReleaseAsync();

        Assert.True(await second.TryAcquireOrRenewAsync());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task LeasesOfDifferentRoles_AreIndependent(string kind)
    {
        await using var db = await FreshAsync(kind);
        Assert.True(await new Lease(db, "relayer", "replica-a", TimeSpan.FromMinutes(5)).TryAcquireOrRenewAsync());
        Assert.True(await new Lease(db, "indexer", "replica-b", TimeSpan.FromMinutes(5)).TryAcquireOrRenewAsync());
    }
}

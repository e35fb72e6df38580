using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Snapshots;
using TrustLedger.Core.Tests.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>
/// One small economy on the real local chain, shared by the snapshot tests: a fresh registry with
/// the product schemas, endorsements, a negative report, a confirmed reciprocity, a revoked
/// endorsement; indexed by the real indexer into SQLite and PostgreSQL; and helpers to deploy
/// ReputationSnapshots instances. Account 0 deploys and administers; 1..6 are businesses.
/// </summary>
public sealed class SnapshotChainFixture : IAsyncLifetime
{
    public TestRegistry Registry { get; private set; } = null!;
    public Database Sqlite { get; private set; } = null!;
    public Database Postgres { get; private set; } = null!;
    public SnapshotParameters Parameters { get; private set; } = null!;

    /// <summary>The snapshot computed from the SQLite index at its checkpoint after the first round of events.</summary>
    public SnapshotComputation First { get; private set; } = null!;

    public IWeb3 Admin => Registry.Web3For(0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Skips the calling test when the chain or PostgreSQL is missing (a bare `dotnet test`).</summary>
    public SnapshotChainFixture Require()
    {
        TestServices.RequireChain();
        TestServices.RequirePostgres();
        return this;
    }

    public async ValueTask InitializeAsync()
    {
        if (TestServices.RpcUrl is not { } rpc || TestServices.PostgresUrl is null) return; // each test skips via Require()
        Registry = await TestRegistry.DeployAsync(rpc, await TestServices.FundedMnemonicAsync(accounts: 8));
        foreach (var schema in new[] { ProductSchemas.Endorsement, ProductSchemas.Reciprocity, ProductSchemas.NegativeReport })
            await Registry.RegisterSchemaAsync(schema.Definition, schema.Revocable);

        await Endorse(1, 2, 5);
        await Endorse(2, 3, 4);
        await Endorse(3, 1, 5);
        await Endorse(4, 2, 2);
        await Endorse(2, 5, 3);
        await Report(5, 3, severity: 3);
        var proposal = Registry.Request(1, ProductSchemas.Reciprocity.Uid, Registry.AddressOf(4),
            ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)4, "PO-1"));
        await Registry.AttestAsync(1, proposal);
        await Registry.AttestAsync(4, Registry.Request(4, ProductSchemas.Reciprocity.Uid, Registry.AddressOf(1),
            ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)5, "PO-1"), Registry.UidOf(1, proposal)));
        var revoked = await Endorse(6, 5, 5);
        await Registry.RevokeAsync(6, revoked);

        Parameters = new SnapshotParameters
        {
            ChainId = ChainOptions.DevChainId, Registry = Registry.Address, Seeds = [Registry.AddressOf(1)],
        };
        Sqlite = await IndexedDatabaseAsync(TestServices.CreateSqliteDatabase());
        Postgres = await IndexedDatabaseAsync(await TestServices.CreatePostgresDatabaseAsync());
        First = await SnapshotComputation.FromIndexAsync(Sqlite, new Web3(rpc), Parameters, Ct)
            ?? throw new InvalidOperationException("nothing indexed");
    }

    public async Task<string> Endorse(int from, int to, byte stars)
    {
        var request = Registry.Request(from, ProductSchemas.Endorsement.Uid, Registry.AddressOf(to),
            ProductSchemas.Endorsement.Parsed.Encode(stars, ProductSchemas.ToBytes32("supplier")!, "on time"));
        await Registry.AttestAsync(from, request);
        return Registry.UidOf(from, request);
    }

    public async Task Report(int from, int to, byte severity)
    {
        var request = Registry.Request(from, ProductSchemas.NegativeReport.Uid, Registry.AddressOf(to),
            ProductSchemas.NegativeReport.Parsed.Encode(severity, ProductSchemas.ToBytes32("late")!, "late delivery"));
        await Registry.AttestAsync(from, request);
    }

    /// <summary>Runs the real indexer over the registry into <paramref name="db"/> until it reaches the head.</summary>
    public async Task CatchUpAsync(Database db)
    {
        var indexer = new AttestationIndexer(db, new Web3(Registry.RpcUrl), Registry.Address, Registry.DeploymentBlock, 0,
            new IndexerOptions(), NullLogger.Instance);
        for (var i = 0; i < 1_000; i++)
            if (await indexer.StepAsync(null, Ct)) return;
        throw new InvalidOperationException("the indexer did not catch up");
    }

    /// <summary>A fresh ReputationSnapshots(admin = account 0, threshold, publishers = the given accounts).</summary>
    public async Task<ReputationSnapshotsService> DeploySnapshotsAsync(int threshold, params int[] publishers)
    {
        var artifact = ContractArtifact.Load("ReputationSnapshots");
        var from = Registry.AddressOf(0);
        var receipt = await Admin.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            artifact.Abi, artifact.Bytecode, from, new HexBigInteger(3_000_000), null, from, new BigInteger(threshold),
            publishers.Select(Registry.AddressOf).ToArray());
        return new ReputationSnapshotsService(new Web3(Registry.RpcUrl), receipt.ContractAddress);
    }

    public async Task<TransactionReceipt> SendAsync<TFunction>(int account, string contract, TFunction function)
        where TFunction : FunctionMessage, new()
    {
        var receipt = await Registry.Web3For(account).Eth.GetContractTransactionHandler<TFunction>()
            .SendRequestAndWaitForReceiptAsync(contract, function);
        if (receipt.Status.Value != 1) throw new InvalidOperationException($"{typeof(TFunction).Name} reverted in {receipt.TransactionHash}");
        return receipt;
    }

    /// <summary>Publishes <paramref name="computation"/> as the next epoch from <paramref name="publisher"/>.</summary>
    public async Task<ulong> PublishAsync(ReputationSnapshotsService contract, SnapshotComputation computation, int publisher = 1)
    {
        var epoch = await contract.LatestEpochAsync() + 1;
        await SendAsync(publisher, contract.Address, new PublishFunction { Epoch = epoch, Snapshot = ContentOf(computation) });
        return epoch;
    }

    public static SnapshotData ContentOf(SnapshotComputation c) => SnapshotContract.ContentOf(
        c.Tree!.Root, c.ParametersHash, c.Block.Number, c.Parameters.ScoringVersion, c.Tree.Count);

    private async Task<Database> IndexedDatabaseAsync(string connectionString)
    {
        var db = Database.Open(connectionString);
        await Migrator.MigrateAsync(db, Ct);
        await CatchUpAsync(db);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (Sqlite is not null) await Sqlite.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

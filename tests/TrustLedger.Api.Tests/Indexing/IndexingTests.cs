using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using Nethereum.Web3;
using TrustLedger.Api.Indexing;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Indexing;

/// <summary>
/// The indexer worker inside the real host: it indexes what lands on chain, reports on /health, and of
/// several replicas sharing one PostgreSQL exactly one indexes, another taking over when it goes.
/// </summary>
public class IndexingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_IndexesNewAttestations_AndHealthReportsCheckpointAndLag()
    {
        var shared = await SharedSetup.CreateAsync();
        await using var app = new Replica(shared);
        var client = app.CreateClient();
        var chain = app.Services.GetRequiredService<ChainConnection>();

        var uid = await shared.AttestAsync(chain);

        await Eventually(async () => await shared.IndexedAsync(uid), "the attestation is indexed");
        await Eventually(async () => (await IndexerSectionAsync(client)).GetProperty("status").GetString() == "following", "the indexer follows");
        var indexer = await IndexerSectionAsync(client);
        Assert.Equal("leader", indexer.GetProperty("role").GetString());
        var checkpoint = indexer.GetProperty("checkpointBlock").GetInt64();
        var head = indexer.GetProperty("headBlock").GetInt64();
        Assert.True(checkpoint >= chain.Deployment.Contracts["AttestationRegistry"].BlockNumber);
        Assert.Equal(head - checkpoint, indexer.GetProperty("lag").GetInt64());
        Assert.InRange(indexer.GetProperty("lag").GetInt64(), 0, 50); // other tests keep adding blocks meanwhile
    }

    [Fact]
    public async Task TwoReplicasOnOnePostgres_OnlyOneIndexes_AndTheOtherTakesOverWhenItStops()
    {
        var shared = await SharedSetup.CreateAsync("postgres");
        var first = new Replica(shared);
        first.CreateClient();
        await Eventually(() => Task.FromResult(first.Worker.Role == "leader"), "the first replica leads");
        await using var second = new Replica(shared);
        second.CreateClient();
        await Eventually(() => Task.FromResult(second.Worker.Role == "standby"), "the second replica stands by");
        var chain = first.Services.GetRequiredService<ChainConnection>();
        var before = await shared.AttestAsync(chain);
        await Eventually(() => shared.IndexedAsync(before), "the leader indexes");
        Assert.Equal("leader", first.Worker.Role);
        Assert.Equal("standby", second.Worker.Role);
        Assert.Null(second.Worker.Status?.CheckpointBlock); // it never indexed
        Assert.Equal(first.Worker.Holder, await shared.LeaseHolderAsync());

        await first.DisposeAsync(); // clean stop: releases the lease
        var after = await shared.AttestAsync(chain);

        await Eventually(() => Task.FromResult(second.Worker.Role == "leader"), "the second replica takes over");
        await Eventually(() => shared.IndexedAsync(after), "the new leader indexes from the shared checkpoint");
        Assert.Equal(second.Worker.Holder, await shared.LeaseHolderAsync());
        Assert.Equal(2, await shared.CountAsync());
    }

    [Fact]
    public async Task ALeaseLeftByADeadReplica_IsTakenOverOnceItExpires()
    {
        var shared = await SharedSetup.CreateAsync("postgres");
        await shared.MigrateAsync();
        // A replica killed mid-term: its lease still runs 12 s (generous: the host below must start first).
        await using (var connection = await shared.Db.OpenConnectionAsync(Ct))
            await connection.ExecuteAsync(
                "INSERT INTO leases (name, holder, expires_at) VALUES ('indexer', 'dead-replica', CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) + 12000)");
        await using var replica = new Replica(shared);
        replica.CreateClient();
        var chain = replica.Services.GetRequiredService<ChainConnection>();
        var uid = await shared.AttestAsync(chain);
        await Eventually(() => Task.FromResult(replica.Worker.Role != "starting"), "the replica asks for the lease");

        Assert.Equal("standby", replica.Worker.Role);
        Assert.Equal("dead-replica", await shared.LeaseHolderAsync());
        Assert.False(await shared.IndexedAsync(uid));
        await Eventually(() => Task.FromResult(replica.Worker.Role == "leader"), "the replica takes the expired lease");
        await Eventually(() => shared.IndexedAsync(uid), "it indexes");
        Assert.Equal(replica.Worker.Holder, await shared.LeaseHolderAsync());
    }

    private static async Task<JsonElement> IndexerSectionAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/health", Ct)).GetProperty("indexer");

    private static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>One database, one deployments folder and one set of keys, shared by the replicas of a test.</summary>
    private sealed class SharedSetup
    {
        private int _nonce;

        public required string ConnectionString { get; init; }
        public required string Deployments { get; init; }
        public required string Mnemonic { get; init; }
        public required Database Db { get; init; }

        public static async Task<SharedSetup> CreateAsync(string kind = "sqlite")
        {
            var connectionString = kind == "postgres" ? await TestServices.CreatePostgresDatabaseAsync() : TestServices.CreateSqliteDatabase();
            TestServices.RequireChain();
            return new SharedSetup
            {
                ConnectionString = connectionString,
                Deployments = Directory.CreateTempSubdirectory("trustledger-deployments-").FullName,
                Mnemonic = await TestServices.FundedMnemonicAsync(),
                Db = Database.Open(connectionString),
            };
        }

        public Task MigrateAsync() => Migrator.MigrateAsync(Db, Ct);

        /// <summary>Registers a schema if needed and attests once from account 1 about account 2; returns the uid.</summary>
        public async Task<string> AttestAsync(ChainConnection chain)
        {
            var attester = new ServiceKey("test", KeyStore.Derive(Mnemonic, 1));
            var web3 = new Web3(attester.ToAccount(chain.ChainId), chain.Options.RpcUrl);
            web3.TransactionManager.UseLegacyAsDefault = false;
            var registry = chain.Deployment.AddressOf("AttestationRegistry");
            var schemaUid = await SchemaAsync(web3, registry);
            var nonce = Interlocked.Increment(ref _nonce);
            await web3.Eth.GetContractTransactionHandler<AttestFunction>().SendRequestAndWaitForReceiptAsync(registry, new AttestFunction
            {
                Request = new AttestationRequest
                {
                    Schema = schemaUid, Subject = new ServiceKey("test", KeyStore.Derive(Mnemonic, 2)).Address, Nonce = nonce, Data = [1, 2, 3],
                },
            });
            return "0x" + attester.Address[2..] + nonce.ToString("x24");
        }

        private byte[]? _schema;

        private async Task<byte[]> SchemaAsync(IWeb3 web3, string registry)
        {
            if (_schema is not null) return _schema;
            var receipt = await web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>()
                .SendRequestAndWaitForReceiptAsync(registry, new RegisterSchemaFunction { Schema = "uint8 score", Revocable = true });
            return _schema = receipt.DecodeAllEvents<SchemaRegisteredEvent>()[0].Event.Uid;
        }

        public async Task<bool> IndexedAsync(string uid)
        {
            await using var connection = await Db.OpenConnectionAsync(Ct);
            return await AttestationStore.GetAsync(connection, uid, Ct) is not null;
        }

        public async Task<long> CountAsync()
        {
            await using var connection = await Db.OpenConnectionAsync(Ct);
            return await AttestationStore.CountAsync(connection, new AttestationFilter(), Ct);
        }

        public async Task<string?> LeaseHolderAsync()
        {
            await using var connection = await Db.OpenConnectionAsync(Ct);
            return await connection.ExecuteScalarAsync<string?>("SELECT holder FROM leases WHERE name = 'indexer'");
        }
    }

    /// <summary>
    /// One service replica: the real host on the shared database, chain deployment and keys (set here,
    /// so the base class's own fresh database and keys, made in InitializeAsync, are not needed).
    /// </summary>
    private sealed class Replica(SharedSetup shared) : TrustLedgerApplication
    {
        public IndexerWorker Worker => Services.GetRequiredService<IndexerWorker>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Chain:RpcUrl", TestServices.RequireChain());
            builder.UseSetting("ConnectionStrings:Database", shared.ConnectionString);
            builder.UseSetting("Chain:DeploymentsDirectory", shared.Deployments);
            builder.UseSetting("Keys:Mnemonic", shared.Mnemonic);
            builder.UseSetting("Indexer:PollInterval", "00:00:00.100");
            builder.UseSetting("Indexer:LeaseDuration", "00:00:01.500");
            builder.UseSetting("Indexer:InitialBackoff", "00:00:00.100");
        }
    }
}

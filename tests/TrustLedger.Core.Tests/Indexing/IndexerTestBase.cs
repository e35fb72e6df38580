using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>What the indexer tests share: a fresh migrated database of the class's kind, indexers, expectations.</summary>
public abstract class IndexerTestBase(string kind) : IAsyncDisposable
{
    private readonly List<Database> _databases = [];

    protected string Kind { get; } = kind;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<Database> FreshDatabaseAsync()
    {
        var db = Database.Open(Kind == "postgres" ? await TestServices.CreatePostgresDatabaseAsync() : TestServices.CreateSqliteDatabase());
        _databases.Add(db);
        await Migrator.MigrateAsync(db, Ct);
        return db;
    }

    protected static IndexerOptions FastOptions() => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>An indexer reading through <paramref name="rpcUrl"/> (a proxy, or the registry's node).</summary>
    protected static AttestationIndexer NewIndexer(
        Database db, TestRegistry registry, string? rpcUrl = null, int confirmations = 0, IndexerOptions? options = null) =>
        new(db, new Web3(rpcUrl ?? registry.RpcUrl), registry.Address, registry.DeploymentBlock, confirmations,
            options ?? FastOptions(), NullLogger.Instance);

    /// <summary>Steps until the indexer reports it has reached the (safe) head.</summary>
    protected static async Task CatchUpAsync(AttestationIndexer indexer)
    {
        for (var i = 0; i < 1_000; i++)
            if (await indexer.StepAsync(null, Ct)) return;
        Assert.Fail("the indexer did not catch up within 1,000 steps");
    }

    protected static async Task<T> WithConnectionAsync<T>(Database db, Func<System.Data.Common.DbConnection, Task<T>> query)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        return await query(connection);
    }

    protected static Task<List<IndexedAttestation>> AllAttestationsAsync(Database db) =>
        WithConnectionAsync(db, async c =>
        {
            var all = new List<IndexedAttestation>();
            AttestationCursor? after = null;
            while (true)
            {
                var page = await AttestationStore.ListAsync(c, new AttestationFilter(), after, AttestationStore.MaxPageSize, Ct);
                all.AddRange(page.Items);
                if (page.NextCursor is null) return all;
                Assert.True(AttestationCursor.TryDecode(page.NextCursor, out var next));
                after = next;
            }
        });

    protected static Task<Checkpoint?> CheckpointAsync(Database db) =>
        WithConnectionAsync(db, c => IndexCheckpoints.GetAsync(c, AttestationIndexer.RegistryStream, Ct));

    protected static async Task<BlockWithTransactionHashes> BlockAsync(string rpcUrl, long number) =>
        await new Web3(rpcUrl).Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));

    protected static async Task<long> HeadAsync(string rpcUrl) =>
        (long)(await new Web3(rpcUrl).Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    protected static byte[] Payload(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>The Attested logs of a receipt by uid: where the indexer must say each attestation is.</summary>
    protected static Dictionary<string, FilterLog> AttestedLogs(TransactionReceipt receipt) =>
        receipt.DecodeAllEvents<AttestedEvent>().ToDictionary(e => RegistryLogDecoder.Hex(e.Event.Uid), e => e.Log);

    /// <summary>Waits for a condition the indexer running in the background should bring about.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(50, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _databases) await db.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

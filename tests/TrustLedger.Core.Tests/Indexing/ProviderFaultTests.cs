using System.Text.Json.Nodes;
using TrustLedger.Core.Attestations;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// What hosted providers do that the local node does not, played by a JSON-RPC proxy in front of
/// it: refuse wide eth_getLogs ranges, omit block timestamps from logs, go down and come back.
/// </summary>
public abstract class ProviderFaultTests(string kind) : IndexerTestBase(kind)
{
    private const int MaxBlocksPerCall = 3;

    [Fact]
    public async Task TooManyResults_ShrinksTheRange_GrowsItBack_AndIndexesEverything()
    {
        var (registry, uids) = await RegistryWithAttestationsInSeparateBlocksAsync(12);
        await using var proxy = new JsonRpcProxy(registry.RpcUrl)
        {
            // geth's and Infura's wording; the indexer must recognise it and ask for less.
            Refuse = r => (string?)r["method"] == "eth_getLogs" && BlocksOf(r) > MaxBlocksPerCall
                ? new JsonObject { ["code"] = -32602, ["message"] = "query returned more than 10000 results" }
                : null,
        };
        var db = await FreshDatabaseAsync();
        var options = FastOptions();
        options.InitialRangeBlocks = 64;
        var indexer = NewIndexer(db, registry, proxy.Url, options: options);

        await CatchUpAsync(indexer);

        Assert.Equal(uids.Order(), (await AllAttestationsAsync(db)).Select(a => a.Uid).Order());
        var getLogs = proxy.Requests.Where(r => (string?)r["method"] == "eth_getLogs").Select(BlocksOf).ToList();
        Assert.True(proxy.RefusedCount >= 4, $"refused {proxy.RefusedCount} times"); // 64 -> 32 -> 16 -> 8 -> 4 -> 2
        // After a refusal the range shrank until accepted, and after successes it grew again.
        var firstAccepted = getLogs.FindIndex(b => b <= MaxBlocksPerCall);
        Assert.Contains(getLogs.Skip(firstAccepted), b => b > MaxBlocksPerCall);
        Assert.True(getLogs.Count(b => b <= MaxBlocksPerCall) >= 12 / MaxBlocksPerCall);
    }

    [Fact]
    public async Task AnErrorThatIsNotAboutSize_IsRetriedWithBackoff_NotShrunkInto()
    {
        var (registry, uids) = await RegistryWithAttestationsInSeparateBlocksAsync(2);
        var failuresLeft = 3;
        await using var proxy = new JsonRpcProxy(registry.RpcUrl)
        {
            Refuse = r => (string?)r["method"] == "eth_getLogs" && Interlocked.Decrement(ref failuresLeft) >= 0
                ? new JsonObject { ["code"] = -32000, ["message"] = "internal error: database is locked" }
                : null,
        };
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry, proxy.Url);
        var sizeBefore = indexer.RangeSize;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = indexer.RunAsync(null, run.Token);

        await EventuallyAsync(async () => (await AllAttestationsAsync(db)).Count == uids.Count, "all attestations are indexed");
        await run.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(3, proxy.RefusedCount);
        Assert.True(indexer.RangeSize >= sizeBefore);
    }

    [Fact]
    public async Task LogsWithoutBlockTimestamps_TakeTheTimeFromBatchedHeaders()
    {
        var (registry, uids) = await RegistryWithAttestationsInSeparateBlocksAsync(3);
        await using var proxy = new JsonRpcProxy(registry.RpcUrl)
        {
            // Nodes before geth 1.14 (and many providers) send logs without "blockTimestamp".
            RewriteResult = (request, result) =>
            {
                if ((string?)request["method"] != "eth_getLogs") return;
                foreach (var log in result!.AsArray()) log!.AsObject().Remove("blockTimestamp");
            },
        };
        var db = await FreshDatabaseAsync();

        await CatchUpAsync(NewIndexer(db, registry, proxy.Url));

        var all = await AllAttestationsAsync(db);
        Assert.Equal(uids.Count, all.Count);
        foreach (var row in all)
            Assert.Equal((long)(await BlockAsync(registry.RpcUrl, row.BlockNumber)).Timestamp.Value, row.BlockTime);
        Assert.Contains(proxy.Requests, r => (string?)r["method"] == "eth_getBlockByNumber" && (string?)r["params"]![0] == "0x" + all[0].BlockNumber.ToString("x"));
    }

    [Fact]
    public async Task NodeDownThenUp_TheIndexerRetriesWithBackoff_AndCatchesUpByItself()
    {
        var (registry, uids) = await RegistryWithAttestationsInSeparateBlocksAsync(2);
        await using var proxy = new JsonRpcProxy(registry.RpcUrl);
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry, proxy.Url);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = indexer.RunAsync(null, run.Token);
        await EventuallyAsync(async () => (await AllAttestationsAsync(db)).Count == 2, "the first attestations are indexed");

        proxy.Stop();
        var schema = (await WithConnectionAsync(db, c => AttestationStore.ListSchemasAsync(c, Ct)))[0].Uid;
        for (var i = 0; i < 3; i++)
        {
            var request = registry.Request(2, schema, registry.AddressOf(3), Payload(20));
            await registry.AttestAsync(2, request); // straight to the node: only the indexer's way is cut
            uids.Add(registry.UidOf(2, request));
        }
        await EventuallyAsync(() => Task.FromResult(indexer.Status.State == "retrying"), "the indexer notices the node is down");
        Assert.NotNull(indexer.Status.LastError);
        await Task.Delay(500, Ct); // several failed attempts
        Assert.Equal(2, (await AllAttestationsAsync(db)).Count);

        proxy.Start();
        await EventuallyAsync(async () => (await AllAttestationsAsync(db)).Count == 5, "the indexer catches up after the node is back");
        await EventuallyAsync(() => Task.FromResult(indexer.Status.State == "following"), "the indexer follows the head again");
        Assert.False(running.IsCompleted);
        await run.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(uids.Order(), (await AllAttestationsAsync(db)).Select(a => a.Uid).Order());
        Assert.Null(indexer.Status.LastError);
    }

    /// <summary>A registry with <paramref name="count"/> attestations, one transaction (so one block) each.</summary>
    private static async Task<(TestRegistry, List<string>)> RegistryWithAttestationsInSeparateBlocksAsync(int count)
    {
        var registry = await TestRegistry.DeployAsync(TestServices.RequireChain(), await TestServices.FundedMnemonicAsync());
        var schema = await registry.RegisterSchemaAsync("uint8 score");
        var uids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var request = registry.Request(1, schema, registry.AddressOf(2 + i % 2), Payload(32));
            await registry.AttestAsync(1, request);
            uids.Add(registry.UidOf(1, request));
        }
        return (registry, uids);
    }

    private static long BlocksOf(JsonObject request)
    {
        var filter = request["params"]![0]!;
        return Convert.ToInt64((string)filter["toBlock"]!, 16) - Convert.ToInt64((string)filter["fromBlock"]!, 16) + 1;
    }
}

public sealed class SqliteProviderFaultTests() : ProviderFaultTests("sqlite");

public sealed class PostgresProviderFaultTests() : ProviderFaultTests("postgres");

using System.Text.Json;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// The board's incremental input (<see cref="IndexedEdges"/>): after every block it holds exactly the edges and
/// categories a full read of the index at that block gives, through endorsements, a confirmed trade, revocations of
/// both sides and a reorg (which makes it read everything again); and its engine table gives the same results as one
/// made afresh from that full read.
/// </summary>
public abstract class IncrementalBoardTests(string kind, DedicatedNode node) : IndexerTestBase(kind)
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task IncrementalEdges_AfterEachBlock_EqualAFullReadOfTheIndex()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var endorsement = await registry.RegisterSchemaAsync(ProductSchemas.Endorsement.Definition);
        var reciprocity = await registry.RegisterSchemaAsync(ProductSchemas.Reciprocity.Definition);
        Assert.Equal(ProductSchemas.Endorsement.Uid, endorsement);
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry);
        var edges = new IndexedEdges();

        var praise = registry.Request(1, endorsement, registry.AddressOf(2), Endorse(5, "logistics"));
        await registry.AttestAsync(1, praise);
        await AssertSameAsFullReadAsync(db, indexer, edges, expectFull: true);

        var proposal = registry.Request(3, reciprocity, registry.AddressOf(4), Trade(4));
        await registry.AttestAsync(3, proposal);
        await AssertSameAsFullReadAsync(db, indexer, edges);
        var confirmation = registry.Request(4, reciprocity, registry.AddressOf(3), Trade(5), refUid: registry.UidOf(3, proposal));
        await registry.AttestAsync(4, confirmation);
        var confirmed = await AssertSameAsFullReadAsync(db, indexer, edges);
        Assert.Equal(2, confirmed.Count(e => e.Kind == EdgeKind.ConfirmedReciprocity));

        await registry.RevokeAsync(4, registry.UidOf(4, confirmation));
        Assert.Equal(0, (await AssertSameAsFullReadAsync(db, indexer, edges)).Count(e => e.Kind == EdgeKind.ConfirmedReciprocity && e.RevokedAt is null));
        await registry.RevokeAsync(1, registry.UidOf(1, praise));
        await AssertSameAsFullReadAsync(db, indexer, edges);
        Assert.Empty(edges.Categories);

        var snapshot = await RpcAsync("evm_snapshot");
        await registry.AttestAsync(5, registry.Request(5, endorsement, registry.AddressOf(6), Endorse(3, "packaging")));
        await AssertSameAsFullReadAsync(db, indexer, edges);
        Assert.True((await RpcAsync("evm_revert", snapshot.GetString()!)).GetBoolean());
        await registry.AttestAsync(7, registry.Request(7, endorsement, registry.AddressOf(8), Endorse(2, "cargo")));
        for (var i = 0; i < 3; i++) await RpcAsync("evm_mine");
        await AssertSameAsFullReadAsync(db, indexer, edges, expectFull: true);
        Assert.Equal(["cargo"], edges.Categories.Keys);
    }

    /// <summary>Indexes to the head, catches the edges up, and checks them against a full read at that block.</summary>
    private async Task<List<Edge>> AssertSameAsFullReadAsync(Database db, AttestationIndexer indexer, IndexedEdges edges, bool expectFull = false)
    {
        await CatchUpAsync(indexer);
        var checkpoint = (await CheckpointAsync(db))!;
        var asOf = (long)(await BlockAsync(node.RpcUrl, checkpoint.BlockNumber)).Timestamp.Value;
        await edges.CatchUpAsync(db, checkpoint, asOf, Ct);
        Assert.Equal(expectFull, edges.LastWasFull);

        var rows = await WithConnectionAsync(db, async c =>
        {
            var all = new List<AttestationEdge>();
            await foreach (var row in AttestationStore.StreamEdgesAtBlockAsync(c, checkpoint.BlockNumber, Ct)) all.Add(row);
            return all;
        });
        var expected = ChainEdges.Map(rows, asOf);
        var held = edges.Edges();
        Assert.Equal(expected, held);
        // The engine's table, kept between blocks too, gives the graph of a table made afresh from a full read.
        var options = new ReputationOptions { AsOf = asOf, Scale = ChainEdges.Scale };
        var kept = ReputationEngine.Compute(edges.Table([]), options);
        var fresh = ReputationEngine.Compute(EdgeTable.From(expected), options);
        Assert.Equal(fresh.Edges, kept.Edges);
        Reputation.EdgeLifecycleTests.AssertSameParties(fresh, kept);
        Assert.Equal(ReputationBoard.Summarize(expected, asOf).OrderBy(e => e.Key, StringComparer.Ordinal),
            edges.EvidenceWith([], asOf).OrderBy(e => e.Key, StringComparer.Ordinal));
        var categories = rows.Where(r => r.SchemaUid == ProductSchemas.Endorsement.Uid && !r.Revoked)
            .Select(r => (Category: ProductSchemas.Endorsement.Parsed.TryDecode(r.Data, out var f) ? ProductSchemas.FromBytes32((byte[])f["category"]!) : null, r.Subject))
            .Where(c => c.Category is { Length: > 0 })
            .GroupBy(c => c.Category!).ToDictionary(g => g.Key, g => g.Select(c => c.Subject).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(JsonSerializer.Serialize(categories.OrderBy(c => c.Key, StringComparer.Ordinal)),
            JsonSerializer.Serialize(edges.Categories.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new KeyValuePair<string, List<string>>(c.Key, [.. c.Value.Order(StringComparer.Ordinal)]))));
        return held;
    }

    private static byte[] Endorse(int stars, string category) =>
        ProductSchemas.Endorsement.Parsed.Encode((byte)stars, ProductSchemas.ToBytes32(category)!, "");

    private static byte[] Trade(int rating) =>
        ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("trade")!, (byte)rating, "inv-1");

    private Task<JsonElement> RpcAsync(string method, params object[] parameters) =>
        TestServices.RpcAsync(_http, node.RpcUrl, method, parameters);
}

[Collection("Dedicated chain")]
public sealed class SqliteIncrementalBoardTests(DedicatedNode node) : IncrementalBoardTests("sqlite", node);

[Collection("Dedicated chain")]
public sealed class PostgresIncrementalBoardTests(DedicatedNode node) : IncrementalBoardTests("postgres", node);

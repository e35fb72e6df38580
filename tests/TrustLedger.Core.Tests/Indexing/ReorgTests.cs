using System.Text.Json;
using TrustLedger.Core.Attestations;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// Reorgs made on a node of our own: evm_snapshot, blocks with events, index them, evm_revert, then
/// different blocks at the same heights. The rolled-back index must equal one built from scratch.
/// </summary>
public abstract class ReorgTests(string kind, DedicatedNode node) : IndexerTestBase(kind)
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Reorg_ToALongerChain_RollsBackAttestationsRevocationsAndConfirmations_AndReindexes()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var schema = await registry.RegisterSchemaAsync("uint8 score");
        var kept = registry.Request(1, schema, registry.AddressOf(2), Payload(16));
        await registry.AttestAsync(1, kept);
        var keptUid = registry.UidOf(1, kept);
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry);
        await CatchUpAsync(indexer);

        var snapshot = await RpcAsync("evm_snapshot");
        var answer = registry.Request(2, schema, registry.AddressOf(1), Payload(16), refUid: keptUid);
        await registry.AttestAsync(2, answer); // confirms `kept`
        await registry.RevokeAsync(1, keptUid);
        var orphan = registry.Request(3, schema, registry.AddressOf(4), Payload(16));
        await registry.AttestAsync(3, orphan);
        await CatchUpAsync(indexer);
        var beforeReorg = await CheckpointAsync(db);
        var revokedBefore = (await AllAttestationsAsync(db)).Single(a => a.Uid == keptUid);
        Assert.True(revokedBefore.Revoked);
        Assert.Equal(registry.UidOf(2, answer), revokedBefore.ConfirmedBy);

        Assert.True((await RpcAsync("evm_revert", snapshot.GetString()!)).GetBoolean());
        var replacement = registry.Request(5, schema, registry.AddressOf(6), Payload(24));
        await registry.AttestAsync(5, replacement);
        await MineAsync(5); // the new branch is longer than the old one
        Assert.NotEqual(beforeReorg!.BlockHash, (await BlockAsync(node.RpcUrl, beforeReorg.BlockNumber)).BlockHash.ToLowerInvariant());

        await CatchUpAsync(indexer);

        var after = await AllAttestationsAsync(db);
        Assert.Equal([keptUid, registry.UidOf(5, replacement)], after.Select(a => a.Uid).Order());
        var restored = after.Single(a => a.Uid == keptUid);
        Assert.False(restored.Revoked);
        Assert.Null(restored.RevokedTx);
        Assert.Null(restored.ConfirmedBy);
        Assert.Null(restored.ConfirmedBlock);
        await AssertSameAsFreshIndexAsync(db, registry);
    }

    [Fact]
    public async Task Reorg_ToAShorterChain_IsFoundThoughTheCheckpointBlockNoLongerExists()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var schema = await registry.RegisterSchemaAsync("uint8 score");
        await registry.AttestAsync(1, registry.Request(1, schema, registry.AddressOf(2), Payload(8)));
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry);
        await CatchUpAsync(indexer);

        var snapshot = await RpcAsync("evm_snapshot");
        for (var i = 0; i < 3; i++) await registry.AttestAsync(3, registry.Request(3, schema, registry.AddressOf(4), Payload(8)));
        await CatchUpAsync(indexer);
        var beforeReorg = await CheckpointAsync(db);
        Assert.Equal(4, (await AllAttestationsAsync(db)).Count);

        await RpcAsync("evm_revert", snapshot.GetString()!);
        var replacement = registry.Request(5, schema, registry.AddressOf(6), Payload(8));
        await registry.AttestAsync(5, replacement);
        Assert.True(await HeadAsync(node.RpcUrl) < beforeReorg!.BlockNumber);

        await CatchUpAsync(indexer);

        Assert.Contains(registry.UidOf(5, replacement), (await AllAttestationsAsync(db)).Select(a => a.Uid));
        Assert.Equal(2, (await AllAttestationsAsync(db)).Count);
        var checkpoint = await CheckpointAsync(db);
        Assert.Equal(await HeadAsync(node.RpcUrl), checkpoint!.BlockNumber);
        await AssertSameAsFreshIndexAsync(db, registry);
    }

    [Fact]
    public async Task Reorg_DeeperThanTheKeptBlockHashes_StartsOverFromTheDeploymentBlock()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var snapshot = await RpcAsync("evm_snapshot"); // before the schema: the whole index is on the lost branch
        var schema = await registry.RegisterSchemaAsync("uint8 score");
        for (var i = 0; i < 3; i++) await registry.AttestAsync(1, registry.Request(1, schema, registry.AddressOf(2), Payload(8)));
        var db = await FreshDatabaseAsync();
        var options = FastOptions();
        options.InitialRangeBlocks = 1; // one kept hash per block ...
        options.BlockHashRetention = 0;
        options.MinBlockHashesKept = 2; // ... but only the newest two survive pruning
        var indexer = NewIndexer(db, registry, options: options);
        await CatchUpAsync(indexer);

        await RpcAsync("evm_revert", snapshot.GetString()!);
        var schemaAgain = await registry.RegisterSchemaAsync("uint8 score");
        await registry.AttestAsync(4, registry.Request(4, schemaAgain, registry.AddressOf(5), Payload(8)));
        await MineAsync(3);

        await CatchUpAsync(indexer);

        Assert.Single(await AllAttestationsAsync(db));
        await AssertSameAsFreshIndexAsync(db, registry);
    }

    [Fact]
    public async Task Reorg_RestoresAnEarlierConfirmation_ThatTheLostBranchHadReplaced()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var schema = await registry.RegisterSchemaAsync("uint8 score");
        var endorsement = registry.Request(1, schema, registry.AddressOf(2), Payload(8));
        await registry.AttestAsync(1, endorsement);
        var uid = registry.UidOf(1, endorsement);
        var firstAnswer = registry.Request(2, schema, registry.AddressOf(1), Payload(8), refUid: uid);
        await registry.AttestAsync(2, firstAnswer);
        await registry.RevokeAsync(2, registry.UidOf(2, firstAnswer)); // the confirmation lapses ...
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry);
        await CatchUpAsync(indexer);

        var snapshot = await RpcAsync("evm_snapshot");
        var secondAnswer = registry.Request(2, schema, registry.AddressOf(1), Payload(8), refUid: uid);
        await registry.AttestAsync(2, secondAnswer); // ... so a second answer confirms it again
        await CatchUpAsync(indexer);
        Assert.Equal(registry.UidOf(2, secondAnswer), (await AllAttestationsAsync(db)).Single(a => a.Uid == uid).ConfirmedBy);

        await RpcAsync("evm_revert", snapshot.GetString()!);
        await MineAsync(3);
        await CatchUpAsync(indexer);

        Assert.Equal(registry.UidOf(2, firstAnswer), (await AllAttestationsAsync(db)).Single(a => a.Uid == uid).ConfirmedBy);
        await AssertSameAsFreshIndexAsync(db, registry);
    }

    /// <summary>After a reorg the index must be exactly what indexing the new chain from scratch gives.</summary>
    private async Task AssertSameAsFreshIndexAsync(Core.Data.Database reorged, TestRegistry registry)
    {
        var fresh = await FreshDatabaseAsync();
        await CatchUpAsync(NewIndexer(fresh, registry));
        Assert.Equal(Json(await AllAttestationsAsync(fresh)), Json(await AllAttestationsAsync(reorged)));
        Assert.Equal(
            Json(await WithConnectionAsync(fresh, c => AttestationStore.ListSchemasAsync(c, Ct))),
            Json(await WithConnectionAsync(reorged, c => AttestationStore.ListSchemasAsync(c, Ct))));
        var (a, b) = (await CheckpointAsync(fresh), await CheckpointAsync(reorged));
        Assert.Equal((a!.BlockNumber, a.BlockHash), (b!.BlockNumber, b.BlockHash));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private Task<JsonElement> RpcAsync(string method, params object[] parameters) =>
        TestServices.RpcAsync(_http, node.RpcUrl, method, parameters);

    private async Task MineAsync(int blocks)
    {
        for (var i = 0; i < blocks; i++) await RpcAsync("evm_mine");
    }
}

[Collection("Dedicated chain")]
public sealed class SqliteReorgTests(DedicatedNode node) : ReorgTests("sqlite", node);

[Collection("Dedicated chain")]
public sealed class PostgresReorgTests(DedicatedNode node) : ReorgTests("postgres", node);

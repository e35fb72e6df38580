using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Web3;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Snapshots;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Indexing.Sources;

/// <summary>
/// EAS attestations and ERC-8004 feedback, made on the real contracts on a node of our own, move the
/// score; their revocations undo it; a reorg rolls them back; and recomputing from chain events alone
/// (what `trustledger recompute` runs) gives the root the indexed database gives.
/// </summary>
public abstract class EdgeSourceIndexingTests(string kind, DedicatedNode node) : IndexerTestBase(kind)
{
    private readonly HttpClient _http = new();

    private const int Anchor = 1, Supplier = 2, Agent = 5, Client = 3, Stranger = 4;

    [Fact]
    public async Task EasAttestation_MovesTheScore_AndItsRevocationUndoesIt()
    {
        var (sources, db, indexer, parameters) = await SetUpAsync();
        await CatchUpAsync(indexer);
        Assert.Null(await ScoreAsync(db, parameters, Supplier, sources));

        var uid = await sources.AttestAsync(Anchor, Supplier, 5, "logistics");
        await CatchUpAsync(indexer);
        var edge = Assert.Single(await EdgesAsync(db));
        Assert.Equal((EasEdgeSource.Kind, sources.Eas, uid, sources.Registry.AddressOf(Anchor), sources.Registry.AddressOf(Supplier), 5.0, "logistics"),
            (edge.Source, edge.Contract, edge.Uid, edge.Attester, edge.Subject, edge.Rating, edge.Category));
        var scored = await ScoreAsync(db, parameters, Supplier, sources);
        Assert.True(scored > 0, "an anchor's EAS attestation gives the supplier a score");

        await sources.RevokeAsync(Anchor, uid);
        await CatchUpAsync(indexer);
        Assert.True(Assert.Single(await EdgesAsync(db)).Revoked);
        Assert.True((await ScoreAsync(db, parameters, Supplier, sources) ?? 0) < scored, "the revoked attestation no longer counts (EAS's isAttestationValid would still say valid)");
        await AssertRecomputeMatchesAsync(db, sources, parameters);
    }

    [Fact]
    public async Task Erc8004Feedback_MovesTheScore_ByTheDeclaredRule_AndItsRevocationUndoesIt()
    {
        var (sources, db, indexer, parameters) = await SetUpAsync();
        var agentId = await sources.RegisterAgentAsync(Agent);

        var index = await sources.GiveFeedbackAsync(Anchor, agentId, 9000, decimals: 2); // 90.00 of 0..100
        await sources.GiveFeedbackAsync(Anchor, agentId, 80, tag1: "uptime");          // a tag the rule does not count
        await CatchUpAsync(indexer);
        var edge = Assert.Single(await EdgesAsync(db));
        Assert.Equal((Erc8004EdgeSource.Kind, Erc8004EdgeSource.FeedbackId(agentId, sources.Registry.AddressOf(Anchor), index),
                sources.Registry.AddressOf(Agent), 4.0, "starred"),
            (edge.Source, edge.Uid, edge.Subject, edge.Rating, edge.Category));
        var scored = await ScoreAsync(db, parameters, Agent, sources);
        Assert.True(scored > 0);

        await sources.RevokeFeedbackAsync(Anchor, agentId, index);
        await CatchUpAsync(indexer);
        Assert.True(Assert.Single(await EdgesAsync(db)).Revoked);
        Assert.True((await ScoreAsync(db, parameters, Agent, sources) ?? 0) < scored);
        await AssertRecomputeMatchesAsync(db, sources, parameters);
    }

    [Fact]
    public async Task Reorg_RollsBackOutsideEdgesAndRevocations_AndTheIndexEqualsAFreshOne()
    {
        var (sources, db, indexer, parameters) = await SetUpAsync();
        var kept = await sources.AttestAsync(Anchor, Supplier, 4, "logistics");
        await CatchUpAsync(indexer);

        var snapshot = await RpcAsync("evm_snapshot");
        await sources.RevokeAsync(Anchor, kept);
        await sources.AttestAsync(Anchor, Stranger, 5, "finance");
        var agentId = await sources.RegisterAgentAsync(Agent);
        await sources.GiveFeedbackAsync(Client, agentId, 100);
        await CatchUpAsync(indexer);
        Assert.Equal(3, (await EdgesAsync(db)).Count);
        Assert.NotNull(await ScoreAsync(db, parameters, Stranger, sources));

        Assert.True((await RpcAsync("evm_revert", snapshot.GetString()!)).GetBoolean());
        for (var i = 0; i < 4; i++) await RpcAsync("evm_mine");
        await CatchUpAsync(indexer);

        var after = Assert.Single(await EdgesAsync(db));
        Assert.Equal(kept, after.Uid);
        Assert.False(after.Revoked);
        Assert.Null(await ScoreAsync(db, parameters, Stranger, sources));
        var fresh = await FreshDatabaseAsync();
        await CatchUpAsync(NewSourceIndexer(fresh, sources));
        Assert.Equal(JsonSerializer.Serialize(await EdgesAsync(fresh)), JsonSerializer.Serialize(await EdgesAsync(db)));
        await AssertRecomputeMatchesAsync(db, sources, parameters);
    }

    [Fact]
    public async Task ChangedSources_ReindexFromTheFirstBlock_InsteadOfMixingTwoMappings()
    {
        var (sources, db, indexer, _) = await SetUpAsync();
        await sources.AttestAsync(Anchor, Supplier, 5, "logistics");
        await CatchUpAsync(indexer);
        Assert.Single(await EdgesAsync(db));

        var negative = sources.Options();
        negative.Eas[0].Schemas[0].Kind = EasEdgeSource.NegativeReport;
        await CatchUpAsync(new AttestationIndexer(db, new Web3(node.RpcUrl), sources.Registry.Address, sources.Registry.DeploymentBlock, 0,
            FastOptions(), NullLogger.Instance, new EdgeSourceSet(negative)));

        Assert.Equal(-5.0, Assert.Single(await EdgesAsync(db)).Rating);
    }

    private async Task<(OutsideSources, Core.Data.Database, AttestationIndexer, SnapshotParameters)> SetUpAsync()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var sources = await OutsideSources.DeployAsync(registry);
        var db = await FreshDatabaseAsync();
        var parameters = new SnapshotParameters
        {
            ChainId = 31337, Registry = registry.Address.ToLowerInvariant(), Seeds = [registry.AddressOf(Anchor)], Sources = sources.Options(),
            GoodnessWeighting = GoodnessWeighting.TrustAllocation, BudgetFloor = 10, PercentileBase = PercentileBase.Trusted,
        };
        Assert.Null(parameters.Problem()); // what start-up accepts with open sources
        Assert.NotNull((parameters with { GoodnessWeighting = GoodnessWeighting.TrustLevel }).Problem());
        // The document round-trips: what recompute reads back is what was hashed.
        Assert.Equal(parameters.Hash(), SnapshotParameters.Parse(JsonDocument.Parse(parameters.CanonicalJson()).RootElement).Hash());
        return (sources, db, NewSourceIndexer(db, sources), parameters);
    }

    private AttestationIndexer NewSourceIndexer(Core.Data.Database db, OutsideSources sources) =>
        new(db, new Web3(node.RpcUrl), sources.Registry.Address, sources.Registry.DeploymentBlock, 0, FastOptions(), NullLogger.Instance,
            new EdgeSourceSet(sources.Options()));

    private static async Task<double?> ScoreAsync(Core.Data.Database db, SnapshotParameters parameters, int account, OutsideSources sources)
    {
        var computed = await SnapshotComputation.FromIndexAsync(db, new Web3(sources.Registry.RpcUrl), parameters, Ct);
        Assert.NotNull(computed);
        var address = sources.Registry.AddressOf(account).ToLowerInvariant();
        return computed.Scores.Leaves.FirstOrDefault(l => l.Party == address) is { } leaf ? leaf.Score / 100.0 : null;
    }

    /// <summary>The score from chain events alone (`trustledger recompute`'s path) equals the indexed database's, bit for bit.</summary>
    private async Task AssertRecomputeMatchesAsync(Core.Data.Database db, OutsideSources sources, SnapshotParameters parameters)
    {
        var web3 = new Web3(node.RpcUrl);
        var indexed = await SnapshotComputation.FromIndexAsync(db, web3, parameters, Ct);
        Assert.NotNull(indexed);
        var document = SnapshotParameters.Parse(JsonDocument.Parse(parameters.CanonicalJson()).RootElement);
        var from = Math.Min(sources.Registry.DeploymentBlock, document.Sources.FromBlock!.Value);
        var recomputed = await ChainRecompute.ComputeAsync(web3, document, from, indexed.Block.Number, ct: Ct);
        Assert.Equal(indexed.Scores.EdgeCount, recomputed.Scores.EdgeCount);
        Assert.Equal(indexed.Tree?.Root, recomputed.Tree?.Root);
    }

    private static Task<List<SourceEdge>> EdgesAsync(Core.Data.Database db) =>
        WithConnectionAsync(db, async c =>
        {
            var all = new List<SourceEdge>();
            await foreach (var e in SourceEdgeStore.StreamAtBlockAsync(c, null, Ct)) all.Add(e);
            return all;
        });

    private Task<JsonElement> RpcAsync(string method, params object[] parameters) => TestServices.RpcAsync(_http, node.RpcUrl, method, parameters);
}

[Collection("Dedicated chain")]
public sealed class SqliteEdgeSourceIndexingTests(DedicatedNode node) : EdgeSourceIndexingTests("sqlite", node);

[Collection("Dedicated chain")]
public sealed class PostgresEdgeSourceIndexingTests(DedicatedNode node) : EdgeSourceIndexingTests("postgres", node);

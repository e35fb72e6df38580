using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Web3;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Tests.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Scoreboard;

/// <summary>
/// The refresher on a real chain and index, every board published from trust alone (BackgroundNetworkTies 0), with its
/// background work held by the test (no sleeps: the test runs a held pass or carry when it chooses). Block b's pass
/// finishes after b+1 was published: b+1 is served with b's figures; the next pass starts on b+1; a block b+2 that comes
/// while b+1's pass runs gets b's figures carried too, then b+1's when that pass ends, then its own.
/// </summary>
[Collection("Dedicated chain")]
public sealed class RefresherNetworkCarryTests(DedicatedNode node) : IndexerTestBase("sqlite")
{
    private readonly List<(string Name, Action Run)> _held = [];

    [Fact]
    public async Task PassOutdatedByANewBlock_CarriesToTheNewestBoard_AndTheNextPassStartsThere()
    {
        var registry = await TestRegistry.DeployAsync(node.RpcUrl, mnemonic: null);
        var endorsement = await registry.RegisterSchemaAsync(ProductSchemas.Endorsement.Definition);
        var db = await FreshDatabaseAsync();
        var indexer = NewIndexer(db, registry);
        var state = new ReputationState();
        var refresher = new ReputationRefresher(db, () => new Web3(registry.RpcUrl), new ReputationSettings { BackgroundNetworkTies = 0 }, state, NullLogger.Instance)
        {
            StartBackground = Hold,
        };
        string Party(int account) => registry.AddressOf(account).ToLowerInvariant();

        await EndorseAsync(registry, endorsement, indexer, 1, 2);
        await EndorseAsync(registry, endorsement, indexer, 3, 2);
        Assert.True(await refresher.StepAsync(Ct));
        var b = state.Board.AsOfBlock;
        Assert.False(state.Board.HasNetwork);
        Assert.Equal("Reputation network pass", Assert.Single(_held).Name); // b's pass, held

        await EndorseAsync(registry, endorsement, indexer, 2, 4); // b+1: a newcomer, 4
        Assert.True(await refresher.StepAsync(Ct));
        var trustB1 = state.Board;
        Assert.True(trustB1.AsOfBlock > b);
        Assert.Single(_held); // b's pass still running: no second pass, and no completed figures to carry yet

        _held[0].Run(); // b's pass ends, outdated
        var carried = state.Board;
        Assert.Equal((trustB1.AsOfBlock, b), (carried.AsOfBlock, carried.NetworkAsOfBlock));
        var view = carried.View(Party(2))!;
        Assert.True(view.NetworkComputed);
        Assert.Equal(b, view.NetworkAsOfBlock);
        Assert.Equal((trustB1.View(Party(2))!.Score, trustB1.View(Party(2))!.Evidence), (view.Score, view.Evidence));
        var newcomer = carried.View(Party(4))!;
        Assert.Equal((false, (long?)null, -1), (newcomer.NetworkComputed, newcomer.NetworkAsOfBlock, newcomer.Community));

        Assert.False(await refresher.StepAsync(Ct)); // no new block: the carried board still gets its own pass
        Assert.Equal(2, _held.Count);
        Assert.Equal("Reputation network pass", _held[1].Name);

        await EndorseAsync(registry, endorsement, indexer, 4, 5); // b+2 while b+1's pass runs
        Assert.True(await refresher.StepAsync(Ct));
        var b2 = state.Board.AsOfBlock;
        Assert.False(state.Board.HasNetwork);
        Assert.Equal("Reputation network carry", _held[2].Name);
        _held[2].Run();
        Assert.Equal((b2, b), (state.Board.AsOfBlock, state.Board.NetworkAsOfBlock));

        _held[1].Run(); // b+1's pass ends, outdated by b+2: its figures replace b's there
        Assert.Equal((b2, trustB1.AsOfBlock), (state.Board.AsOfBlock, state.Board.NetworkAsOfBlock));

        Assert.False(await refresher.StepAsync(Ct));
        Assert.Equal("Reputation network pass", _held[3].Name);
        _held[3].Run(); // b+2's own pass
        Assert.Equal((b2, b2), (state.Board.AsOfBlock, state.Board.NetworkAsOfBlock));
        Assert.True(state.Board.HasOwnNetwork);
        Assert.Equal(b2, state.Board.View(Party(4))!.NetworkAsOfBlock);
    }

    private Task Hold(string name, Action work)
    {
        var done = new TaskCompletionSource();
        _held.Add((name, () => { work(); done.SetResult(); }));
        return done.Task;
    }

    private static async Task EndorseAsync(TestRegistry registry, string schema, AttestationIndexer indexer, int attester, int subject)
    {
        await registry.AttestAsync(attester, registry.Request(attester, schema, registry.AddressOf(subject),
            ProductSchemas.Endorsement.Parsed.Encode((byte)5, ProductSchemas.ToBytes32("logistics")!, "")));
        await CatchUpAsync(indexer);
    }
}

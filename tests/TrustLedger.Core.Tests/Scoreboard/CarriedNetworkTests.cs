using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Tests.Reputation;

namespace TrustLedger.Core.Tests.Scoreboard;

/// <summary>
/// A board's SNA pass that finishes after a newer board was published (blocks faster than the pass) is not dropped:
/// its figures are carried to the served board by party, labeled with their block, until that board's own pass
/// completes it (<see cref="ReputationState.Complete"/>, what the refresher's SNA thread calls). The test drives the
/// passes itself: a pass is the engine's full run, finished when the test hands it to the state.
/// </summary>
public sealed class CarriedNetworkTests
{
    private const long BlockB = 100;
    private static readonly ReputationOptions Options = new() { Seeds = ["0", "33"] };

    // Block b: Zachary's karate club. Block b+1: a newcomer endorsed by member 5 (which moves trust: 5 splits its own).
    private static readonly Edge[] EdgesB = [.. KarateClub.Edges()];
    private static readonly Edge[] EdgesB1 = [.. EdgesB, new Edge("5", "newcomer", 10)];

    [Fact]
    public void PassFinishingAfterANewerBoard_CarriesItsFiguresUntilTheNewerBoardsOwnPass()
    {
        var state = new ReputationState();
        var b = TrustFirst(EdgesB, BlockB);
        state.Publish(b);
        var passB = ReputationEngine.Compute(EdgesB, Options); // b's pass runs...
        var b1 = TrustFirst(EdgesB1, BlockB + 1);
        state.Publish(b1); // ...and b+1 is published before it ends

        Assert.Equal(NetworkOutcome.Carried, state.Complete(b.WithNetwork(passB)));
        var carried = state.Board;
        Assert.Equal(BlockB + 1, carried.AsOfBlock);
        Assert.Equal(BlockB, carried.NetworkAsOfBlock);
        Assert.True(carried.HasNetwork);
        Assert.False(carried.HasOwnNetwork);
        Assert.False(carried.IsCompleteAt(BlockB + 1)); // relationship epochs wait for b+1's own pass
        Assert.False(carried.IsCompleteAt(BlockB));
        Assert.Equal(b1.Edges, carried.Edges);

        foreach (var party in b.Result.Parties.Select(p => p.Party))
        {
            var view = carried.View(party)!;
            var newest = b1.View(party)!;
            var pass = passB[party];
            // Trust-derived fields are b+1's, never b's.
            Assert.Equal(BlockB + 1, view.AsOfBlock);
            Assert.Equal((newest.Score, newest.Rank, newest.Percentile, newest.Evidence), (view.Score, view.Rank, view.Percentile, view.Evidence));
            Assert.Equal((newest.Signals.Trust, newest.Signals.Distrust, newest.Signals.InDegree), (view.Signals.Trust, view.Signals.Distrust, view.Signals.InDegree));
            Assert.Equal(newest.TopContributors.Select(c => (c.Party, c.Amount)), view.TopContributors.Select(c => (c.Party, c.Amount)));
            // Network figures are b's pass's, labeled b.
            Assert.True(view.NetworkComputed);
            Assert.Equal(BlockB, view.NetworkAsOfBlock);
            Assert.Equal(pass.Community, view.Community);
            Assert.Equal((pass.Betweenness, pass.Eigenvector, pass.Constraint, pass.EffectiveSize, pass.PageRank, pass.Goodness, pass.Fairness),
                (view.Signals.Betweenness, view.Signals.Eigenvector, view.Signals.Constraint, view.Signals.EffectiveSize,
                 view.Signals.PageRank, view.Signals.Goodness, view.Signals.Fairness));
        }
        // The new tie moved b+1's trust: the check above would catch b's trust fields coming back.
        Assert.Contains(b.Result.Parties, p => p.Score != b1.Result[p.Party].Score);

        // Confidence and breakdown are b+1's ties read with the carried communities, not the trust-first ones (everyone a
        // community of their own): see CarriedToABlockWithTheSameTies_ConfidenceAndSharesAreThePasss.
        var passB1 = ReputationEngine.Compute(EdgesB1, Options);
        Assert.Contains(b.Result.Parties, p => carried.Result[p.Party].Confidence != b1.Result[p.Party].Confidence);
        Assert.Contains(b.Result.Parties, p => carried.Result[p.Party].Shares != b1.Result[p.Party].Shares);

        // A party that did not exist at b has no carried figures.
        var newcomer = carried.View("newcomer")!;
        Assert.False(newcomer.NetworkComputed);
        Assert.Null(newcomer.NetworkAsOfBlock);
        Assert.Equal(-1, newcomer.Community);
        Assert.Equal((0d, 0d, 0d, 0d), (newcomer.Signals.Betweenness, newcomer.Signals.Eigenvector, newcomer.Signals.PageRank, newcomer.Signals.Goodness));
        Assert.Equal(b1.View("newcomer")!.Score, newcomer.Score);

        // b+1's own pass (started on the newest board next step) completes the board served with carried figures.
        Assert.Equal(NetworkOutcome.Completed, state.Complete(b1.WithNetwork(passB1)));
        var own = state.Board;
        Assert.Equal((BlockB + 1, BlockB + 1), (own.AsOfBlock, own.NetworkAsOfBlock));
        Assert.True(own.HasOwnNetwork);
        Assert.True(own.IsCompleteAt(BlockB + 1));
        Assert.Equal(BlockB + 1, own.View("5")!.NetworkAsOfBlock);
        Assert.Equal(passB1["newcomer"].Community, own.View("newcomer")!.Community);
        Assert.True(own.View("newcomer")!.NetworkComputed);

        // Clients cache on the ETag: trust alone, carried and own boards of one block differ.
        Assert.Equal(3, new[] { b1.ETagBase, carried.ETagBase, own.ETagBase }.Distinct().Count());

        // A late pass of an older block never replaces figures as recent or newer.
        Assert.Equal(NetworkOutcome.Dropped, state.Complete(b.WithNetwork(passB)));
        Assert.Same(own, state.Board);
    }

    [Fact]
    public void NextBlockBeforeTheNextPass_GetsTheNewestCompletedFiguresCarriedToo()
    {
        // Blocks keep coming while b+1's pass runs: each new trust-first board gets b's figures again (the refresher's
        // carry thread calls Complete with the newest completed board), and keeps its own trust fields.
        var state = new ReputationState();
        var completedB = TrustFirst(EdgesB, BlockB).WithNetwork(ReputationEngine.Compute(EdgesB, Options));
        state.Publish(TrustFirst(EdgesB1, BlockB + 1));
        Assert.Equal(NetworkOutcome.Carried, state.Complete(completedB));
        Edge[] edgesB2 = [.. EdgesB1, new Edge("newcomer", "5", 10)];
        var b2 = TrustFirst(edgesB2, BlockB + 2);
        state.Publish(b2);
        Assert.False(state.Board.View("5")!.NetworkComputed);

        Assert.Equal(NetworkOutcome.Carried, state.Complete(completedB));
        Assert.Equal((BlockB + 2, BlockB), (state.Board.AsOfBlock, state.Board.NetworkAsOfBlock));
        Assert.Equal(b2.View("5")!.Score, state.Board.View("5")!.Score);
        Assert.Equal(BlockB, state.Board.View("5")!.NetworkAsOfBlock);
        Assert.Equal(NetworkOutcome.Dropped, state.Complete(completedB)); // already carried: nothing more to do
    }

    [Fact]
    public void PassFinishingWhileItsBoardIsServed_CompletesIt()
    {
        var state = new ReputationState();
        var b = TrustFirst(EdgesB, BlockB);
        state.Publish(b);
        Assert.Null(b.View("0")!.NetworkAsOfBlock);
        Assert.False(b.View("0")!.NetworkComputed);

        Assert.Equal(NetworkOutcome.Completed, state.Complete(b.WithNetwork(ReputationEngine.Compute(EdgesB, Options))));
        Assert.Equal(BlockB, state.Board.NetworkAsOfBlock);
        Assert.Equal(BlockB, state.Board.View("0")!.NetworkAsOfBlock);
    }

    [Fact]
    public void CarriedToABlockWithTheSameTies_ConfidenceAndSharesAreThePasss()
    {
        // A block that changed no tie: recomputing confidence and tie shares with the carried communities on the newer
        // board's ties and trust must give exactly what the pass gave on its own board.
        var state = new ReputationState();
        var b = TrustFirst(EdgesB, BlockB);
        var pass = ReputationEngine.Compute(EdgesB, Options);
        state.Publish(TrustFirst(EdgesB, BlockB + 1));
        Assert.Equal(NetworkOutcome.Carried, state.Complete(b.WithNetwork(pass)));
        foreach (var p in pass.Parties)
        {
            var carried = state.Board.Result[p.Party];
            Assert.Equal((p.Confidence, p.Shares, p.Community), (carried.Confidence, carried.Shares, carried.Community));
            Assert.Equal(pass.Explain(p.Party).TopContributors, state.Board.Result.Explain(p.Party).TopContributors); // tie classes too
        }
    }

    /// <summary>A board published from trust alone, as the refresher does from BackgroundNetworkTies on.</summary>
    private static ReputationBoard TrustFirst(Edge[] edges, long block) =>
        new(ReputationEngine.Compute(edges, Options with { NetworkMetrics = false, Signals = false }), block, edges, DateTimeOffset.UtcNow);
}

using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

public class DeterminismTests
{
    [Fact]
    public void ShuffledInputOrder_GivesBitIdenticalResults()
    {
        var edges = TestData.BitcoinAlphaEdges();
        var shuffled = new List<Edge>(edges);
        var rng = new SplitMix64(42);
        var order = rng.Permutation(shuffled.Count);
        shuffled = order.Select(i => edges[i]).ToList();
        var options = new ReputationOptions { Seeds = ["1", "2", "3"] };

        var a = ReputationEngine.Compute(edges, options);
        var b = ReputationEngine.Compute(shuffled, options);
        EdgeLifecycleTests.AssertSameParties(a, b);
        Assert.Equal(a.Network!.Modularity, b.Network!.Modularity);
        Assert.Equal(a.Network.Resilience!.KeyPlayers, b.Network.Resilience!.KeyPlayers);
        Assert.Equal(a.Network.Resilience.TrustSurvival, b.Network.Resilience.TrustSurvival);
    }

    [Fact]
    public void ThreadCount_DoesNotChangeASingleBit()
    {
        var table = TestData.BitcoinAlpha;
        var one = ReputationEngine.Compute(table, new ReputationOptions { MaxDegreeOfParallelism = 1 });
        var two = ReputationEngine.Compute(table, new ReputationOptions { MaxDegreeOfParallelism = 2 });
        var three = ReputationEngine.Compute(table, new ReputationOptions { MaxDegreeOfParallelism = 3 });
        EdgeLifecycleTests.AssertSameParties(one, two);
        EdgeLifecycleTests.AssertSameParties(one, three);
    }

    [Fact]
    public void SeveralEdgesOfOnePair_AggregateTheSameInAnyOrder()
    {
        Edge[] edges =
        [
            new("a", "b", 7, EdgeKind.Endorsement, 100),
            new("a", "b", 9, EdgeKind.ConfirmedReciprocity, 200),
            new("a", "b", -3, EdgeKind.NegativeReport, 300),
            new("b", "c", 5, EdgeKind.Endorsement, 300),
            new("c", "a", 5, EdgeKind.Endorsement, 300),
        ];
        var options = new ReputationOptions { HalfLifeDays = 1 };
        var forward = ReputationEngine.Compute(edges, options);
        var backward = ReputationEngine.Compute(edges.Reverse(), options);
        EdgeLifecycleTests.AssertSameParties(forward, backward);
    }

    [Fact]
    public void KindAndTimeColumnsAllocatedLate_GiveTheSameGraphAsFromTheStart()
    {
        // EdgeTable allocates the kind and time columns on the first non-default value; here that value comes
        // after the table grew twice, and in the other order it comes first.
        var edges = new List<Edge>();
        for (int i = 0; i < 40; i++) edges.Add(new Edge($"p{i % 7}", $"p{(i * 3 + 1) % 7}", 1 + i % 10));
        edges.Add(new Edge("p1", "p2", -4, EdgeKind.NegativeReport, 86_400));
        edges.Add(new Edge("p2", "p3", 8, EdgeKind.ConfirmedReciprocity, 2 * 86_400));
        edges.Add(new Edge("p3", "p1", 6, EdgeKind.Endorsement, 3 * 86_400, RevokedAt: 4 * 86_400));
        var options = new ReputationOptions { HalfLifeDays = 30, AsOf = 3 * 86_400 };

        var late = new EdgeTable(16);
        foreach (var e in edges) late.Add(e);
        var early = new EdgeTable(16);
        foreach (var e in Enumerable.Reverse(edges)) early.Add(e);
        var a = ReputationEngine.Compute(late, options);
        var b = ReputationEngine.Compute(early, options);
        Assert.Equal(a.Edges, b.Edges);
        EdgeLifecycleTests.AssertSameParties(a, b);
        Assert.Contains(a.Parties, p => p.Distrust > 0); // the late negative report counted
    }

    [Fact]
    public void PartyOrder_PutsPlainIntegersFirstNumerically_ThenOtherIdsOrdinally()
    {
        string[] ids = ["0x0b", "10", "9", "0x0A", "007", "-1", "100", "abc"];
        Array.Sort(ids, PartyOrder.Instance);
        Assert.Equal(["9", "10", "100", "-1", "007", "0x0A", "0x0b", "abc"], ids);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(-1.0)]
    [InlineData(-3.3219280948873622)]
    [InlineData(-10.123456)]
    [InlineData(-700.25)]
    [InlineData(5.75)]
    public void DeterministicExp2_AgreesWithThePlatformToTheLastBitsOfPrecision(double x)
    {
        double expected = Math.Pow(2, x);
        Assert.Equal(expected, DeterministicMath.Exp2(x), expected * 4e-16);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.001)]
    [InlineData(1.4142)]
    [InlineData(123456.789)]
    [InlineData(1e-300)]
    public void DeterministicLn_AgreesWithThePlatform(double x)
    {
        double expected = Math.Log(x);
        Assert.Equal(expected, DeterministicMath.Ln(x), Math.Max(1e-300, Math.Abs(expected)) * 4e-16 + 1e-16);
    }
}

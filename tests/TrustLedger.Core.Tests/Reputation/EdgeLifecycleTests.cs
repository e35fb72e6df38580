using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>Revocation, expiry and time decay, evaluated at an as-of time.</summary>
public class EdgeLifecycleTests
{
    private static readonly Lazy<(List<Edge> Edges, ReputationOptions Options, int Chosen)> Alpha = new(() =>
    {
        var edges = TestData.BitcoinAlphaEdges();
        long asOf = edges.Max(e => e.Time);
        var seeds = edges.Where(e => e.Rating > 0).GroupBy(e => e.Target).OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, PartyOrder.Instance).Take(10).Select(g => g.Key).ToArray();
        // A positive edge between two parties that both have other edges, so the party set stays the same.
        var degree = edges.SelectMany(e => new[] { e.Source, e.Target }).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        int chosen = edges.FindIndex(e => e.Rating >= 5 && degree[e.Source] > 3 && degree[e.Target] > 3);
        return (edges, new ReputationOptions { Seeds = seeds, AsOf = asOf, NetworkMetrics = false }, chosen);
    });

    [Fact]
    public void RevokedEdge_HasNoEffect_SameAsNeverMade()
    {
        var (edges, options, i) = Alpha.Value;
        var revoked = With(edges, i, edges[i] with { RevokedAt = options.AsOf });
        AssertSameParties(ReputationEngine.Compute(Without(edges, i), options), ReputationEngine.Compute(revoked, options));
    }

    [Fact]
    public void EdgeRevokedAfterTheAsOfTime_StillCounts()
    {
        var (edges, options, i) = Alpha.Value;
        var later = With(edges, i, edges[i] with { RevokedAt = options.AsOf + 1 });
        var withLater = ReputationEngine.Compute(later, options);
        AssertSameParties(ReputationEngine.Compute(edges, options), withLater);
        Assert.NotEqual(ReputationEngine.Compute(Without(edges, i), options)[edges[i].Target].Trust, withLater[edges[i].Target].Trust);
    }

    [Fact]
    public void ExpiredEdge_HasNoEffect_UnexpiredEdgeCounts()
    {
        var (edges, options, i) = Alpha.Value;
        var expired = With(edges, i, edges[i] with { ExpiresAt = options.AsOf });
        AssertSameParties(ReputationEngine.Compute(Without(edges, i), options), ReputationEngine.Compute(expired, options));
        var valid = With(edges, i, edges[i] with { ExpiresAt = options.AsOf + 86400 });
        AssertSameParties(ReputationEngine.Compute(edges, options), ReputationEngine.Compute(valid, options));
    }

    [Fact]
    public void EdgeMadeAfterTheAsOfTime_IsNotYetEvidence()
    {
        var (edges, options, i) = Alpha.Value;
        var future = With(edges, i, edges[i] with { Time = options.AsOf!.Value + 1 });
        AssertSameParties(ReputationEngine.Compute(Without(edges, i), options), ReputationEngine.Compute(future, options));
    }

    [Fact]
    public void Decay_HalvesEvidenceEveryHalfLife()
    {
        const long day = 86400, now = 1_700_000_000;
        var edges = new[]
        {
            new Edge("a", "b", 10, Time: now),
            new Edge("a", "c", 10, Time: now - 365 * day),
            new Edge("a", "d", 10, Time: now - 730 * day),
            new Edge("b", "a", -10, EdgeKind.NegativeReport, now - 365 * day),
            new Edge("c", "a", 10, EdgeKind.ConfirmedReciprocity, now - 365 * day),
        };
        var graph = ReputationGraph.Build(EdgeTable.From(edges), new ReputationOptions { HalfLifeDays = 365, AsOf = now });
        double Mass(string s, string t) => graph.Mass[graph.FindTie(graph.IndexOf(s), graph.IndexOf(t))];
        double Evidence(string s, string t) => graph.Evidence[graph.FindTie(graph.IndexOf(s), graph.IndexOf(t))];
        Assert.Equal(1.0, Mass("a", "b"));
        Assert.Equal(0.5, Mass("a", "c"));
        Assert.Equal(0.25, Mass("a", "d"));
        Assert.Equal(-0.5, Evidence("b", "a"));  // negative report, one half-life old
        Assert.Equal(1.0, Evidence("c", "a"));   // confirmed reciprocity weighs 2, one half-life old
    }

    [Fact]
    public void Decay_OlderEndorsementCarriesHalfTheTrust_OfAFreshOne_FromTheSameRater()
    {
        const long day = 86400, now = 1_700_000_000;
        Edge[] Edges(long oldTime) =>
        [
            new("seed", "rater", 10, Time: now),
            new("rater", "fresh", 8, Time: now),
            new("rater", "old", 8, Time: oldTime),
        ];
        var decayed = ReputationEngine.Compute(Edges(now - 200 * day), new ReputationOptions { Seeds = ["seed"], HalfLifeDays = 200, AsOf = now });
        double fresh = decayed.Explain("fresh").TopContributors.Single().Amount;
        double old = decayed.Explain("old").TopContributors.Single().Amount;
        Assert.Equal(fresh, 2 * old);
        Assert.True(decayed["fresh"].Trust > decayed["old"].Trust);

        var noDecay = ReputationEngine.Compute(Edges(now - 200 * day), new ReputationOptions { Seeds = ["seed"], HalfLifeDays = 0, AsOf = now });
        Assert.Equal(noDecay["fresh"].Trust, noDecay["old"].Trust);
    }

    private static List<Edge> Without(List<Edge> edges, int i) => [.. edges.Take(i), .. edges.Skip(i + 1)];

    private static List<Edge> With(List<Edge> edges, int i, Edge replacement) => [.. edges.Take(i), replacement, .. edges.Skip(i + 1)];

    internal static void AssertSameParties(ReputationResult expected, ReputationResult actual)
    {
        Assert.Equal(expected.Parties.Count, actual.Parties.Count);
        for (int k = 0; k < expected.Parties.Count; k++)
            Assert.Equal(expected.Parties[k], actual.Parties[k]); // record equality: every field, bit for bit
    }
}

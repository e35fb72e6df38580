using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>
/// Attacks of our own making on the real Bitcoin Alpha network, with seeds: the 10 parties most often rated
/// positively. A sybil cluster is 1,000 new parties, each endorsing the next 10 (ring order) and a target at
/// the maximum rating.
/// </summary>
public class SybilResistanceTests
{
    private const int ClusterSize = 1000;
    private static readonly Lazy<Scenario> Base = new(Scenario.Load);

    [Fact]
    public void SybilCluster_WithoutAttackEdge_GainsExactlyNothing()
    {
        var s = Base.Value;
        var result = ReputationEngine.Compute(s.Edges.Concat(Cluster("sybil-target", s.AsOf)), s.Options);

        Assert.True(result.SybilResistant);
        var region = ClusterIds("sybil-target");
        Assert.Equal(0.0, result.RegionTrust(region).Total);
        Assert.All(region, id => Assert.Equal(0.0, result[id].Score));
        Assert.All(region, id => Assert.Equal(0.0, result[id].Confidence));
        foreach (var honest in s.Baseline.Parties) // honest parties: not a bit moved
            Assert.Equal(Bits(honest.Trust), Bits(result[honest.Party].Trust));
    }

    [Fact]
    public void SybilCluster_EndorsingAnHonestParty_WithoutAttackEdge_ChangesNothing()
    {
        var s = Base.Value;
        string target = s.MidTrustParties[0];
        var result = ReputationEngine.Compute(s.Edges.Concat(Cluster(target, s.AsOf)), s.Options);

        var before = s.Baseline[target];
        var after = result[target];
        Assert.Equal(Bits(before.Trust), Bits(after.Trust));
        Assert.Equal(Bits(before.Score), Bits(after.Score));
        Assert.Equal(Bits(before.SmoothedGoodness), Bits(after.SmoothedGoodness));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void SybilCluster_WithKAttackEdges_StaysWithinStatedBound(int k)
    {
        var s = Base.Value;
        string[] attackers = s.MidTrustParties.Where((_, i) => i % (s.MidTrustParties.Count / k) == 0).Take(k).ToArray();
        Assert.Equal(k, attackers.Length);
        var attack = attackers.Select((a, i) => new Edge(a, $"sybil-{i * 7 % ClusterSize:D4}", 10, EdgeKind.Endorsement, s.AsOf));
        var result = ReputationEngine.Compute(s.Edges.Concat(Cluster("sybil-target", s.AsOf)).Concat(attack), s.Options);

        var region = result.RegionTrust(ClusterIds("sybil-target"));
        double alpha = s.Options.Alpha;
        double attackerTrust = attackers.Sum(a => result[a].Trust);
        Assert.True(region.Total > 0, "an attack edge does pass some trust");
        // Bound 1 (exact flows): total <= inflow / alpha; slack for the 1e-10 convergence tolerance.
        Assert.True(region.Total <= region.Bound + 1e-9, $"k={k}: total {region.Total:E4} > bound {region.Bound:E4}");
        // Bound 2 (a priori): total <= (1 - alpha) / alpha * sum of the attack raters' trust.
        Assert.True(region.Bound <= (1 - alpha) / alpha * attackerTrust * (1 + 1e-12),
            $"k={k}: inflow bound {region.Bound:E4} above (1-a)/a * {attackerTrust:E4}");
    }

    [Fact]
    public void CollusionRing_GainsLessThanTheSameEndorsementsFromIndependentRaters()
    {
        var s = Base.Value;
        // Five ring members and twenty outside raters, all from the same band of mid-level trust.
        var ring = s.MidTrustParties.Where((_, i) => i % 8 == 0).Take(5).ToList();
        var outsiders = s.MidTrustParties.Where(p => !ring.Contains(p)).Where((_, i) => i % 3 == 1).Take(20).ToList();
        var mutual = from a in ring from b in ring where a != b select new Edge(a, b, 10, EdgeKind.Endorsement, s.AsOf);
        var independent = outsiders.Select((o, i) => new Edge(o, ring[i % ring.Count], 10, EdgeKind.Endorsement, s.AsOf));

        double before = ring.Sum(p => s.Baseline[p].Trust);
        var withRing = ReputationEngine.Compute(s.Edges.Concat(mutual), s.Options);
        var withIndependent = ReputationEngine.Compute(s.Edges.Concat(independent), s.Options);
        double ringGain = ring.Sum(p => withRing[p].Trust) - before;
        double independentGain = ring.Sum(p => withIndependent[p].Trust) - before;

        Assert.Equal(20, mutual.Count());
        Assert.True(independentGain > 0);
        Assert.True(ringGain < independentGain, $"ring gained {ringGain:E4}, independent raters gave {independentGain:E4}");
    }

    internal static IEnumerable<Edge> Cluster(string target, long time)
    {
        for (int i = 0; i < ClusterSize; i++)
        {
            string id = $"sybil-{i:D4}";
            for (int j = 1; j <= 10; j++) yield return new Edge(id, $"sybil-{(i + j) % ClusterSize:D4}", 10, EdgeKind.Endorsement, time);
            yield return new Edge(id, target, 10, EdgeKind.Endorsement, time);
        }
    }

    private static string[] ClusterIds(string target) =>
        [.. Enumerable.Range(0, ClusterSize).Select(i => $"sybil-{i:D4}"), target];

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private sealed record Scenario(List<Edge> Edges, long AsOf, ReputationOptions Options, ReputationResult Baseline, List<string> MidTrustParties)
    {
        public static Scenario Load()
        {
            var edges = TestData.BitcoinAlphaEdges();
            long asOf = edges.Max(e => e.Time);
            var seeds = edges.Where(e => e.Rating > 0).GroupBy(e => e.Target)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, PartyOrder.Instance).Take(10).Select(g => g.Key).ToArray();
            var options = new ReputationOptions { Seeds = seeds, AsOf = asOf, NetworkMetrics = false };
            var baseline = ReputationEngine.Compute(edges, options);
            var trusted = baseline.Parties.Where(p => p.Trust > 0 && !seeds.Contains(p.Party))
                .OrderBy(p => p.Trust).ThenBy(p => p.Party, PartyOrder.Instance).ToList();
            var band = trusted.Skip(trusted.Count * 4 / 10).Take(trusted.Count / 5).Select(p => p.Party).ToList();
            return new Scenario(edges, asOf, options, baseline, band);
        }
    }
}

using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>
/// The options that keep the score honest under a sybil flood (docs/reputation.md, "Sybil floods"):
/// BudgetFloor, PercentileBase.Trusted, GoodnessWeighting.TrustAllocation. Defaults leave scoring as before.
/// </summary>
public class SybilFloodOptionsTests
{
    private static readonly ReputationOptions Seeded = new() { Seeds = ["seed"], NetworkMetrics = false };

    private static Edge[] Honest =>
    [
        new("seed", "a", 10), new("seed", "b", 10), new("a", "b", 8), new("b", "a", 6),
        new("a", "c", 4), new("b", "c", 10), new("c", "d", 10), new("d", "seed", 10),
    ];

    [Fact]
    public void BudgetFloor_AThinRaterPassesOnlyItsEvidenceOverTheFloor()
    {
        // "thin" gave a single rating of 2 on -10..10: evidence 0.2. Without a floor that tie carries its whole budget.
        Edge[] edges = [.. Honest, new("c", "thin", 10), new("thin", "x", 2)];
        foreach (double floor in new[] { 0.0, 10.0 })
        {
            var r = ReputationEngine.Compute(edges, Seeded with { BudgetFloor = floor });
            var thin = r["thin"];
            double carried = r.Explain("x").TopContributors.Single(c => c.Party == "thin").Amount;
            double budget = Math.Max(0.2, floor);
            Assert.Equal((1 - Seeded.Alpha) * thin.Trust * thin.SmoothedFairness * 0.2 / budget, carried, 1e-15);
        }
    }

    [Fact]
    public void BudgetFloor_BelowEveryRatersEvidence_ChangesNoBit()
    {
        var plain = ReputationEngine.Compute(Honest, Seeded);
        var floored = ReputationEngine.Compute(Honest, Seeded with { BudgetFloor = 0.3 }); // every rater gave >= 0.4
        foreach (var p in plain.Parties)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(p.Trust), BitConverter.DoubleToInt64Bits(floored[p.Party].Trust));
            Assert.Equal(BitConverter.DoubleToInt64Bits(p.Score), BitConverter.DoubleToInt64Bits(floored[p.Party].Score));
        }
    }

    [Fact]
    public void PercentileAmongTrusted_AnUnreachableFloodMovesNobodysPercentile()
    {
        var flood = Enumerable.Range(0, 50).SelectMany(i => new Edge[]
            { new($"sybil{i}", $"sybil{(i + 1) % 50}", 10), new($"sybil{i}", "d", 10) }).ToArray();
        var trusted = Seeded with { PercentileBase = PercentileBase.Trusted };

        var clean = ReputationEngine.Compute(Honest, trusted);
        var flooded = ReputationEngine.Compute([.. Honest, .. flood], trusted);
        var floodedAllParties = ReputationEngine.Compute([.. Honest, .. flood], Seeded);

        foreach (var p in clean.Parties)
            Assert.Equal(p.Percentile, flooded[p.Party].Percentile);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(0.0, flooded[$"sybil{i}"].Percentile));
        // Over all parties the 50 sybils at score 0 lift the honest ones; ranks are the same either way.
        Assert.True(floodedAllParties["c"].Percentile > flooded["c"].Percentile);
        foreach (var p in flooded.Parties) Assert.Equal(floodedAllParties[p.Party].Rank, p.Rank);
    }

    [Fact]
    public void TrustAllocation_ASybilRegionBehindOneWeakEdgeCannotSmearAtFullWeight()
    {
        // One attack edge from d (a modest honest rater) to a hub; the hub and 40 sybils it endorses rate "b" -10.
        var sybils = Enumerable.Range(0, 40).Select(i => $"s{i}").ToArray();
        Edge[] edges =
        [
            .. Honest, new("d", "hub", 10),
            .. sybils.Select(s => new Edge("hub", s, 10)),
            .. sybils.Select(s => new Edge(s, "b", -10)), new("hub", "b", -10),
        ];
        var level = ReputationEngine.Compute(edges, Seeded);
        var allocation = ReputationEngine.Compute(edges, Seeded with { GoodnessWeighting = GoodnessWeighting.TrustAllocation });
        var honestOnly = ReputationEngine.Compute(Honest, Seeded with { GoodnessWeighting = GoodnessWeighting.TrustAllocation });

        Assert.True(allocation["b"].SmoothedGoodness > level["b"].SmoothedGoodness,
            $"allocation {allocation["b"].SmoothedGoodness} vs level {level["b"].SmoothedGoodness}");
        Assert.True(honestOnly["b"].SmoothedGoodness > 0);
        Assert.True(allocation["b"].Score > level["b"].Score);
    }

    [Fact]
    public void TrustAllocation_IsDeterministicAcrossThreadCounts()
    {
        var o = Seeded with { GoodnessWeighting = GoodnessWeighting.TrustAllocation, BudgetFloor = 10, PercentileBase = PercentileBase.Trusted };
        var one = ReputationEngine.Compute(Honest, o with { MaxDegreeOfParallelism = 1 });
        var two = ReputationEngine.Compute(Honest, o with { MaxDegreeOfParallelism = 2 });
        foreach (var p in one.Parties)
            Assert.Equal(BitConverter.DoubleToInt64Bits(p.Score), BitConverter.DoubleToInt64Bits(two[p.Party].Score));
    }

    [Fact]
    public void InvalidFloor_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReputationEngine.Compute(Honest, Seeded with { BudgetFloor = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReputationEngine.Compute(Honest, Seeded with { BudgetFloor = double.NaN }));
    }
}

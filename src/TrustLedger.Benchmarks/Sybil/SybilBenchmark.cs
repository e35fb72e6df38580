using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Benchmarks.Sybil;

/// <summary>
/// scripts/bench.sh sybil: Bitcoin Alpha plus a sybil flood at 90.6% of all raters behind 10 attack edges (see Attack.cs).
/// Runs the AUC attack (promote the 80 flagged fraudsters, smear the 135 benign) and then the promotion attack on each
/// flagged fraudster alone; reports min AUC and max promoted percentile over all 81 runs, for the product engine with the
/// sybil-flood options and for a plain average rating (ERC-8004 getSummary). Seeds: top 100 plain PageRank on the honest
/// graph before the flood, frozen; label-blind.
/// </summary>
public static class SybilBenchmark
{
    /// <summary>The engine options the benchmark measures: the documented sybil-flood configuration, or "asis" (defaults).</summary>
    public static ReputationOptions Options(string engine, string[] seeds, long asOf)
    {
        var o = new ReputationOptions { Seeds = seeds, AsOf = asOf, NetworkMetrics = false };
        return engine switch
        {
            "asis" => o,
            "flood" => o with { GoodnessWeighting = GoodnessWeighting.TrustAllocation, BudgetFloor = 10, PercentileBase = PercentileBase.Trusted },
            _ => throw new ArgumentException($"engine {engine}: flood | asis"),
        };
    }

    public static int Run(string dataDir, string engine)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var edges = Data.LoadAlpha(Path.Combine(dataDir, "soc-sign-bitcoinalpha.csv"));
        var labels = Data.LoadLabels(Path.Combine(dataDir, "alpha_gt.csv"));
        long asOf = edges.Max(e => e.Time);
        Func<string[], ReputationOptions> options = seeds => Options(engine, seeds, asOf);
        const string seedRule = "pagerank:100";
        var pre = Baseline.Build(edges, SeedRules.Select(seedRule, edges), options);
        Console.Error.WriteLine($"# seeds: {pre.Seeds.Length} by {seedRule} on the pre-flood graph (labelled: +{pre.Seeds.Count(x => labels.GetValueOrDefault(x) == 1)} -{pre.Seeds.Count(x => labels.GetValueOrDefault(x) == -1)})");

        int ring = Math.Max(3, (int)Math.Ceiling(options([]).BudgetFloor) - 1);
        var runs = new List<AttackSpec> { Suite.Parse(Suite.Headline) };
        runs.AddRange(Flagged(edges, labels).Select(x => Suite.Parse($"edges=leverage,smear=0,gw=full,ring={ring}") with { Targets = "one:" + x }));

        var figures = new List<(Figures Engine, Figures Average, double Share, int AttackEdges)>();
        var clock = Stopwatch.StartNew();
        foreach (var spec in runs)
        {
            var plan = AttackPlan.Build(spec, pre, labels);
            var all = new List<RawEdge>(edges.Count + plan.Edges.Count);
            all.AddRange(edges); all.AddRange(plan.Edges);
            var o = options(pre.Seeds);
            var graph = ReputationGraph.Build(Tables.From(edges, plan.Edges), o);
            var result = ReputationEngine.Compute(graph, o);
            var scored = new Scored(graph.Parties, [.. result.Parties.Select(p => p.Score)], [.. result.Parties.Select(p => p.Percentile)]);
            var average = Metrics.Average(graph.Parties, graph.IndexOf, all);
            bool IsSybil(string p) => p.StartsWith("sybil-", StringComparison.Ordinal);
            var f = Metrics.Of(scored, labels, plan.Targets, IsSybil);
            var fa = Metrics.Of(average, labels, plan.Targets, IsSybil);
            double share = (double)plan.Sybils.Length / (plan.Sybils.Length + plan.HonestRaters);
            figures.Add((f, fa, share, plan.AttackRaters.Length));
            Console.Error.WriteLine($"{spec.Name}\tsybils={plan.Sybils.Length}\tauc={f.Auc:F4}\tbest_pct={f.BestPromotedPercentileHonest:F2}\tavg_auc={fa.Auc:F4}\tavg_best_pct={fa.BestPromotedPercentileHonest:F2}\t{clock.Elapsed.TotalSeconds:F0}s");
        }
        var head = figures[0];
        var singles = figures.Skip(1).ToList();
        Console.Error.WriteLine($"# AUC attack: auc={head.Engine.Auc:F4} average_auc={head.Average.Auc:F4}; promotion attack on {singles.Count} targets alone: " +
            $"{singles.Count(x => x.Engine.BestPromotedPercentileHonest > 90)} above the 90th percentile (average: {singles.Count(x => x.Average.BestPromotedPercentileHonest > 90)})");
        var json = new Dictionary<string, object>
        {
            ["sybil_share"] = Math.Round(head.Share, 3), ["attack_edges"] = figures.Max(x => x.AttackEdges),
            ["auc"] = Math.Round(figures.Min(x => x.Engine.Auc), 4),
            ["best_promoted_percentile"] = Math.Round(figures.Max(x => x.Engine.BestPromotedPercentileHonest), 2),
            ["average_auc"] = Math.Round(figures.Min(x => x.Average.Auc), 4),
            ["average_best_promoted_percentile"] = Math.Round(figures.Max(x => x.Average.BestPromotedPercentileHonest), 2),
        };
        Console.WriteLine(JsonSerializer.Serialize(json));
        return 0;
    }

    /// <summary>Labelled fraudsters whose mean received rating is below 0: the low-standing parties an attacker would lift.</summary>
    private static string[] Flagged(List<RawEdge> edges, SortedDictionary<string, int> labels)
    {
        var sum = new Dictionary<string, long>();
        foreach (var e in edges) sum[e.Target] = sum.GetValueOrDefault(e.Target) + e.Rating;
        return [.. labels.Where(kv => kv.Value == -1 && sum.TryGetValue(kv.Key, out var s) && s < 0).Select(kv => kv.Key)];
    }
}

using TrustLedger.Core.Reputation;

namespace TrustLedger.Benchmarks.Sybil;

/// <summary>
/// Seed rules. None looks at the labels. "pre" rules are applied to the honest graph before the flood (a governed
/// seed set, frozen by the admins); "post" rules are the same rule applied to the graph the product sees after the
/// flood (shown to make the point that a seed rule must not be re-evaluated on attacker-controlled data).
/// </summary>
public static class SeedRules
{
    public const int K = 10;

    /// <summary>rule[:k], e.g. "earliest:100"; k defaults to K.</summary>
    public static string[] Select(string ruleWithK, IReadOnlyList<RawEdge> edges)
    {
        var parts = ruleWithK.Split(':');
        string rule = parts[0];
        int K = parts.Length > 1 ? int.Parse(parts[1]) : SeedRules.K;
        return rule switch
        {
            // the K parties with the most distinct positive raters (the product's SybilResistanceTests rule)
            "posraters" or "posraters-post" => edges.Where(e => e.Rating > 0).GroupBy(e => e.Target)
                .Select(g => (Party: g.Key, Raters: g.Select(e => e.Source).Distinct().Count()))
                .OrderByDescending(x => x.Raters).ThenBy(x => x.Party, PartyOrder.Instance).Take(K).Select(x => x.Party).ToArray(),
            // the K parties whose first out-rating is the oldest (the genesis community: on-chain time cannot be backdated)
            "earliest" or "earliest-post" => edges.GroupBy(e => e.Source)
                .Select(g => (Party: g.Key, First: g.Min(e => e.Time)))
                .OrderBy(x => x.First).ThenBy(x => x.Party, PartyOrder.Instance).Take(K).Select(x => x.Party).ToArray(),
            // the K parties with the highest plain weighted PageRank (uniform teleport, no seeds)
            "pagerank" or "pagerank-post" => TopPageRank(edges, K),
            _ => throw new ArgumentException($"unknown seed rule {rule}"),
        };
    }

    public static bool IsPost(string rule) => rule.Split(':')[0].EndsWith("-post", StringComparison.Ordinal);

    private static string[] TopPageRank(IReadOnlyList<RawEdge> edges, int K)
    {
        var options = new ReputationOptions { NetworkMetrics = false };
        var graph = ReputationGraph.Build(Tables.From(edges), options);
        var (pr, _) = WeightedPageRank.Compute(graph, options.SignalTolerance, options.MaxIterations, options.MaxDegreeOfParallelism);
        return Enumerable.Range(0, graph.NodeCount).OrderByDescending(i => pr[i]).ThenBy(i => i)
            .Take(K).Select(i => graph.Parties[i]).ToArray();
    }
}

public static class Tables
{
    public static EdgeTable From(IReadOnlyList<RawEdge> edges, IReadOnlyList<RawEdge>? more = null)
    {
        var table = new EdgeTable(edges.Count + (more?.Count ?? 0));
        foreach (var e in edges) table.Add(table.Party(e.Source), table.Party(e.Target), e.Rating, EdgeKind.Endorsement, e.Time);
        if (more is not null)
            foreach (var e in more) table.Add(table.Party(e.Source), table.Party(e.Target), e.Rating, EdgeKind.Endorsement, e.Time);
        return table;
    }
}

/// <summary>The honest network before the flood, scored with a seed set: what the attacker can read publicly.</summary>
public sealed class Baseline
{
    public required List<RawEdge> Edges { get; init; }
    public required string[] Seeds { get; init; }
    public required ReputationGraph Graph { get; init; }
    public required ReputationResult Result { get; init; }
    public required string[] Raters { get; init; }
    public required ReputationOptions Options { get; init; }
    public long AsOf => Graph.AsOf;

    public static Baseline Build(List<RawEdge> edges, string[] seeds, Func<string[], ReputationOptions> options)
    {
        var o = options(seeds);
        var graph = ReputationGraph.Build(Tables.From(edges), o);
        var result = ReputationEngine.Compute(graph, o);
        var raters = edges.Select(e => e.Source).Distinct().OrderBy(x => x, PartyOrder.Instance).ToArray();
        return new Baseline { Edges = edges, Seeds = seeds, Graph = graph, Result = result, Raters = raters, Options = o };
    }

    /// <summary>
    /// Trust a new fresh +10 edge from u would carry per step under the engine being attacked (the attacker knows it):
    /// (1-alpha) t(u) f(u) / max(P(u) + N(u) + 1, BudgetFloor).
    /// </summary>
    public double Leverage(string u)
    {
        int i = Graph.IndexOf(u);
        var p = Result.Parties[i];
        double d = Graph.PositiveOut[i] + Graph.NegativeOut[i] + 1;
        d = Math.Max(d, Options.BudgetFloor);
        return (1 - Options.Alpha) * p.Trust * p.SmoothedFairness / d;
    }
}

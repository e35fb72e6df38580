using System.Diagnostics;

namespace TrustLedger.Core.Reputation;

/// <summary>
/// Entry point: edges in, every party's reputation out. Pure and deterministic: the same edges and options
/// give bit-identical results on any machine and thread count (timings in Stats aside).
/// </summary>
public static class ReputationEngine
{
    public static ReputationResult Compute(IEnumerable<Edge> edges, ReputationOptions? options = null) =>
        Compute(EdgeTable.From(edges), options);

    public static ReputationResult Compute(EdgeTable edges, ReputationOptions? options = null)
    {
        options ??= new ReputationOptions();
        return Compute(ReputationGraph.Build(edges, options), options);
    }

    /// <summary>
    /// Computes on a graph already built (e.g. cached by the caller). The options that shape the graph
    /// (AsOf, HalfLifeDays, Scale, kind weights) were applied by ReputationGraph.Build; the others (seeds,
    /// alpha, tolerances, ...) apply here.
    /// </summary>
    public static ReputationResult Compute(ReputationGraph graph, ReputationOptions? options = null)
    {
        options ??= new ReputationOptions();
        options.Validate();
        var warnings = new List<string>();
        int[] seeds = ResolveSeeds(graph, options.Seeds, warnings);
        // Anchors given but none has edges yet: nobody is reached from them, so nobody has trust. Falling
        // back to uniform restart would hand sybils the very trust the anchors exist to withhold.
        bool anchored = options.Seeds.Count > 0;
        if (!anchored)
            warnings.Add("no seeds: uniform restart; scores are not sybil-resistant");
        else if (seeds.Length == 0)
            warnings.Add("no seed has edges yet: no trust flows, every score is 0");

        var clock = Stopwatch.StartNew();
        var trust = GlobalTrust.Compute(graph, seeds, anchored, options);
        double trustSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        int threads = options.MaxDegreeOfParallelism;
        var (pageRank, pageRankIterations) = options.Signals
            ? WeightedPageRank.Compute(graph, options.SignalTolerance, options.MaxIterations, threads) : (NaNs(graph.NodeCount), 0);
        var (goodness, fairness, kumarIterations) = options.Signals
            ? KumarSignals.Plain(graph, options.SignalTolerance, options.MaxIterations, threads) : (NaNs(graph.NodeCount), NaNs(graph.NodeCount), 0);
        double signalSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var network = options.NetworkMetrics ? NetworkAnalysis.Compute(graph, trust, options) : NetworkAnalysis.Skipped(graph);
        double[] score = ScoreMapping.Scores(trust, options.StandingHalfTrust, Contributions.Evidenced(graph, trust, options.Alpha));
        var (rank, percentile) = ScoreMapping.RankAndPercentile(score, trust.Net,
            options.PercentileBase == PercentileBase.Trusted ? trust.Trust : null);
        var (shares, confidence) = Contributions.Summarize(graph, trust, percentile, network.Community, options);
        double networkSeconds = clock.Elapsed.TotalSeconds;

        var parties = new PartyReputation[graph.NodeCount];
        for (int v = 0; v < parties.Length; v++)
        {
            parties[v] = new PartyReputation(graph.Parties[v], score[v], rank[v], percentile[v], confidence[v],
                trust.Trust[v], trust.Distrust[v], trust.Net[v], pageRank[v], goodness[v], fairness[v],
                trust.Goodness[v], trust.Fairness[v], graph.InDegree(v), graph.OutDegree(v),
                network.Betweenness[v], network.Eigenvector[v], network.Constraint[v], network.EffectiveSize[v],
                network.Community[v], shares[v]);
        }
        var stats = new ComputationStats(trust.FirstPassIterations, trust.ReliabilityIterations, trust.SecondPassIterations,
            trust.LastChange, trust.EdgeUpdates, pageRankIterations, kumarIterations, trustSeconds, trust.WalkSeconds, signalSeconds, networkSeconds);
        return new ReputationResult(graph, trust, network, percentile, parties, options, warnings, stats);
    }

    private static double[] NaNs(int n)
    {
        var values = new double[n];
        values.AsSpan().Fill(double.NaN);
        return values;
    }

    private static int[] ResolveSeeds(ReputationGraph graph, IReadOnlyCollection<string> seeds, List<string> warnings)
    {
        var found = new SortedSet<int>();
        foreach (string s in seeds)
        {
            int i = graph.IndexOf(s);
            if (i >= 0) found.Add(i);
            else warnings.Add($"seed '{s}' has no edges and is ignored");
        }
        return [.. found];
    }
}

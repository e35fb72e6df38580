using System.Diagnostics;
using System.Globalization;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Benchmarks.Reputation;

/// <summary>
/// How time and memory grow with the network: one synthetic power-law graph of N ties (one process per N, so
/// each peak is its own), built, then global trust at the default parameters, then the scores and the
/// snapshot Merkle tree over every party. Prints one JSON object:
/// {"ties","parties","gen_s","build_s","trust_s","trust_cpu_s","signals_s","scores_s","tree_s","peak_mb","bytes_per_tie","graph_bytes_per_tie",
///  "engine_peak_mb","engine_bytes_per_tie","root","load_average"}: peak_mb and bytes_per_tie cover the trust path (generate, build,
/// trust: peak RSS, and its growth over the RSS before generating, per tie); engine_* the whole run (signals, scores, tree).
/// <para>
/// Generator (Chung-Lu style, seeded, so every run builds the same graph): parties = N / 10; each edge draws its
/// rater and its subject independently with P(party i) proportional to (i + 1)^(-2/3), i.e. expected degrees
/// follow a power law with exponent 2.5 (a few hubs, a long tail, like Slashdot); drawn as
/// i = floor(parties * u^3), u uniform from SplitMix64(seed). Ratings: 9 in 10 positive (1..10), 1 in 10
/// negative (-1..-10); all endorsements at time 0 (no decay). Self-pairs are dropped and repeated pairs
/// aggregate into one tie, as the engine does with any input, so ties ends a little below N.
/// </para>
/// </summary>
public static class ScaleBenchmark
{
    public static int Run(string[] args)
    {
        long edges = long.Parse(Arg(args, "--ties") ?? "1000000", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(Arg(args, "--seed") ?? "20", CultureInfo.InvariantCulture);
        var options = new ReputationOptions { NetworkMetrics = false };
        WarmUp(options); // JIT the build and the engine on a small graph first

        long baseline = ResidentBytes();
        var clock = Stopwatch.StartNew();
        var table = Generate(checked((int)edges), seed);
        double genSeconds = clock.Elapsed.TotalSeconds;
        Step($"generated {table.Count:N0} edges in {genSeconds:F2} s");

        clock.Restart();
        var graph = ReputationGraph.Build(table, options);
        double buildSeconds = clock.Elapsed.TotalSeconds;
        Step($"built {graph.TieCount:N0} ties in {buildSeconds:F2} s");
        table = null; // the engine needs only the graph
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long graphBytes = GC.GetTotalMemory(forceFullCollection: true);

        // The best of --repeat runs (default 3) of the same deterministic computation: at 1M a run is ~0.15 s, so one
        // stray time slice of another process moves a single run's figure (and the growth ratio) by a third.
        int repeat = int.Parse(Arg(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        double trustSeconds = double.MaxValue, trustCpuSeconds = double.MaxValue, walkSeconds = double.MaxValue;
        TrustVectors trustVectors = null!;
        long trustPeak = 0;
        for (int r = 0; r < repeat; r++)
        {
            if (r > 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true); // the last run's vectors are garbage
            clock.Restart();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            trustVectors = GlobalTrust.Compute(graph, [], false, options);
            trustSeconds = Math.Min(trustSeconds, clock.Elapsed.TotalSeconds);
            trustCpuSeconds = Math.Min(trustCpuSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds); // both threads; steadier than wall time on a loaded machine
            walkSeconds = Math.Min(walkSeconds, trustVectors.WalkSeconds);
            if (r == 0) trustPeak = PeakResidentBytes(); // the trust path (generate, build, trust), before any repeat
        }
        Step($"trust in {trustSeconds:F3} s (best of {repeat})");
        if (args.Contains("--trust-only"))
        {   // the trust path alone (e.g. to time trust at a size where the whole engine takes long)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"ties\":{graph.TieCount},\"build_s\":{buildSeconds:F2},\"trust_s\":{trustSeconds:F3},\"trust_cpu_s\":{trustCpuSeconds:F3}," +
                $"\"walk_s\":{walkSeconds:F3},\"walk_iterations\":{trustVectors.FirstPassIterations + trustVectors.SecondPassIterations},\"kumar_iterations\":{trustVectors.ReliabilityIterations}," +
                $"\"peak_mb\":{trustPeak / 1e6:F0},\"bytes_per_tie\":{(double)(trustPeak - baseline) / graph.TieCount:F1}," +
                $"\"load_average\":{File.ReadAllText("/proc/loadavg").Split(' ')[0]}}}"));
            return 0;
        }

        clock.Restart();
        var result = ReputationEngine.Compute(graph, options);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine: trust {result.Stats.TrustSeconds:F2} s, signals {result.Stats.SignalSeconds:F2} s, network/scores {result.Stats.NetworkSeconds:F2} s, all {clock.Elapsed.TotalSeconds:F2} s"));
        var scores = result.Parties.Select(p => ScoreScale.FromPoints(p.Score)).ToArray();
        var ranks = SnapshotScoring.CompetitionRanks(scores);
        var leaves = new SnapshotLeaf[scores.Length];
        for (int i = 0; i < leaves.Length; i++)
            leaves[i] = new SnapshotLeaf(result.Parties[i].Party, scores[i], ranks[i], (ulong)result.Parties[i].InDegree);
        double scoresSeconds = clock.Elapsed.TotalSeconds;
        Step("engine + leaves");
        clock.Restart();
        var tree = SnapshotMerkleTree.Build(leaves);
        double treeSeconds = clock.Elapsed.TotalSeconds;

        long peak = PeakResidentBytes(); // all-in: the engine's signals and scores, the tree
        int ties = graph.TieCount;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{edges:N0} edges -> {ties:N0} ties over {graph.NodeCount:N0} parties; root {tree.Root}; trust iterations " +
            $"{result.Stats.FirstPassIterations}+{result.Stats.SecondPassIterations}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"ties\":{ties},\"parties\":{graph.NodeCount},\"gen_s\":{genSeconds:F2},\"build_s\":{buildSeconds:F2},\"trust_s\":{trustSeconds:F3},\"trust_cpu_s\":{trustCpuSeconds:F3}," +
            $"\"walk_s\":{walkSeconds:F3},\"signals_s\":{result.Stats.SignalSeconds:F2},\"scores_s\":{scoresSeconds:F2},\"tree_s\":{treeSeconds:F2},\"peak_mb\":{trustPeak / 1e6:F0}," +
            $"\"bytes_per_tie\":{(double)(trustPeak - baseline) / ties:F1},\"graph_bytes_per_tie\":{(double)graphBytes / ties:F1}," +
            $"\"engine_peak_mb\":{peak / 1e6:F0},\"engine_bytes_per_tie\":{(double)(peak - baseline) / ties:F1},\"root\":\"{tree.Root}\"," +
            $"\"load_average\":{File.ReadAllText("/proc/loadavg").Split(' ')[0]}}}"));
        GC.KeepAlive(graph);
        return 0;
    }

    private static void Step(string what) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{DateTime.UtcNow:HH:mm:ss}] {what} (cpu {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s, " +
            $"rss {ResidentBytes() / 1e6:F0} MB, peak {PeakResidentBytes() / 1e6:F0} MB, heap {GC.GetTotalMemory(false) / 1e6:F0} MB)"));

    /// <summary>The documented generator (see the class summary): same seed, same graph, on any machine.</summary>
    public static EdgeTable Generate(int edges, ulong seed)
    {
        int parties = Math.Max(2, edges / 10);
        var table = new EdgeTable(edges);
        for (int i = 0; i < parties; i++) table.Party(PartyAddress(i));
        foreach (var (rater, subject, rating) in Draws(edges, seed)) table.Add(rater, subject, rating);
        return table;
    }

    /// <summary>Party i's id: its index as a 20-byte address.</summary>
    public static string PartyAddress(int i) => "0x" + i.ToString("x40", CultureInfo.InvariantCulture);

    /// <summary>The generator's edges as (rater, subject, rating -10..10 but 0) over parties 0..edges/10-1, self-pairs included.</summary>
    public static IEnumerable<(int Rater, int Subject, int Rating)> Draws(int edges, ulong seed)
    {
        int parties = Math.Max(2, edges / 10);
        var random = new SplitMix64(seed);
        for (int e = 0; e < edges; e++)
        {
            int rater = Draw(ref random, parties), subject = Draw(ref random, parties);
            int rating = 1 + random.NextInt(10);
            yield return (rater, subject, random.NextInt(10) == 0 ? -rating : rating);
        }
    }

    private static int Draw(ref SplitMix64 random, int parties)
    {
        double u = (random.Next() >> 11) * (1.0 / (1UL << 53));
        return Math.Min(parties - 1, (int)(parties * u * u * u));
    }

    private static void WarmUp(ReputationOptions options)
    {
        var graph = ReputationGraph.Build(Generate(50_000, 1), options);
        _ = GlobalTrust.Compute(graph, [], false, options);
        var result = ReputationEngine.Compute(graph, options);
        SnapshotMerkleTree.Build(result.Parties.Select(p => new SnapshotLeaf(p.Party, ScoreScale.FromPoints(p.Score), 1, 0)).ToList());
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;
    private static long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    private static long StatusKilobytes(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
            [field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

using System.Diagnostics;
using System.Globalization;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Benchmarks.Reputation;

/// <summary>
/// Exact (Brandes) betweenness on a signed edge list such as Bitcoin Alpha, over the positive
/// ties, timed after a warm-up run: wall seconds and CPU seconds of all threads.
/// </summary>
public static class BetweennessBenchmark
{
    public static int Run(string csv)
    {
        using var reader = new StreamReader(csv);
        var table = EdgeCsvReader.Read(reader).Table;
        var options = new ReputationOptions();
        var graph = ReputationGraph.Build(table, options);
        var adjacency = PositiveAdjacency.Build(graph, graph.Evidence);
        Betweenness.Compute(adjacency, options); // warm-up (JIT)
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = Betweenness.Compute(adjacency, options);
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (!result.Mode.Exact) throw new InvalidOperationException("betweenness was sampled, not exact");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"exact_betweenness_s\":{wall:F3},\"exact_betweenness_cpu_s\":{cpu:F3}}}"));
        return 0;
    }
}

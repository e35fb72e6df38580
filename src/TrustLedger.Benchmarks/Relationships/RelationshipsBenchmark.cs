using System.Diagnostics;
using System.Globalization;
using TrustLedger.Core.Relationships;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Benchmarks.Relationships;

/// <summary>
/// Ties and at-risk ties for every party of a timed signed edge list (Bitcoin Alpha: source,target,rating,time),
/// from one board: the per-board index build, then <see cref="PartyTies.For"/> for each party, as
/// GET /v1/parties/{a}/ties computes it (without the database reads for names and open proposals).
/// </summary>
public static class RelationshipsBenchmark
{
    public static int Run(string csv)
    {
        var edges = new List<Edge>();
        foreach (var line in File.ReadLines(csv))
        {
            var f = line.Split(',');
            if (f.Length < 4 || !double.TryParse(f[2], CultureInfo.InvariantCulture, out var rating)) continue;
            // Bitcoin Alpha rates -10..10; the board's ties read ratings on the product's -5..5 scale.
            edges.Add(new Edge(f[0], f[1], Math.Clamp(rating / 2, -5, 5), rating < 0 ? EdgeKind.NegativeReport : EdgeKind.Endorsement,
                long.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        var result = ReputationEngine.Compute(edges, new ReputationOptions { Scale = ChainEdges.Scale });
        var settings = new RelationshipSettings();
        var warm = new ReputationBoard(result, 1, edges, DateTimeOffset.UtcNow);
        foreach (var p in result.Parties.Take(50)) PartyTies.For(warm, p.Party, 730, settings, [], a => a); // JIT

        var board = new ReputationBoard(result, 2, edges, DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        var index = RelationshipIndex.For(board);
        var indexSeconds = clock.Elapsed.TotalSeconds;
        double worst = 0;
        int ties = 0, atRisk = 0, worstTies = 0;
        clock.Restart();
        foreach (var p in result.Parties)
        {
            var start = clock.Elapsed.TotalMilliseconds;
            var list = PartyTies.For(board, p.Party, 730, settings, [], a => a);
            var ms = clock.Elapsed.TotalMilliseconds - start;
            ties += list.Count;
            atRisk += list.Count(t => t.AtRisk);
            if (ms > worst) (worst, worstTies) = (ms, list.Count);
        }
        var all = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"parties\":{result.Parties.Count},\"edges\":{edges.Count},\"ties\":{ties},\"at_risk\":{atRisk},\"index_build_ms\":{indexSeconds * 1000:F1},\"all_parties_s\":{all:F3},\"mean_per_party_us\":{all * 1e6 / result.Parties.Count:F1},\"worst_party_ms\":{worst:F2},\"worst_party_ties\":{worstTies}}}"));
        return 0;
    }
}

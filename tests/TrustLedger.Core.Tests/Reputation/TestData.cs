using System.Globalization;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>
/// Finds the shared real-data folder: walking up from the test binary, the first ancestor D with
/// D/../shared/data (the repo is checked out next to shared/) or D/shared/data; else TRUSTLEDGER_DATA_DIR.
/// </summary>
public static class TestData
{
    private static readonly Lazy<string?> Directory_ = new(Locate);
    private static readonly Lazy<EdgeTable> Alpha = new(() => LoadCsv("soc-sign-bitcoinalpha.csv"));

    public static string? Directory => Directory_.Value;

    public static string PathOf(string file)
    {
        if (Directory is null)
            Assert.Skip("shared data not found: check out next to shared/ or set TRUSTLEDGER_DATA_DIR");
        return System.IO.Path.Combine(Directory!, file);
    }

    /// <summary>Bitcoin Alpha as read by the CLI's reader (rating -10..10, times).</summary>
    public static EdgeTable BitcoinAlpha => Alpha.Value;

    public static List<Edge> BitcoinAlphaEdges()
    {
        var table = BitcoinAlpha;
        var edges = new List<Edge>(table.Count);
        using var reader = new StreamReader(PathOf("soc-sign-bitcoinalpha.csv"));
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split(',');
            edges.Add(new Edge(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture), EdgeKind.Endorsement,
                long.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return edges;
    }

    public static EdgeTable LoadCsv(string file)
    {
        using var reader = new StreamReader(PathOf(file));
        var result = EdgeCsvReader.Read(reader);
        Assert.Empty(result.Errors);
        return result.Table;
    }

    /// <summary>node -> (pagerank, goodness, fairness) from reference/bitcoinalpha-scores.csv.</summary>
    public static Dictionary<string, (double PageRank, double Goodness, double Fairness)> AlphaReference()
    {
        var map = new Dictionary<string, (double, double, double)>();
        foreach (var line in File.ReadLines(PathOf("reference/bitcoinalpha-scores.csv")).Skip(1))
        {
            var f = line.Split(',');
            map[f[0]] = (Double(f[1]), Double(f[2]), Double(f[3]));
        }
        return map;
    }

    /// <summary>alpha_gt.csv: node -> benign (true) or fraudulent (false); duplicated rows agree.</summary>
    public static Dictionary<string, bool> AlphaLabels()
    {
        var map = new Dictionary<string, bool>();
        foreach (var line in File.ReadLines(PathOf("alpha_gt.csv")))
        {
            var f = line.Split(',');
            if (f.Length < 2 || !int.TryParse(f[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int label)) continue;
            map[f[0].Trim()] = label > 0;
        }
        return map;
    }

    private static double Double(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "..", "shared", "data"), System.IO.Path.Combine(dir.FullName, "shared", "data") })
                if (File.Exists(System.IO.Path.Combine(candidate, "soc-sign-bitcoinalpha.csv")))
                    return System.IO.Path.GetFullPath(candidate);
        }
        string? env = Environment.GetEnvironmentVariable("TRUSTLEDGER_DATA_DIR");
        return env is not null && File.Exists(System.IO.Path.Combine(env, "soc-sign-bitcoinalpha.csv")) ? env : null;
    }
}

using System.Globalization;

namespace TrustLedger.Benchmarks.Sybil;

/// <summary>One Bitcoin Alpha rating: SOURCE,TARGET,RATING,TIME.</summary>
public readonly record struct RawEdge(string Source, string Target, int Rating, long Time);

public static class Data
{
    public static List<RawEdge> LoadAlpha(string path)
    {
        var edges = new List<RawEdge>(24_200);
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            edges.Add(new RawEdge(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return edges;
    }

    /// <summary>node -> +1 benign / -1 fraudulent. Duplicated rows must agree (they do: 3 duplicates, same label).</summary>
    public static SortedDictionary<string, int> LoadLabels(string path)
    {
        var labels = new SortedDictionary<string, int>(TrustLedger.Core.Reputation.PartyOrder.Instance);
        foreach (string line in File.ReadLines(path))
        {
            var f = line.Split(',');
            if (f.Length < 2 || !int.TryParse(f[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int label)) continue;
            string node = f[0].Trim();
            if (labels.TryGetValue(node, out int old) && old != label) throw new InvalidDataException($"conflicting labels for {node}");
            labels[node] = label;
        }
        return labels;
    }
}

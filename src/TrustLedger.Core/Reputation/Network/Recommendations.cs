namespace TrustLedger.Core.Reputation;

/// <summary>
/// Who a party should connect with to span a structural hole: for every community none of the party's
/// ties reaches (most trusted communities first: sum of members' net trust), its most trusted member.
/// Each suggestion states the party's Burt constraint now and after such a tie (weight = the party's mean
/// tie weight, 1 without ties); lower constraint = more brokerage opportunity.
/// </summary>
internal static class Recommendations
{
    public static IReadOnlyList<Recommendation> For(int u, PositiveAdjacency adj, int[] community, double[] net,
        IReadOnlyList<string> parties, int count)
    {
        int n = adj.NodeCount;
        var reached = new HashSet<int> { community[u] };
        for (int i = adj.Start[u]; i < adj.Start[u + 1]; i++) reached.Add(community[adj.Neighbor[i]]);
        var best = new Dictionary<int, int>();
        var mass = new Dictionary<int, double>();
        var size = new Dictionary<int, int>();
        for (int v = 0; v < n; v++)
        {
            int c = community[v];
            size[c] = size.GetValueOrDefault(c) + 1;
            mass[c] = mass.GetValueOrDefault(c) + net[v];
            if (v != u && net[v] > 0 && (!best.TryGetValue(c, out int b) || net[v] > net[b])) best[c] = v;
        }
        var holes = best.Keys.Where(c => !reached.Contains(c)).ToArray();
        Array.Sort(holes, (a, b) => mass[b] != mass[a] ? mass[b].CompareTo(mass[a]) : a.CompareTo(b));
        int degree = adj.Degree(u);
        double tieWeight = degree > 0 ? adj.Strength[u] / degree : 1;
        double before = Constraint(adj, u, -1, 0);
        var result = new List<Recommendation>();
        foreach (int c in holes.Take(count))
        {
            int x = best[c];
            double after = Constraint(adj, u, x, tieWeight);
            string reason = $"{parties[x]} is the most trusted party of community {c} ({size[c]} parties), which none of " +
                $"your {degree} ties reaches; a tie would span that structural hole (constraint {Fmt(before)} -> {Fmt(after)}).";
            result.Add(new Recommendation(parties[x], c, size[c], net[x], before, after, reason));
        }
        return result;
    }

    private static string Fmt(double v) => double.IsNaN(v) ? "undefined" : v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Burt's constraint of u, optionally with one extra tie u-x of the given weight.</summary>
    internal static double Constraint(PositiveAdjacency adj, int u, int extra, double extraWeight)
    {
        var a = new SortedDictionary<int, double>();
        for (int i = adj.Start[u]; i < adj.Start[u + 1]; i++) a[adj.Neighbor[i]] = adj.Weight[i];
        if (extra >= 0) a[extra] = a.GetValueOrDefault(extra) + extraWeight;
        if (a.Count == 0) return double.NaN;
        double strength = 0;
        foreach (double w in a.Values) strength += w;
        var indirect = new Dictionary<int, double>();
        foreach (var (w, auw) in a)
        {
            double sw = adj.Strength[w] + (w == extra ? extraWeight : 0);
            for (int j = adj.Start[w]; j < adj.Start[w + 1]; j++)
            {
                int v = adj.Neighbor[j];
                if (v != u && a.ContainsKey(v)) indirect[v] = indirect.GetValueOrDefault(v) + auw / strength * (adj.Weight[j] / sw);
            }
        }
        double constraint = 0;
        foreach (var (v, auv) in a)
        {
            double local = auv / strength + indirect.GetValueOrDefault(v);
            constraint += local * local;
        }
        return constraint;
    }
}

/// <summary>A suggested new tie and why it helps.</summary>
public sealed record Recommendation(string Party, int Community, int CommunitySize, double PartyTrust,
    double ConstraintBefore, double ConstraintAfter, string Reason);

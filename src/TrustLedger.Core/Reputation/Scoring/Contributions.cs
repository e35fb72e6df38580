namespace TrustLedger.Core.Reputation;

/// <summary>
/// Where a party's trust comes from. The contribution of a positive tie u->v is the trust it carried in the
/// final pass: (1 - alpha) * t(u) * fairness(u) * flow(u,v) / (P(u) + N(u)) (flow = evidence, discounted when
/// reciprocated). Seeds' restart share is not a tie.
/// Tie classes come from <see cref="TieKinds.Of"/> (linking, bonding, bridging), the one rule every reader uses.
/// Confidence = a / (a + 1) * E / (E + k) * (0.5 + 0.5 D), from the amount and the diversity of evidence:
/// a is the trust the party's ties carry in units of the average party's trust (sybils that share a thin
/// trickle of trust add little), E the effective number of independent raters (inverse Simpson index of
/// contributions), D the Gini-Simpson diversity of the raters' communities (0 if all in one community).
/// </summary>
internal static class Contributions
{
    /// <summary>What the tie in in-slot <paramref name="slot"/> carried (see the class summary; a negative tie: what it took).</summary>
    public static double Of(ReputationGraph g, TrustVectors t, double alpha, int slot)
    {
        int tie = g.InTie[slot], u = g.InSource[slot];
        double w = g.Evidence[tie] > 0 ? t.TieFlow[tie] : -g.Evidence[tie];
        return (1 - alpha) * t.Trust[u] * t.Fairness[u] * w / t.Budget[u];
    }

    /// <summary>Per party: whether some positive tie carries trust to it (a contribution above 0). Without one a party has no evidence.</summary>
    public static bool[] Evidenced(ReputationGraph g, TrustVectors t, double alpha)
    {
        var evidenced = new bool[g.NodeCount];
        for (int v = 0; v < evidenced.Length; v++)
            for (int i = g.InStart[v]; i < g.InStart[v + 1] && !evidenced[v]; i++)
                evidenced[v] = g.Evidence[g.InTie[i]] > 0 && Of(g, t, alpha, i) > 0;
        return evidenced;
    }

    public static (TieShares[] Shares, double[] Confidence) Summarize(ReputationGraph g, TrustVectors t,
        double[] percentile, int[] community, ReputationOptions o)
    {
        int n = g.NodeCount;
        var shares = new TieShares[n];
        var confidence = new double[n];
        var byCommunity = new Dictionary<int, double>();
        var contributed = new List<(int Community, double Amount)>(); // v's contributions in slot order
        int reached = 0;
        foreach (double x in t.Trust) if (x > 0) reached++;
        for (int v = 0; v < n; v++)
        {
            double total = 0, squares = 0, bonding = 0, bridging = 0, linking = 0;
            contributed.Clear();
            bool ascending = true; // raters' communities strictly ascending along the slots: each its own entry, already sorted
            for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
            {
                int tie = g.InTie[i];
                if (!(g.Evidence[tie] > 0)) continue;
                int u = g.InSource[i];
                double c = Of(g, t, o.Alpha, i);
                if (c == 0) continue;
                total += c; squares += c * c;
                switch (TieKinds.Of(percentile[u], percentile[v], community[u], community[v], o.LinkingPercentileGap))
                {
                    case TieKind.Linking: linking += c; break;
                    case TieKind.Bonding: bonding += c; break;
                    default: bridging += c; break;
                }
                if (contributed.Count > 0 && contributed[^1].Community >= community[u]) ascending = false;
                contributed.Add((community[u], c));
            }
            if (total == 0) { shares[v] = default; continue; }
            shares[v] = new TieShares(bonding / total, bridging / total, linking / total);
            double effective = total * total / squares;
            double concentration = 0;
            if (ascending) // the common case (and always before communities are known: each party is its own): no map, no sort
                foreach (var (_, c) in contributed) { double s = c / total; concentration += s * s; }
            else
            {   // the same sums as adding each community's amounts in slot order, then squaring by ascending community
                byCommunity.Clear();
                foreach (var (k, c) in contributed) byCommunity[k] = byCommunity.GetValueOrDefault(k) + c;
                foreach (int k in SortedKeys(byCommunity)) { double s = byCommunity[k] / total; concentration += s * s; }
            }
            double diversity = 1 - concentration;
            double amount = total * reached;
            confidence[v] = amount / (amount + 1) * (effective / (effective + o.ConfidenceHalfRaters)) * (0.5 + 0.5 * diversity);
        }
        return (shares, confidence);
    }

    private static int[] SortedKeys(Dictionary<int, double> d)
    {
        var keys = d.Keys.ToArray();
        Array.Sort(keys);
        return keys;
    }
}

/// <summary>Shares of a party's tie-borne trust by tie class; they sum to 1 unless nobody trusts the party (all 0).</summary>
public readonly record struct TieShares(double Bonding, double Bridging, double Linking);

namespace TrustLedger.Core.Reputation;

public sealed partial class ReputationGraph
{
    /// <summary>
    /// Applies the as-of filter (edges made later, revoked or expired by then do not count), drops
    /// self-endorsements, weighs each edge (kind weight * 2^(-age / half-life)) and aggregates edges of the
    /// same ordered pair into one tie.
    /// </summary>
    public static ReputationGraph Build(EdgeTable table, ReputationOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        options.Validate();
        var (parties, canonical) = CanonicalParties(table.Parties);
        ReadOnlySpan<long> times = table.Times;
        long asOf = options.AsOf ?? (times.Length == 0 ? 0 : Max(times));
        double halfLifeSeconds = options.HalfLifeDays * 86400.0;
        bool decays = halfLifeSeconds > 0 && double.IsFinite(halfLifeSeconds);

        ReadOnlySpan<int> src = table.Sources, dst = table.Targets;
        ReadOnlySpan<double> ratings = table.Ratings;
        ReadOnlySpan<EdgeKind> kinds = table.Kinds;
        int count = table.Count, active = 0, inactive = 0, selfLoops = 0;
        var aSrc = new int[count]; var aDst = new int[count];
        var aRating = new double[count]; var aMass = new double[count]; var aTime = new long[count];
        var aConfirmed = new bool[count];
        for (int i = 0; i < count; i++)
        {
            long time = times[i];
            if (time > asOf || table.RevokedAt(i) <= asOf || table.ExpiresAt(i) <= asOf) { inactive++; continue; }
            int s = canonical[src[i]], t = canonical[dst[i]];
            if (s == t) { selfLoops++; continue; }
            double w = options.Scale.Normalize(ratings[i]);
            if (kinds[i] == EdgeKind.NegativeReport) w = -Math.Abs(w);
            double decay = decays ? DeterministicMath.Exp2(-(asOf - time) / halfLifeSeconds) : 1.0;
            aSrc[active] = s; aDst[active] = t; aRating[active] = w; aTime[active] = time;
            aConfirmed[active] = kinds[i] == EdgeKind.ConfirmedReciprocity;
            aMass[active] = options.KindWeight(kinds[i]) * decay;
            active++;
        }

        int n = parties.Length;
        int[] order = CountingSort.ByPair(aSrc, aDst, active, n);
        int ties = 0;
        for (int k = 0; k < active; k++)
            if (k == 0 || aSrc[order[k]] != aSrc[order[k - 1]] || aDst[order[k]] != aDst[order[k - 1]]) ties++;
        var tieSource = new int[ties]; var tieTarget = new int[ties];
        var evidence = new double[ties]; var mass = new double[ties]; var mean = new double[ties]; var plain = new double[ties];
        var confirmed = new bool[ties];
        var group = new List<int>();
        for (int k = 0, tie = 0; k < active; tie++)
        {
            int first = order[k], s = aSrc[first], t = aDst[first];
            tieSource[tie] = s; tieTarget[tie] = t;
            if (k + 1 == active || aSrc[order[k + 1]] != s || aDst[order[k + 1]] != t)
            {   // the common case: one edge per pair
                evidence[tie] = aMass[first] * aRating[first]; mass[tie] = aMass[first];
                plain[tie] = aRating[first]; mean[tie] = aRating[first]; confirmed[tie] = aConfirmed[first];
                k++;
                continue;
            }
            group.Clear();
            while (k < active && aSrc[order[k]] == s && aDst[order[k]] == t) group.Add(order[k++]);
            // fixed member order, so the sums do not depend on input order
            group.Sort((a, b) => aTime[a] != aTime[b] ? aTime[a].CompareTo(aTime[b])
                : aRating[a] != aRating[b] ? aRating[a].CompareTo(aRating[b]) : aMass[a].CompareTo(aMass[b]));
            double ev = 0, ms = 0, pl = 0;
            foreach (int e in group) { ev += aMass[e] * aRating[e]; ms += aMass[e]; pl += aRating[e]; confirmed[tie] |= aConfirmed[e]; }
            evidence[tie] = ev; mass[tie] = ms; plain[tie] = pl;
            mean[tie] = ms > 0 ? Math.Clamp(ev / ms, -1, 1) : pl / group.Count;
        }

        var counts = new EdgeCounts(count, active, inactive, selfLoops, ties);
        var graph = new ReputationGraph(parties, asOf, tieSource, tieTarget, evidence, mass, mean, plain, confirmed, counts);
        graph.TrustTopologyFor(options.ReciprocalTieWeight); // structure the iterations reuse: built once, here
        _ = graph.InVisitOrder;
        _ = graph.OutVisitOrder;
        return graph;
    }

    private static (string[] Parties, int[] Canonical) CanonicalParties(IReadOnlyList<string> ids)
    {
        var parties = new string[ids.Count];
        for (int i = 0; i < parties.Length; i++) parties[i] = ids[i];
        var firstSeen = new int[parties.Length];
        for (int i = 0; i < firstSeen.Length; i++) firstSeen[i] = i;
        Array.Sort(parties, firstSeen, PartyOrder.Instance);
        var canonical = new int[parties.Length];
        for (int i = 0; i < parties.Length; i++) canonical[firstSeen[i]] = i;
        return (parties, canonical);
    }

    private static long Max(ReadOnlySpan<long> values)
    {
        long max = long.MinValue;
        foreach (long v in values) if (v > max) max = v;
        return max;
    }
}

namespace TrustLedger.Core.Reputation;

public sealed partial class ReputationGraph
{
    /// <summary>
    /// Applies the as-of filter (edges made later, revoked or expired by then do not count), drops
    /// self-endorsements, weighs each edge (kind weight * 2^(-age / half-life)) and aggregates edges of the
    /// same ordered pair into one tie.
    /// Memory: besides the table and the graph, only two edge-index arrays (8 bytes an active edge) for the
    /// counting sort by (source, target); an edge's weight is recomputed from the table where it is needed
    /// (a pure function of the edge, so the same bits) instead of copied out.
    /// </summary>
    public static ReputationGraph Build(EdgeTable table, ReputationOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        options.Validate();
        var (parties, canonical) = table.CanonicalOrder();
        var weigh = new EdgeWeigher(table, canonical, options, options.AsOf ?? table.MaxTime());
        int n = parties.Length;
        var (order, active, inactive, selfLoops) = PairOrder(table, weigh, n);

        int ties = 0;
        for (int k = 0; k < active; k++)
            if (k == 0 || !weigh.SamePair(order[k], order[k - 1])) ties++;
        var tieSource = new int[ties]; var tieTarget = new int[ties];
        var evidence = new double[ties]; var mass = new double[ties]; var mean = new double[ties];
        var confirmed = new bool[ties];
        var plainOverrides = new List<(int Tie, double Plain)>();
        var group = new List<WeighedEdge>();
        for (int k = 0, tie = 0; k < active; tie++)
        {
            int first = order[k];
            tieSource[tie] = weigh.Source(first); tieTarget[tie] = weigh.Target(first);
            if (k + 1 == active || !weigh.SamePair(order[k + 1], first))
            {   // the common case: one edge per pair (its plain weight is its rating, the mean)
                var e = weigh.Weigh(first);
                evidence[tie] = e.Mass * e.Rating; mass[tie] = e.Mass; mean[tie] = e.Rating; confirmed[tie] = e.Confirmed;
                k++;
                continue;
            }
            group.Clear();
            while (k < active && weigh.SamePair(order[k], first)) group.Add(weigh.Weigh(order[k++]));
            // fixed member order, so the sums do not depend on input order (members equal in all three are equal)
            group.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time)
                : a.Rating != b.Rating ? a.Rating.CompareTo(b.Rating) : a.Mass.CompareTo(b.Mass));
            double ev = 0, ms = 0, pl = 0;
            foreach (var e in group) { ev += e.Mass * e.Rating; ms += e.Mass; pl += e.Rating; confirmed[tie] |= e.Confirmed; }
            evidence[tie] = ev; mass[tie] = ms;
            mean[tie] = ms > 0 ? Math.Clamp(ev / ms, -1, 1) : pl / group.Count;
            plainOverrides.Add((tie, pl));
        }
        order = null!; // release the sort before the derived structure is built

        var counts = new EdgeCounts(table.Count, active, inactive, selfLoops, ties);
        var graph = new ReputationGraph(parties, weigh.AsOf, tieSource, tieTarget, evidence, mass, mean, [.. plainOverrides], confirmed, counts);
        graph.TrustTopologyFor(options.ReciprocalTieWeight); // structure the iterations reuse: built once, here
        _ = graph.InVisitOrder;
        _ = graph.OutVisitOrder;
        return graph;
    }

    /// <summary>
    /// Indices of the edges that count, ordered by (source, target) and, within a pair, by table index:
    /// two stable counting sorts (by target, then by source), keys read from the table each pass.
    /// </summary>
    private static (int[] Order, int Active, int Inactive, int SelfLoops) PairOrder(EdgeTable table, EdgeWeigher weigh, int n)
    {
        int count = table.Count, active = 0, inactive = 0, selfLoops = 0;
        var start = new int[n + 1];
        for (int i = 0; i < count; i++)
        {
            if (!weigh.InForce(i)) { inactive++; continue; }
            if (weigh.Source(i) == weigh.Target(i)) { selfLoops++; continue; }
            start[weigh.Target(i) + 1]++;
            active++;
        }
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        var byTarget = new int[active];
        for (int i = 0; i < count; i++)
            if (weigh.Counts(i)) byTarget[start[weigh.Target(i)]++] = i;

        Array.Clear(start);
        foreach (int i in byTarget) start[weigh.Source(i) + 1]++;
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        var order = new int[active];
        foreach (int i in byTarget) order[start[weigh.Source(i)]++] = i;
        return (order, active, inactive, selfLoops);
    }

    private readonly record struct WeighedEdge(long Time, double Rating, double Mass, bool Confirmed);

    /// <summary>What the build reads of one table edge: in force at the as-of time, canonical endpoints, weight.</summary>
    private sealed class EdgeWeigher(EdgeTable table, int[] canonical, ReputationOptions options, long asOf)
    {
        private readonly double _halfLifeSeconds = options.HalfLifeDays * 86400.0;
        // Decay is a pure function of the edge's time, and edges made in the same block share it: a direct-mapped cache
        // of 4,096 times (48 KB whatever the size) saves most Exp2 calls, twenty dependent divisions each (a third of
        // weighing a million edges).
        private const int DecaySlots = 4096;
        private readonly long[] _decayTime = NeverComputed();
        private readonly double[] _decay = new double[DecaySlots];

        public long AsOf => asOf;

        public bool InForce(int i) => !(table.Time(i) > asOf || table.RevokedAt(i) <= asOf || table.ExpiresAt(i) <= asOf);
        public int Source(int i) => canonical[table.SourceAt(i)];
        public int Target(int i) => canonical[table.TargetAt(i)];
        public bool Counts(int i) => InForce(i) && Source(i) != Target(i);
        public bool SamePair(int i, int j) => Source(i) == Source(j) && Target(i) == Target(j);

        public WeighedEdge Weigh(int i)
        {
            long time = table.Time(i);
            EdgeKind kind = table.Kind(i);
            double w = options.Scale.Normalize(table.RatingAt(i));
            if (kind == EdgeKind.NegativeReport) w = -Math.Abs(w);
            bool decays = _halfLifeSeconds > 0 && double.IsFinite(_halfLifeSeconds);
            double decay = decays ? Decay(time) : 1.0;
            return new WeighedEdge(time, w, options.KindWeight(kind) * decay, kind == EdgeKind.ConfirmedReciprocity);
        }

        private double Decay(long time)
        {
            int slot = (int)(((ulong)time * 0x9E3779B97F4A7C15UL) >> 52); // Fibonacci hashing onto 12 bits
            if (_decayTime[slot] != time || time == long.MinValue)
            {
                _decay[slot] = DeterministicMath.Exp2(-(asOf - time) / _halfLifeSeconds);
                _decayTime[slot] = time;
            }
            return _decay[slot];
        }

        private static long[] NeverComputed()
        {
            var times = new long[DecaySlots];
            times.AsSpan().Fill(long.MinValue); // an empty slot (and a time of long.MinValue is never taken from the cache)
            return times;
        }
    }
}

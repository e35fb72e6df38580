namespace TrustLedger.Core.Reputation;

/// <summary>
/// EigenTrust-style global trust in two passes.
/// Pass 1: each rater's budget is split over all its ratings by |evidence|; the positive share walks on,
/// the negative share (and all mass of raters with no positive ties) restarts at the seeds. A positive tie
/// that is returned (the subject also rates the rater positively) carries only ReciprocalTieWeight of its
/// share, the rest restarts too: mutual praise is cheap, so collusion rings keep less of their own trust.
/// Ties backed by a ConfirmedReciprocity event are exempt.
/// Then reliability: smoothed Kumar fairness, with ratings weighted by the pass-1 trust level of the rater.
/// Pass 2 (warm start from pass 1): as pass 1, but a rater forwards only the share fairness(u) of its mass.
/// Distrust: one hop only, d(v) = sum over negative ties u->v of what u's negative share assigns to v;
/// net trust = max(0, trust - distrust). Negative evidence is not propagated further (an enemy of my enemy is
/// not my friend).
/// </summary>
internal static class GlobalTrust
{
    /// <param name="anchored">seeds were configured (even if none of them is in the graph): never restart uniformly</param>
    public static TrustVectors Compute(ReputationGraph g, int[] seeds, bool anchored, ReputationOptions o)
    {
        int n = g.NodeCount, threads = o.MaxDegreeOfParallelism;
        var (_, flow, csr) = g.TrustTopologyFor(o.ReciprocalTieWeight);
        double[] restart = anchored && seeds.Length == 0 ? new double[n] : RestartDistribution(n, seeds);
        var ones = new double[n]; ones.AsSpan().Fill(1);

        var walkClock = new System.Diagnostics.Stopwatch();
        double[] budget = Budget(g, o.BudgetFloor);
        var firstWalk = RandomWalks.Create(csr, Keep(csr, budget, ones), restart, o.Alpha);
        walkClock.Start();
        var first = firstWalk.Run(restart, o.Tolerance, o.MaxIterations, threads);
        walkClock.Stop();
        double[] level = o.GoodnessWeighting == GoodnessWeighting.TrustAllocation
            ? TrustLevel.Allocation(g, first.Vector, o.BudgetFloor) : TrustLevel.Of(first.Vector);
        var (goodness, fairness, kumarIterations) = KumarSignals.Smoothed(g, level, o, threads);
        var secondWalk = RandomWalks.Create(csr, Keep(csr, budget, fairness), restart, o.Alpha);
        walkClock.Start();
        var second = secondWalk.Run(first.Vector, o.Tolerance, o.MaxIterations, threads);
        walkClock.Stop();

        double[] trust = second.Vector;
        var distrust = Distrust(g, budget, trust, fairness, o.Alpha, threads);
        var net = new double[n];
        for (int v = 0; v < n; v++) net[v] = Math.Max(0, trust[v] - distrust[v]);
        long updates = (long)(first.Iterations + second.Iterations) * csr.EdgeCount;
        return new TrustVectors(trust, distrust, net, first.Vector, goodness, fairness, flow, restart, budget, second.RestartMass,
            anchored || seeds.Length > 0, first.Iterations, kumarIterations, second.Iterations, second.LastChange, updates, walkClock.Elapsed.TotalSeconds);
    }

    /// <summary>Seeds share the restart mass equally; without seeds every party does (uniform restart).</summary>
    public static double[] RestartDistribution(int n, int[] seeds)
    {
        if (seeds.Length == 0) return RandomWalks.Uniform(n);
        var restart = new double[n];
        foreach (int s in seeds) restart[s] = 1.0 / seeds.Length;
        return restart;
    }

    /// <summary>
    /// Per tie: the weight it walks with, positive evidence times the reciprocity discount when the subject
    /// rates the rater positively too, unless the tie carries a confirmed two-sided event (a trade both
    /// sides confirmed is not mutual praise); 0 for negative ties. Reverse ties are found by merging each party's
    /// sorted out-targets with its sorted in-sources.
    /// </summary>
    public static double[] FlowWeights(ReputationGraph g, double reciprocalWeight)
    {
        var flow = new double[g.TieCount];
        for (int u = 0; u < g.NodeCount; u++)
        {
            int slot = g.InStart[u], slotEnd = g.InStart[u + 1];
            for (int e = g.OutStart[u]; e < g.OutStart[u + 1]; e++)
            {
                if (!(g.Evidence[e] > 0)) continue;
                int v = g.TieTarget[e];
                while (slot < slotEnd && g.InSource[slot] < v) slot++;
                bool returned = slot < slotEnd && g.InSource[slot] == v && g.Evidence[g.InTie[slot]] > 0 && !g.Confirmed[e];
                flow[e] = returned ? g.Evidence[e] * reciprocalWeight : g.Evidence[e];
            }
        }
        return flow;
    }

    /// <summary>
    /// B(u) = P(u) + N(u), the evidence a rater's budget is split over; at least <paramref name="floor"/> for a rater
    /// with any evidence (<see cref="ReputationOptions.BudgetFloor"/>; 0 leaves it exactly P + N).
    /// </summary>
    public static double[] Budget(ReputationGraph g, double floor)
    {
        var budget = new double[g.NodeCount];
        for (int u = 0; u < budget.Length; u++)
        {
            double d = g.PositiveOut[u] + g.NegativeOut[u];
            budget[u] = d > 0 && floor > d ? floor : d;
        }
        return budget;
    }

    /// <summary>keep[u] = reliability(u) * F(u) / B(u): the part of u's split budget that walks its ties (F = flow weights, B = <see cref="Budget"/>).</summary>
    public static double[] Keep(WeightedInCsr csr, double[] budget, double[] reliability)
    {
        var keep = new double[csr.NodeCount];
        for (int u = 0; u < keep.Length; u++)
        {
            double total = budget[u];
            keep[u] = total > 0 ? reliability[u] * (csr.OutTotal[u] / total) : 0;
        }
        return keep;
    }

    private static double[] Distrust(ReputationGraph g, double[] budget, double[] trust, double[] reliability, double alpha, int threads)
    {
        var distrust = new double[g.NodeCount];
        Blocks.Run(Blocks.Count(g.NodeCount), threads, b =>
        {
            var (first, last) = Blocks.Range(b, g.NodeCount);
            for (int v = first; v < last; v++)
            {
                double sum = 0;
                for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
                {
                    int t = g.InTie[i];
                    if (!(g.Evidence[t] < 0)) continue;
                    int u = g.InSource[i];
                    sum += (1 - alpha) * trust[u] * reliability[u] * (-g.Evidence[t]) / budget[u];
                }
                distrust[v] = sum;
            }
        });
        return distrust;
    }
}

/// <summary>Trust relative to the average: r = t * (parties with t > 0); level = r / (1 + r), so average trust is 0.5.</summary>
internal static class TrustLevel
{
    public static double[] Of(double[] trust)
    {
        int reached = 0;
        foreach (double t in trust) if (t > 0) reached++;
        var level = new double[trust.Length];
        for (int v = 0; v < trust.Length; v++)
        {
            double r = trust[v] * reached;
            level[v] = r / (1 + r);
        }
        return level;
    }

    /// <summary>
    /// Goodness weight per unit of rating mass under <see cref="GoodnessWeighting.TrustAllocation"/>:
    /// reached * t(u) / max(M(u), floor), M = the rater's evidence mass, so a rater's ratings together weigh its trust
    /// in units of the average party's (a rater at average trust weighs 1 in total, not 0.5 on each rating).
    /// </summary>
    public static double[] Allocation(ReputationGraph g, double[] trust, double floor)
    {
        int reached = 0;
        foreach (double t in trust) if (t > 0) reached++;
        var weight = new double[trust.Length];
        for (int u = 0; u < weight.Length; u++)
        {
            double m = g.MassOut[u];
            if (m > 0 && floor > m) m = floor;
            weight[u] = m > 0 ? trust[u] * reached / m : 0;
        }
        return weight;
    }
}

internal sealed record TrustVectors(
    double[] Trust, double[] Distrust, double[] Net, double[] FirstPass,
    double[] Goodness, double[] Fairness, double[] TieFlow, double[] Restart, double[] Budget, double RestartMass, bool Seeded,
    int FirstPassIterations, int ReliabilityIterations, int SecondPassIterations, double LastChange, long EdgeUpdates,
    double WalkSeconds);

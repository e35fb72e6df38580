namespace TrustLedger.Core.Reputation;

/// <summary>
/// Fairness (how reliable a rater is) and goodness (how well a party is rated), after Kumar, Spezzano,
/// Subrahmanian, Faloutsos, "Edge Weight Prediction in Weighted Signed Networks", ICDM 2016. W is the tie's
/// mean normalized rating in [-1, 1].
/// </summary>
internal static class KumarSignals
{
    /// <summary>
    /// The published algorithm, unsmoothed: g(v) = mean over in-ties of f(u) W(u,v);
    /// f(u) = 1 - mean over out-ties of |W(u,v) - g(v)| / 2. Start f = 1; no in-ties keeps g = 0, no
    /// out-ties keeps f = 1. Each round takes g from the previous f, then f from the new g; stops when
    /// the summed L1 change of both vectors is below the tolerance.
    /// </summary>
    public static (double[] Goodness, double[] Fairness, int Iterations) Plain(ReputationGraph g, double tolerance, int maxIterations, int threads)
    {
        int n = g.NodeCount;
        var fairness = new double[n]; fairness.AsSpan().Fill(1);
        var goodness = new double[n];
        var ones = new double[n]; ones.AsSpan().Fill(1);
        var mass = new double[g.TieCount]; mass.AsSpan().Fill(1);
        return Iterate(g, goodness, fairness, raterWeight: ones, mass, goodnessPrior: 0, fairnessPrior: 0, fairnessPriorMean: 1,
            tolerance, maxIterations, threads);
    }

    /// <summary>
    /// The smoothed variant used by the score. Ratings count with the tie's evidence mass m (kind weight,
    /// decay) and the rater's weight omega (its first-pass trust level, so parties nobody trusted, e.g. a
    /// sybil cluster, move nobody's goodness); pseudo-ratings keep a single rating from making a perfect value:
    /// g(v) = sum omega(u) f(u) m W / (sum omega(u) m + kG);  f(u) = (sum m (1 - |W - g(v)|/2) + kF f0) / (sum m + kF).
    /// </summary>
    public static (double[] Goodness, double[] Fairness, int Iterations) Smoothed(ReputationGraph g, double[] raterWeight,
        ReputationOptions o, int threads)
    {
        int n = g.NodeCount;
        var fairness = new double[n]; fairness.AsSpan().Fill(1);
        return Iterate(g, new double[n], fairness, raterWeight, g.Mass, o.GoodnessPriorWeight, o.FairnessPriorWeight,
            o.FairnessPriorMean, o.Tolerance, o.MaxIterations, threads);
    }

    private static (double[], double[], int) Iterate(ReputationGraph g, double[] goodness, double[] fairness,
        double[] raterWeight, double[] mass, double goodnessPrior, double fairnessPrior, double fairnessPriorMean,
        double tolerance, int maxIterations, int threads)
    {
        int n = g.NodeCount, blocks = Blocks.Count(n);
        var diffPart = new double[blocks];
        InitialGoodness(g, goodness, raterWeight, mass, goodnessPrior);
        var nextG = new double[n];
        var nextF = new double[n];
        int iterations = 0;
        double diff = double.PositiveInfinity;
        while (iterations < maxIterations && !(diff < tolerance))
        {
            double[] f = fairness, gNew = nextG, fNew = nextF, gOld = goodness;
            Blocks.Run(blocks, threads, b =>
            {
                var (s, e) = Blocks.Range(b, n);
                double d = 0;
                for (int v = s; v < e; v++)
                {
                    double num = 0, den = 0;
                    for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
                    {
                        int t = g.InTie[i], u = g.TieSource[t];
                        double weight = raterWeight[u] * mass[t];
                        num += weight * f[u] * g.MeanRating[t];
                        den += weight;
                    }
                    den += goodnessPrior;
                    gNew[v] = den > 0 ? num / den : 0;
                    d += Math.Abs(gNew[v] - gOld[v]);
                }
                diffPart[b] = d;
            });
            diff = Blocks.SumInOrder(diffPart);
            Blocks.Run(blocks, threads, b =>
            {
                var (s, e) = Blocks.Range(b, n);
                double d = 0;
                for (int u = s; u < e; u++)
                {
                    int first = g.OutStart[u], last = g.OutStart[u + 1];
                    if (first == last && fairnessPrior == 0) { fNew[u] = f[u]; continue; }
                    double num = 0, den = 0;
                    for (int t = first; t < last; t++)
                    {
                        num += mass[t] * (1 - Math.Abs(g.MeanRating[t] - gNew[g.TieTarget[t]]) / 2);
                        den += mass[t];
                    }
                    fNew[u] = (num + fairnessPrior * fairnessPriorMean) / (den + fairnessPrior);
                    // A rater nobody listens to (weight 0) cannot hold up convergence, nor change it.
                    d += raterWeight[u] * Math.Abs(fNew[u] - f[u]);
                }
                diffPart[b] = d;
            });
            diff += Blocks.SumInOrder(diffPart);
            (goodness, nextG) = (nextG, goodness);
            (fairness, nextF) = (nextF, fairness);
            iterations++;
        }
        return (goodness, fairness, iterations);
    }

    private static void InitialGoodness(ReputationGraph g, double[] goodness, double[] raterWeight, double[] mass, double prior)
    {
        for (int v = 0; v < g.NodeCount; v++)
        {
            double num = 0, den = 0;
            for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
            {
                int t = g.InTie[i];
                double weight = raterWeight[g.TieSource[t]] * mass[t];
                num += weight * g.MeanRating[t];
                den += weight;
            }
            den += prior;
            goodness[v] = den > 0 ? num / den : 0;
        }
    }
}

namespace TrustLedger.Core.Reputation;

/// <summary>
/// Eigenvector centrality over in-ties weighted by positive evidence, as networkx defines it for directed
/// graphs: x' = x + A^T x (the shift by the identity makes the power iteration converge on bipartite-like
/// structure without changing the eigenvector), scaled to unit Euclidean norm; start uniform; stop when the
/// L1 change is below n * tolerance. Euclidean norms use only IEEE-exact square roots.
/// </summary>
internal static class EigenvectorCentrality
{
    public static (double[] Values, int Iterations) Compute(WeightedInCsr csr, double tolerance, int maxIterations, int threads)
    {
        int n = csr.NodeCount, blocks = Blocks.Count(n);
        if (n == 0) return ([], 0);
        var x = new double[n]; x.AsSpan().Fill(1.0 / n);
        var next = new double[n];
        var part = new double[blocks];
        int iterations = 0;
        double change = double.PositiveInfinity;
        while (iterations < maxIterations && !(change < n * tolerance))
        {
            double[] cur = x, nxt = next;
            Blocks.Run(blocks, threads, b =>
            {
                var (s, e) = Blocks.Range(b, n);
                double squares = 0;
                for (int k = s; k < e; k++) // visiting order (see WeightedInCsr)
                {
                    int v = csr.Order[k];
                    double sum = cur[v];
                    for (int i = csr.Start[k]; i < csr.Start[k + 1]; i++)
                    {
                        int u = csr.Source[i];
                        sum += cur[u] * (csr.Weight is null ? csr.UniformWeight[u] : csr.Weight[i]);
                    }
                    nxt[v] = sum;
                }
                for (int v = s; v < e; v++) squares += nxt[v] * nxt[v];
                part[b] = squares;
            });
            double norm = Math.Sqrt(Blocks.SumInOrder(part));
            if (norm == 0) break;
            Blocks.Run(blocks, threads, b =>
            {
                var (s, e) = Blocks.Range(b, n);
                double d = 0;
                for (int v = s; v < e; v++) { nxt[v] /= norm; d += Math.Abs(nxt[v] - cur[v]); }
                part[b] = d;
            });
            change = Blocks.SumInOrder(part);
            (x, next) = (next, x);
            iterations++;
        }
        return (x, iterations);
    }
}

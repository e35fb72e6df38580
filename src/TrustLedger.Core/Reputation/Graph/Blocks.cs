namespace TrustLedger.Core.Reputation;

/// <summary>
/// Deterministic data parallelism. Nodes are cut into blocks of a fixed size that does not depend on the
/// thread count; each block writes its own partial sums, and partials are added in block order. Any number
/// of threads therefore produces the same bits.
/// </summary>
internal static class Blocks
{
    public const int Size = 1024;

    public static int Count(int n) => (n + Size - 1) / Size;

    public static (int Start, int End) Range(int block, int n) => (block * Size, Math.Min(n, (block + 1) * Size));

    public static void Run(int blockCount, int threads, Action<int> body)
    {
        if (threads <= 1 || blockCount <= 1)
        {
            for (int b = 0; b < blockCount; b++) body(b);
            return;
        }
        Parallel.For(0, blockCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    /// <summary>
    /// A visiting order: within each block, nodes by ascending degree (then index). Loops over consecutive
    /// nodes of equal degree run the same number of times, so loop exits stop being mispredicted; a node's
    /// own sum is unaffected, and callers take cross-node sums in index order.
    /// </summary>
    public static int[] DegreeOrder(ReadOnlySpan<int> degree)
    {
        int n = degree.Length;
        var order = new int[n];
        var keys = new long[Size];
        for (int b = 0; b < Count(n); b++)
        {
            var (first, last) = Range(b, n);
            for (int v = first; v < last; v++) keys[v - first] = ((long)degree[v] << 32) | (uint)v;
            Array.Sort(keys, 0, last - first);
            for (int k = first; k < last; k++) order[k] = (int)(keys[k - first] & 0xFFFFFFFF);
        }
        return order;
    }

    public static int[] DegreeOrderOf(int[] csrStart)
    {
        var degree = new int[csrStart.Length - 1];
        for (int v = 0; v < degree.Length; v++) degree[v] = csrStart[v + 1] - csrStart[v];
        return DegreeOrder(degree);
    }

    public static double SumInOrder(ReadOnlySpan<double> partials)
    {
        double sum = 0;
        foreach (double p in partials) sum += p;
        return sum;
    }
}

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

    public static double SumInOrder(ReadOnlySpan<double> partials)
    {
        double sum = 0;
        foreach (double p in partials) sum += p;
        return sum;
    }
}

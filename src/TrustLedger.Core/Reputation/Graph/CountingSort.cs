namespace TrustLedger.Core.Reputation;

/// <summary>Stable counting sort of item indices by an integer key in [0, n): O(items + n), no comparisons.</summary>
internal static class CountingSort
{
    public static int[] Identity(int count)
    {
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = i;
        return r;
    }

    public static int[] By(int[] key, int[] items, int n)
    {
        var start = new int[n + 1];
        foreach (int i in items) start[key[i] + 1]++;
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        var sorted = new int[items.Length];
        foreach (int i in items) sorted[start[key[i]]++] = i;
        return sorted;
    }

    /// <summary>Orders item indices by (first, second) with two stable passes.</summary>
    public static int[] ByPair(int[] first, int[] second, int count, int n) =>
        By(first, By(second, Identity(count), n), n);
}

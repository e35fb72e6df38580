namespace TrustLedger.Core.Reputation;

/// <summary>A table's parties in canonical order: the ids sorted, and per table index its sorted position.</summary>
internal sealed record CanonicalParties(string[] Sorted, int[] TableIndexAt, int[] Canonical)
{
    /// <summary>The order of <paramref name="ids"/>, of which the first known.Sorted.Length are in <paramref name="known"/>.</summary>
    public static CanonicalParties Merge(CanonicalParties? known, IReadOnlyList<string> ids)
    {
        int old = known?.Sorted.Length ?? 0, added = ids.Count - old;
        var newIds = new string[added];
        var newIndex = new int[added];
        for (int k = 0; k < added; k++) { newIds[k] = ids[old + k]; newIndex[k] = old + k; }
        Array.Sort(newIds, newIndex, PartyOrder.Instance);
        var merged = new string[ids.Count];
        var at = new int[ids.Count];
        int a = 0, b = 0;
        for (int p = 0; p < merged.Length; p++)
        {
            bool takeOld = b == added || (a < old && PartyOrder.Instance.Compare(known!.Sorted[a], newIds[b]) < 0);
            if (takeOld) { merged[p] = known!.Sorted[a]; at[p] = known.TableIndexAt[a++]; }
            else { merged[p] = newIds[b]; at[p] = newIndex[b++]; }
        }
        var canonical = new int[ids.Count];
        for (int p = 0; p < at.Length; p++) canonical[at[p]] = p;
        return new CanonicalParties(merged, at, canonical);
    }
}

namespace TrustLedger.Core.Reputation;

/// <summary>
/// The canonical order of party ids, which fixes node indices and therefore every summation order.
/// Plain non-negative integers (no sign, no leading zero) come first in numeric order; every other id
/// follows in ordinal (byte) order. Numeric first keeps the order transitive when kinds mix.
/// </summary>
public sealed class PartyOrder : IComparer<string>
{
    public static readonly PartyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        bool xNumber = IsPlainInteger(x), yNumber = IsPlainInteger(y);
        if (xNumber != yNumber) return xNumber ? -1 : 1;
        if (xNumber && x.Length != y.Length) return x.Length.CompareTo(y.Length);
        return string.CompareOrdinal(x, y);
    }

    internal static bool IsPlainInteger(string id)
    {
        if (id.Length == 0 || (id.Length > 1 && id[0] == '0')) return false;
        foreach (char c in id) if (c < '0' || c > '9') return false;
        return true;
    }
}

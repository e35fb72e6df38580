namespace TrustLedger.Core.Reputation;

/// <summary>
/// exp2 and ln built only from IEEE-exact operations (+, -, *, /, ScaleB, Floor), so they give the same
/// bits on every machine. Math.Pow/Math.Log call the platform C library, whose last bit differs between
/// glibc, musl, macOS and Windows; scores must not.
/// </summary>
public static class DeterministicMath
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>2^x, relative error below 1e-15.</summary>
    public static double Exp2(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x >= 1024) return double.PositiveInfinity;
        if (x < -1075) return 0;
        double whole = Math.Floor(x);
        double y = (x - whole) * Ln2; // in [0, ln 2)
        // Taylor series of e^y, Horner form; 20 terms reach below 1e-17 on [0, ln 2).
        double sum = 1;
        for (int k = 20; k >= 1; k--) sum = 1 + sum * y / k;
        return Math.ScaleB(sum, (int)whole);
    }

    /// <summary>Natural logarithm of a positive finite number, relative error below 1e-15.</summary>
    public static double Ln(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        int exponent = Math.ILogB(x);
        double mantissa = Math.ScaleB(x, -exponent); // [1, 2)
        if (mantissa > 1.4142135623730951) { mantissa /= 2; exponent++; }
        // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172: the odd series converges fast.
        double s = (mantissa - 1) / (mantissa + 1), s2 = s * s, term = s, sum = 0;
        for (int k = 1; k <= 41; k += 2) { sum += term / k; term *= s2; }
        return exponent * Ln2 + 2 * sum;
    }
}

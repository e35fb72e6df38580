using System.Globalization;
using System.Numerics;

namespace TrustLedger.Core.Rewards;

/// <summary>
/// Token amounts as people write them ("12.5") and as the chain counts them (base units, 18 decimals,
/// 12.5 = 12_500_000_000_000_000_000). Exact both ways: no floating point anywhere.
/// </summary>
public static class TokenAmount
{
    public const int Decimals = 18;

    public static readonly BigInteger Unit = BigInteger.Pow(10, Decimals);

    /// <summary>Largest amount one reward may carry on chain (the token stores it as uint248).</summary>
    public static readonly BigInteger MaxReward = (BigInteger.One << 248) - 1;

    public static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    /// <summary>Whole tokens and up to 18 decimals, no sign or exponent: "10", "0.5", "12.000000000000000001".</summary>
    public static bool TryParse(string? text, out BigInteger units)
    {
        units = BigInteger.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 100) return false;
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (whole.Length == 0 || (dot >= 0 && fraction.Length == 0) || fraction.Length > Decimals) return false;
        if (!whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)) return false;
        units = BigInteger.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture) * Unit
                + (fraction.Length == 0 ? 0 : BigInteger.Parse(fraction.PadRight(Decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture));
        return units <= MaxUInt256;
    }

    public static BigInteger Parse(string text) =>
        TryParse(text, out var units) ? units : throw new FormatException($"'{text}' is not a token amount");

    /// <summary>The shortest exact decimal form: 12.5e18 base units is "12.5", 0 is "0".</summary>
    public static string Format(BigInteger units)
    {
        if (units.Sign < 0) return "-" + Format(-units);
        var whole = BigInteger.DivRem(units, Unit, out var rest);
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (rest.IsZero) return text;
        return text + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0').TrimEnd('0');
    }
}

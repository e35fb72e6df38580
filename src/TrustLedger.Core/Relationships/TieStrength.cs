using System.Globalization;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Relationships;

/// <summary>
/// How strong a relationship is, 0..1, from the evidence both sides recorded (docs/relationships.md):
/// <code>
/// strength = recency * (0.3 * frequency + 0.2 * reciprocity + 0.3 * rating + 0.2 * confirmed)
///   recency     = 2^(-age of the newest evidence / half-life)   the score's own half-life (Reputation:HalfLifeDays)
///   frequency   = n / (n + 2)                                   n = pieces of evidence in force, both directions
///   reciprocity = 1 when both sides vouch for each other, else 0
///   rating      = (mean normalised rating + 1) / 2               5 stars = 1, 1 star = 0.6, a severity-5 report = 0
///   confirmed   = share of the evidence that is a trade both sides confirmed on chain
/// </code>
/// The weights sum to 1, so a tie with fresh, frequent, mutual, top-rated, confirmed evidence nears 1 and
/// one whose evidence is a half-life old counts half.
/// </summary>
public static class TieStrength
{
    public sealed record Inputs(int Evidence, bool Mutual, double MeanRating, int Confirmed, double AgeSeconds, double HalfLifeSeconds)
    {
        public double Recency => HalfLifeSeconds > 0 && double.IsFinite(HalfLifeSeconds)
            ? DeterministicMath.Exp2(-Math.Max(0, AgeSeconds) / HalfLifeSeconds) : 1;
        public double Frequency => Evidence / (Evidence + 2.0);
        public double Reciprocity => Mutual ? 1 : 0;
        public double Rating => (Math.Clamp(MeanRating, -1, 1) + 1) / 2;
        public double ConfirmedShare => Evidence > 0 ? Confirmed / (double)Evidence : 0;
    }

    public static double Of(Inputs x) => x.Evidence == 0 ? 0
        : Math.Clamp(x.Recency * (0.3 * x.Frequency + 0.2 * x.Reciprocity + 0.3 * x.Rating + 0.2 * x.ConfirmedShare), 0, 1);

    /// <summary>strong (0.6 and up), steady (0.35 and up), weak otherwise.</summary>
    public static string Label(double strength) => strength >= 0.6 ? "strong" : strength >= 0.35 ? "steady" : "weak";

    /// <summary>The strength in one plain sentence: what it rests on, without model terms.</summary>
    public static string Explain(Inputs x, string other, double strength)
    {
        var parts = new List<string>
        {
            x.Evidence == 1 ? "1 record" : $"{x.Evidence} records",
            $"the latest {Ago(x.AgeSeconds)}",
            x.Mutual ? "you vouch for each other" : "only one side vouches",
        };
        if (x.Confirmed > 0) parts.Add(x.Confirmed == 1 ? "1 trade confirmed by both sides" : $"{x.Confirmed} trades confirmed by both sides");
        return string.Create(CultureInfo.InvariantCulture,
            $"{Capitalize(Label(strength))} relationship with {other} ({strength:0.00} of 1): {string.Join(", ", parts)}.");
    }

    public static string Ago(double seconds)
    {
        var days = seconds / 86400;
        return days < 1 ? "today" : days < 2 ? "yesterday" : days < 60 ? $"{(int)days} days ago"
            : days < 730 ? $"{(int)(days / 30.4)} months ago" : $"{(int)(days / 365.25)} years ago";
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}

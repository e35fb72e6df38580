using System.Globalization;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Cli.Score;

/// <summary>Human-readable explanation of one party's score: summary, who carries it, who holds it back, next ties.</summary>
internal static class ExplanationWriter
{
    public static void Write(TextWriter w, ReputationResult result, string party)
    {
        var why = result.Explain(party);
        w.WriteLine($"explain {party}: {why.Summary}");
        foreach (var c in why.TopContributors)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  + {c.Party} ({c.TieClass}) carries {c.ShareOfTieTrust:P1} of its tie-borne trust"));
        foreach (var c in why.TopDetractors)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  - {c.Party} accounts for {c.ShareOfTieTrust:P1} of its distrust"));
        foreach (var r in result.Recommend(party))
            w.WriteLine($"  > {r.Reason}");
    }
}

using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Core.Relationships;

/// <summary>Why a tie is at risk, in words, and what to do about it. Reason: fading, one-sided or turning-negative.</summary>
public sealed record TieRisk(string Reason, string Why, string NextStep);

/// <summary>
/// One relationship of a party, seen from that party. Kind is the kind of the tie (bonding, bridging,
/// linking: <see cref="TieKinds"/>, the rule the score uses) or negative when only complaints link them.
/// Direction: mutual, incoming (they vouch for you), outgoing (you vouch for them).
/// </summary>
public sealed record PartyTie(
    string Counterparty, string Kind, double Strength, string StrengthLabel, string Direction,
    int Evidence, int Confirmed, int Complaints, double? AverageStars, long LastEvidenceTime,
    bool AtRisk, IReadOnlyList<TieRisk> Risks, string Summary);

/// <summary>
/// A party's relationships from the reputation board every read serves: strength (<see cref="TieStrength"/>)
/// and the ties likely to be lost, each with its reason and a next step.
/// </summary>
public static class PartyTies
{
    /// <param name="nameOf">how to call a party in sentences (its profile name, or its address)</param>
    public static IReadOnlyList<PartyTie> For(ReputationBoard board, string party, double halfLifeDays, RelationshipSettings settings,
        IReadOnlyList<OpenProposal> openProposals, Func<string, string> nameOf)
    {
        long asOf = board.Result.AsOf;
        double halfLife = halfLifeDays * 86400.0;
        var ties = new List<PartyTie>();
        foreach (var group in RelationshipIndex.For(board).EdgesOf(party)
                     .GroupBy(e => e.Source == party ? e.Target : e.Source, StringComparer.Ordinal))
        {
            var other = group.Key;
            var edges = group.OrderBy(e => e.Time).ToList();
            bool outgoing = edges.Any(e => e.Source == party && e.Rating > 0);
            bool incoming = edges.Any(e => e.Target == party && e.Rating > 0);
            var positive = edges.Where(e => e.Rating > 0).ToList();
            int complaints = edges.Count(e => e.Kind == EdgeKind.NegativeReport);
            int confirmed = edges.Count(e => e.Kind == EdgeKind.ConfirmedReciprocity);
            long last = edges[^1].Time;
            var inputs = new TieStrength.Inputs(edges.Count, outgoing && incoming,
                edges.Average(e => ChainEdges.Scale.Normalize(e.Rating)), confirmed, asOf - last, halfLife);
            double strength = Math.Round(TieStrength.Of(inputs), 4);
            string name = nameOf(other);
            var risks = Risks(party, other, name, asOf, edges, positive, outgoing, incoming, inputs, halfLife, settings,
                openProposals.Where(p => p.Proposer == other || p.Counterparty == other).ToList());
            ties.Add(new PartyTie(other, Kind(board, party, other, incoming, outgoing), strength, TieStrength.Label(strength),
                outgoing && incoming ? "mutual" : incoming ? "incoming" : "outgoing",
                edges.Count, confirmed, complaints, positive.Count > 0 ? Math.Round(positive.Average(e => e.Rating), 2) : null, last,
                risks.Count > 0, risks, TieStrength.Explain(inputs, name, strength)));
        }
        return [.. ties.OrderByDescending(t => t.Strength).ThenBy(t => t.Counterparty, StringComparer.Ordinal)];
    }

    /// <summary>The tie's kind by the score's own rule: of the tie that lends the party standing (they to it), else of its own tie to them.</summary>
    private static string Kind(ReputationBoard board, string party, string other, bool incoming, bool outgoing) =>
        incoming ? board.Result.TieKind(other, party).Name()
        : outgoing ? board.Result.TieKind(party, other).Name()
        : "negative";

    private static List<TieRisk> Risks(string party, string other, string name, long asOf, List<Edge> edges, List<Edge> positive,
        bool outgoing, bool incoming, TieStrength.Inputs inputs, double halfLife, RelationshipSettings settings, List<OpenProposal> open)
    {
        var risks = new List<TieRisk>();
        if (halfLife > 0 && double.IsFinite(halfLife) && inputs.AgeSeconds > settings.FadingShareOfHalfLife * halfLife)
            risks.Add(new("fading",
                $"Nothing new with {name} since {TieStrength.Ago(inputs.AgeSeconds)}; older evidence counts less every month.",
                $"Record your next piece of work together: propose a reciprocity event for it, so {name} can confirm it."));

        if (open.FirstOrDefault(p => p.Proposer == party) is { } mine)
            risks.Add(new("one-sided",
                $"You proposed a shared event to {name} {TieStrength.Ago(asOf - mine.Time)}; {name} has not confirmed it.",
                $"Remind {name} to confirm event {mine.Uid}: once confirmed it counts twice."));
        else if (open.FirstOrDefault(p => p.Proposer == other) is { } theirs)
            risks.Add(new("one-sided",
                $"{name} proposed a shared event to you that you have not confirmed.",
                $"If it happened, confirm event {theirs.Uid}: it then counts for both of you."));
        else if (outgoing && !incoming)
            risks.Add(new("one-sided",
                $"You vouch for {name}; {name} has never vouched for you.",
                $"Ask {name} to endorse you, or propose a reciprocity event for a trade you did together."));
        else if (incoming && !outgoing)
            risks.Add(new("one-sided",
                $"{name} vouches for you; you have not returned it.",
                $"If the work was good, endorse {name} or confirm a trade you did together."));

        var complaint = edges.LastOrDefault(e => e.Kind == EdgeKind.NegativeReport);
        if (complaint.Source is not null)
            risks.Add(new("turning-negative",
                complaint.Source == party ? $"You filed a complaint about {name}." : $"{name} filed a complaint about you.",
                $"Talk to {name} about what went wrong; once it is resolved, a fresh rating shows it."));
        else if (positive.Count >= 2 && positive.Take(positive.Count - 1).Average(e => e.Rating) - positive[^1].Rating >= settings.NegativeDropStars)
            risks.Add(new("turning-negative",
                $"The latest rating between you and {name} ({positive[^1].Rating:0} of 5) is well below the earlier ones.",
                $"Ask {name} what changed before the relationship cools further."));
        return risks;
    }
}

using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Scoreboard;

public sealed record Breakdown(double Bonding, double Bridging, double Linking);

public sealed record Contributor(string Party, double Amount, double Share, string Tie);

public sealed record Signals(
    double Trust, double Distrust, double PageRank, double Goodness, double Fairness, double SmoothedGoodness, double SmoothedFairness,
    int InDegree, int OutDegree, double Betweenness, double Eigenvector, double Constraint, double EffectiveSize);

/// <summary>A snapshot reference: the on-chain root this score is committed to, and the proof.</summary>
public sealed record SnapshotReference(long Epoch, string Root, string Contract, long ChainId, object Leaf, IReadOnlyList<string> Proof, long LeafIndex);

/// <summary>The answer to "can I trust this supplier?".</summary>
public sealed record ReputationView(
    string Address,
    double Score,
    int Rank,
    double Percentile,
    double Confidence,
    Evidence Evidence,
    Breakdown Breakdown,
    IReadOnlyList<Contributor> TopContributors,
    IReadOnlyList<Contributor> TopDetractors,
    int Community,
    long AsOfBlock,
    long AsOfTime,
    string ScoreVersion,
    bool SybilResistant,
    string Summary,
    Signals Signals,
    SnapshotReference? Snapshot = null,
    IReadOnlyList<SourcedEvidence>? ExternalEvidence = null,
    string? Viewer = null,
    bool NetworkComputed = true,
    long? NetworkAsOfBlock = null)
{
    public static ReputationView Of(ReputationBoard board, PartyReputation p)
    {
        var why = board.Result.Explain(p.Party);
        // On a board carried from an earlier block's pass, a party new since has no figures (community -1 there).
        bool network = board.HasNetwork && p.Community >= 0;
        return new ReputationView(
            p.Party, Math.Round(p.Score, 2), p.Rank, Math.Round(p.Percentile, 2), Math.Round(p.Confidence, 4),
            board.Evidence.GetValueOrDefault(p.Party) ?? new Evidence(0, 0, 0, 0),
            new Breakdown(p.Shares.Bonding, p.Shares.Bridging, p.Shares.Linking),
            [.. why.TopContributors.Select(c => new Contributor(c.Party, c.Amount, c.ShareOfTieTrust, c.TieClass))],
            [.. why.TopDetractors.Select(c => new Contributor(c.Party, c.Amount, c.ShareOfTieTrust, c.TieClass))],
            network ? p.Community : -1, board.AsOfBlock, board.Result.AsOf, ReputationSettings.ScoreVersion, board.Result.SybilResistant, why.Summary,
            new Signals(p.Trust, p.Distrust, Known(p.PageRank), Known(p.Goodness), Known(p.Fairness), p.SmoothedGoodness, p.SmoothedFairness,
                p.InDegree, p.OutDegree, Known(p.Betweenness), Known(p.Eigenvector), Known(p.Constraint), Known(p.EffectiveSize)),
            ExternalEvidence: board.Sourced.GetValueOrDefault(p.Party) ?? [], NetworkComputed: network,
            NetworkAsOfBlock: network ? board.NetworkAsOfBlock : null);
    }

    /// <summary>
    /// A board published from trust alone has no SNA figures yet (NaN, which JSON cannot carry): 0 there, community -1,
    /// networkComputed false and networkAsOfBlock null until an SNA pass completes the board (ReputationRefresher).
    /// networkComputed true means this party's network figures are present: networkAsOfBlock = asOfBlock when the
    /// board's own pass computed them, an earlier block when they are carried from that block's pass (score, rank,
    /// percentile, trust, distrust, evidence and contributors are always asOfBlock's; confidence and breakdown are
    /// asOfBlock's ties read with the carried communities). A party that did not exist at networkAsOfBlock has none:
    /// 0s, community -1, networkComputed false, networkAsOfBlock null.
    /// </summary>
    private static double Known(double value) => double.IsNaN(value) ? 0 : value;
}

public sealed record RankedParty(string Address, string? Name, double Score, int Rank, double Percentile, double Confidence);

public sealed record RankedPage(IReadOnlyList<RankedParty> Items, string? NextCursor, long AsOfBlock, bool SybilResistant);

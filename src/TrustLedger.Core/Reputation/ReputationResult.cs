namespace TrustLedger.Core.Reputation;

/// <summary>
/// One party's reputation and the raw signals behind it.
/// Score 0-100 (see ScoreMapping), Rank 1 = best, Percentile 0-100, Confidence 0-1.
/// PageRank, Goodness and Fairness are the plain, checkable definitions; SmoothedGoodness/SmoothedFairness
/// the variants the score uses. Trust is the party's global trust (sums to 1 over all parties), Distrust the
/// one-hop negative evidence against it, NetTrust = max(0, Trust - Distrust).
/// </summary>
public sealed record PartyReputation(
    string Party, double Score, int Rank, double Percentile, double Confidence,
    double Trust, double Distrust, double NetTrust,
    double PageRank, double Goodness, double Fairness, double SmoothedGoodness, double SmoothedFairness,
    int InDegree, int OutDegree, double Betweenness, double Eigenvector, double Constraint, double EffectiveSize,
    int Community, TieShares Shares);

/// <summary>A tie's share of a party's trust: who gave it and how much (see Contributions).</summary>
public sealed record Contribution(string Party, double Amount, double ShareOfTieTrust, string TieClass);

/// <summary>Why a party has its score.</summary>
public sealed record ReputationExplanation(string Party, double Score, TieShares Shares,
    IReadOnlyList<Contribution> TopContributors, IReadOnlyList<Contribution> TopDetractors, double SeedShare, string Summary);

/// <summary>
/// How the computation went; timings are wall-clock and the only non-deterministic numbers. TrustSeconds is
/// the whole global-trust stage (both walks, reliability, distrust); WalkSeconds the two walks inside it.
/// </summary>
public sealed record ComputationStats(int FirstPassIterations, int ReliabilityIterations, int SecondPassIterations,
    double LastChange, long EdgeUpdates, int PageRankIterations, int KumarIterations,
    double TrustSeconds, double WalkSeconds, double SignalSeconds, double NetworkSeconds)
{
    /// <summary>Throughput of the trust walks alone: tie visits per second inside the power iterations.</summary>
    public double EdgeUpdatesPerSecond => WalkSeconds > 0 ? EdgeUpdates / WalkSeconds : 0;
}

/// <summary>Trust of a region, the trust entering it through ties per step, and the bound inflow / alpha (infinite if it holds a seed).</summary>
public sealed record RegionTrust(double Total, double Inflow, double Bound);

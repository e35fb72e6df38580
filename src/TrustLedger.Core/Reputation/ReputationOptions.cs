namespace TrustLedger.Core.Reputation;

/// <summary>How a rating counts in the smoothed goodness (see <see cref="ReputationOptions.GoodnessWeighting"/>).</summary>
public enum GoodnessWeighting { TrustLevel, TrustAllocation }

/// <summary>Which parties a percentile is taken among (see <see cref="ReputationOptions.PercentileBase"/>).</summary>
public enum PercentileBase { AllParties, Trusted }

/// <summary>Maps a platform's rating scale linearly onto [-1, 1] (Min to -1, midpoint to 0, Max to +1).</summary>
public sealed record RatingScale(double Min, double Max)
{
    /// <summary>SNAP soc-sign-bitcoin scale: -10..10, so a rating r becomes r / 10.</summary>
    public static readonly RatingScale PlusMinusTen = new(-10, 10);

    /// <summary>Stars 1..5: 1 becomes -1, 3 becomes 0, 5 becomes +1.</summary>
    public static readonly RatingScale OneToFive = new(1, 5);

    public double Normalize(double rating)
    {
        double w = (2 * (rating - Min) / (Max - Min)) - 1;
        return Math.Clamp(w, -1, 1);
    }
}

/// <summary>Everything that shapes a score. The defaults are the documented model (docs/reputation.md).</summary>
public sealed record ReputationOptions
{
    /// <summary>Pre-trusted parties the random walk restarts to. Empty: uniform restart, flagged as not sybil-resistant.</summary>
    public IReadOnlyCollection<string> Seeds { get; init; } = [];

    /// <summary>Restart probability of the trust walk. Also sets the sybil bound factor (1 - alpha) / alpha.</summary>
    public double Alpha { get; init; } = 0.15;

    /// <summary>Evaluate the chain state at this time (unix seconds, e.g. a block timestamp). Null: latest edge time.</summary>
    public long? AsOf { get; init; }

    /// <summary>Half-life of evidence in days; 0 or infinity turns decay off.</summary>
    public double HalfLifeDays { get; init; } = 730;

    public RatingScale Scale { get; init; } = RatingScale.PlusMinusTen;

    public double EndorsementWeight { get; init; } = 1.0;
    public double ConfirmedReciprocityWeight { get; init; } = 2.0;
    public double NegativeReportWeight { get; init; } = 1.0;

    /// <summary>Share of a positive tie's trust that flows when the subject rates the rater positively too (mutual praise).</summary>
    public double ReciprocalTieWeight { get; init; } = 0.5;

    /// <summary>Global trust stops when the L1 change of the whole trust vector falls below this.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Convergence for the checkable signals (plain PageRank, plain Kumar), tighter so they match references to 1e-9.</summary>
    public double SignalTolerance { get; init; } = 1e-13;

    public int MaxIterations { get; init; } = 10_000;

    /// <summary>Pseudo-ratings of value 0 added to every party's goodness, so one rating cannot make a perfect score.</summary>
    public double GoodnessPriorWeight { get; init; } = 1.0;

    /// <summary>Pseudo-ratings of fairness <see cref="FairnessPriorMean"/> added to every rater.</summary>
    public double FairnessPriorWeight { get; init; } = 1.0;
    public double FairnessPriorMean { get; init; } = 0.5;

    /// <summary>Net trust, in units of the average party's trust, at which the standing factor of the score is one half.</summary>
    public double StandingHalfTrust { get; init; } = 0.1;

    /// <summary>Effective independent raters at which confidence reaches one half (before the diversity factor).</summary>
    public double ConfidenceHalfRaters { get; init; } = 3.0;

    /// <summary>A tie is "linking" when the other party's percentile is at least this many points higher.</summary>
    public double LinkingPercentileGap { get; init; } = 25.0;

    public int TopContributors { get; init; } = 5;

    /// <summary>Exact Brandes betweenness while nodes * ties stays below this; otherwise source sampling.</summary>
    public double BetweennessExactMaxWork { get; init; } = 2e9;
    public int BetweennessSamples { get; init; } = 512;

    /// <summary>Failure probability of the stated sampled-betweenness error bound.</summary>
    public double BetweennessDelta { get; init; } = 0.05;

    public ulong RandomSeed { get; init; } = 20160101;
    public double CommunityResolution { get; init; } = 1.0;

    /// <summary>How many key players (highest betweenness) the resilience check removes.</summary>
    public int ResilienceTopK { get; init; } = 10;

    /// <summary>Compute the social-network metrics (betweenness, communities, ...). Off: trust and signals only.</summary>
    public bool NetworkMetrics { get; init; } = true;

    /// <summary>
    /// Compute the checkable signals (plain PageRank, plain Kumar goodness and fairness). Off: they are NaN; no score,
    /// rank or confidence reads them, so a board can be published from trust alone and completed later.
    /// </summary>
    public bool Signals { get; init; } = true;

    /// <summary>
    /// How a rating counts in the smoothed goodness. TrustLevel (default, scoring version 1's rule): the rater's
    /// pass-1 trust level r / (1 + r), r in units of the average party's, on every one of its ratings, so a rater at a
    /// few times the average counts fully on each, however many it makes: a sybil region reached by one attack edge
    /// smears honest parties' goodness at full weight. TrustAllocation: a rating weighs the trust its rater puts behind
    /// it, reached * t1(u) * m(u,v) / max(M(u), BudgetFloor) (M = the rater's evidence mass), so all of a rater's
    /// ratings together weigh its own trust and the sybil region's pull on goodness is bounded by its trust, like the walk.
    /// </summary>
    public GoodnessWeighting GoodnessWeighting { get; init; } = GoodnessWeighting.TrustLevel;

    /// <summary>
    /// Minimum of a rater's budget denominator P(u) + N(u) (evidence units; 0 = none, the default). A rater with less
    /// evidence than this passes on only evidence / floor of its walking mass, the rest restarts at the seeds; applies to
    /// walk, distrust, contributions and the allocation weights. Why: without it one fresh attack edge from a rater
    /// whose other ratings are old carries almost its whole budget (decay shrinks the denominator); with floor B the
    /// sybil region's trust is bounded by (1-a)/a * sum over attack edges of t(u) f(u) min(share, 1/B).
    /// </summary>
    public double BudgetFloor { get; init; } = 0;

    /// <summary>
    /// AllParties (default): percentile = 100 * (parties strictly lower) / (n - 1) over every party. Trusted: among
    /// the parties with trust > 0 only; the others get percentile 0. Without it, a flood of parties nobody trusts
    /// (score 0) lifts every honest party's displayed percentile (measured: a flagged fraudster 66.5 -> 96.4 with no
    /// attack edge at all). Ranks are unchanged.
    /// </summary>
    public PercentileBase PercentileBase { get; init; } = PercentileBase.AllParties;

    /// <summary>Threads used; results are bit-identical for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal double KindWeight(EdgeKind kind) => kind switch
    {
        EdgeKind.ConfirmedReciprocity => ConfirmedReciprocityWeight,
        EdgeKind.NegativeReport => NegativeReportWeight,
        _ => EndorsementWeight,
    };

    internal void Validate()
    {
        if (!(Alpha > 0 && Alpha < 1)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "alpha must be in (0, 1)");
        if (!(Scale.Max > Scale.Min)) throw new ArgumentException("rating scale needs Max > Min", nameof(Scale));
        if (!(Tolerance > 0) || !(SignalTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance));
        if (HalfLifeDays < 0 || double.IsNaN(HalfLifeDays)) throw new ArgumentOutOfRangeException(nameof(HalfLifeDays));
        if (!(BudgetFloor >= 0) || double.IsInfinity(BudgetFloor)) throw new ArgumentOutOfRangeException(nameof(BudgetFloor), BudgetFloor, "budget floor must be finite and >= 0");
        if (!Enum.IsDefined(GoodnessWeighting)) throw new ArgumentOutOfRangeException(nameof(GoodnessWeighting));
        if (!Enum.IsDefined(PercentileBase)) throw new ArgumentOutOfRangeException(nameof(PercentileBase));
        if (MaxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism));
        if (!(ReciprocalTieWeight >= 0 && ReciprocalTieWeight <= 1)) throw new ArgumentOutOfRangeException(nameof(ReciprocalTieWeight));
        if (GoodnessPriorWeight < 0 || FairnessPriorWeight < 0) throw new ArgumentOutOfRangeException(nameof(GoodnessPriorWeight));
    }
}

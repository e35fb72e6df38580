namespace TrustLedger.Core.Reputation;

/// <summary>
/// The attestation graph at one as-of time, in canonical order: parties sorted by <see cref="PartyOrder"/>,
/// one tie per ordered pair (all active edges of the pair aggregated), CSR arrays both ways.
/// Everything downstream iterates these arrays in index order, which is what makes results bit-identical.
/// </summary>
public sealed partial class ReputationGraph
{
    private readonly Dictionary<string, int> _index;

    private ReputationGraph(string[] parties, long asOf, int[] tieSource, int[] tieTarget,
        double[] evidence, double[] mass, double[] meanRating, (int Tie, double Plain)[] plainOfGroups, bool[] confirmed, EdgeCounts counts)
    {
        Parties = parties;
        AsOf = asOf;
        TieTarget = tieTarget; // a tie's source is implied by OutStart: ties run by source
        Evidence = evidence; Mass = mass; MeanRating = meanRating; _plainOfGroups = plainOfGroups; Confirmed = confirmed;
        Counts = counts;
        int n = parties.Length, m = tieSource.Length;
        _index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++) _index.Add(parties[i], i);

        OutStart = new int[n + 1];
        foreach (int s in tieSource) OutStart[s + 1]++;
        for (int i = 0; i < n; i++) OutStart[i + 1] += OutStart[i];
        // In-CSR: stable counting sort of ties by target keeps sources ascending within a target.
        InStart = new int[n + 1];
        foreach (int t in tieTarget) InStart[t + 1]++;
        for (int i = 0; i < n; i++) InStart[i + 1] += InStart[i];
        InTie = new int[m];
        InSource = new int[m];
        var next = InStart.AsSpan(0, n).ToArray();
        for (int e = 0; e < m; e++) { int slot = next[tieTarget[e]]++; InTie[slot] = e; InSource[slot] = tieSource[e]; }

        PositiveOut = new double[n]; NegativeOut = new double[n]; MassOut = new double[n];
        for (int e = 0; e < m; e++)
        {
            double w = evidence[e];
            MassOut[tieSource[e]] += mass[e];
            if (w > 0) PositiveOut[tieSource[e]] += w; else if (w < 0) NegativeOut[tieSource[e]] -= w;
        }
    }

    /// <summary>Party ids in canonical order; a party's index is its position here.</summary>
    public IReadOnlyList<string> Parties { get; }
    public int NodeCount => Parties.Count;
    public int TieCount => TieTarget.Length;

    /// <summary>The time the edges were evaluated at (unix seconds).</summary>
    public long AsOf { get; }
    public EdgeCounts Counts { get; }

    internal int[] TieTarget { get; }
    /// <summary>Signed evidence of a tie: sum over its edges of kind weight * decay * normalized rating.</summary>
    internal double[] Evidence { get; }
    /// <summary>Evidence mass of a tie: sum of kind weight * decay.</summary>
    internal double[] Mass { get; }
    /// <summary>Mass-weighted mean normalized rating of a tie, in [-1, 1] (Kumar's W).</summary>
    internal double[] MeanRating { get; }
    /// <summary>True when one of the tie's edges is a ConfirmedReciprocity event (exempt from the reciprocity discount).</summary>
    internal bool[] Confirmed { get; }
    /// <summary>
    /// Per tie: the sum of normalized ratings, without kind weights or decay (the plain PageRank weight).
    /// Made on demand (only plain PageRank reads it): a one-edge tie's is its rating, which is its mean;
    /// only ties of several edges keep theirs, so the graph does not carry 8 more bytes a tie.
    /// </summary>
    internal double[] PlainWeights()
    {
        var plain = (double[])MeanRating.Clone();
        foreach (var (tie, value) in _plainOfGroups) plain[tie] = value;
        return plain;
    }

    private readonly (int Tie, double Plain)[] _plainOfGroups;
    internal int[] OutStart { get; }
    internal int[] InStart { get; }
    internal int[] InTie { get; }
    /// <summary>Source of each in-slot (the source of tie InTie[i]), so pull loops stream instead of jumping.</summary>
    internal int[] InSource { get; }
    /// <summary>Per rater: total positive and negative evidence it gave (its trust budget is split over both).</summary>
    internal double[] PositiveOut { get; }
    internal double[] NegativeOut { get; }
    /// <summary>Per rater: total evidence mass it gave (kind weight * decay over its ties), what its goodness weight is spread over.</summary>
    internal double[] MassOut { get; }

    private TrustTopology? _trustTopology;
    private int[]? _inVisitOrder, _outVisitOrder;

    /// <summary>Visiting orders for pull loops over in-ties and out-ties (see Blocks.DegreeOrder).</summary>
    internal int[] InVisitOrder => _inVisitOrder ??= Blocks.DegreeOrderOf(InStart);
    internal int[] OutVisitOrder => _outVisitOrder ??= Blocks.DegreeOrderOf(OutStart);

    /// <summary>
    /// Flow weights and the pull CSR of the trust walk for a reciprocity discount. Part of the build (it is
    /// graph structure); cached, and rebuilt only if asked for a different discount.
    /// </summary>
    internal TrustTopology TrustTopologyFor(double reciprocalWeight)
    {
        var cached = _trustTopology;
        if (cached is not null && cached.ReciprocalWeight == reciprocalWeight) return cached;
        var flow = GlobalTrust.FlowWeights(this, reciprocalWeight);
        return _trustTopology = new TrustTopology(reciprocalWeight, flow, WeightedInCsr.Build(this, flow));
    }

    /// <summary>Index of the tie source -> target, or -1 (binary search in the source's sorted out-ties).</summary>
    internal int FindTie(int source, int target)
    {
        int i = Array.BinarySearch(TieTarget, OutStart[source], OutStart[source + 1] - OutStart[source], target);
        return i >= 0 ? i : -1;
    }

    /// <summary>The rater of a tie: the node whose out-range holds it (binary search in OutStart; for explanations, not loops).</summary>
    internal int SourceOf(int tie)
    {
        int i = Array.BinarySearch(OutStart, tie);
        if (i < 0) return ~i - 1;
        while (OutStart[i + 1] == tie) i++; // nodes without out-ties share a start: the tie is the next node's first
        return i;
    }

    public int IndexOf(string party) => _index.TryGetValue(party, out int i) ? i : -1;

    public int InDegree(int node) => InStart[node + 1] - InStart[node];
    public int OutDegree(int node) => OutStart[node + 1] - OutStart[node];
}

/// <summary>What happened to the input edges while building the graph.</summary>
public readonly record struct EdgeCounts(int Input, int Active, int Inactive, int SelfLoops, int Ties);

internal sealed record TrustTopology(double ReciprocalWeight, double[] Flow, WeightedInCsr Csr);

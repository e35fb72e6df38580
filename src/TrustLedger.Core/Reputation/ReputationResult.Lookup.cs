using System.Globalization;

namespace TrustLedger.Core.Reputation;

/// <summary>Every party's reputation at one as-of time, addressable by party id, with explanations on demand.</summary>
public sealed partial class ReputationResult
{
    private readonly ReputationGraph _graph;
    private readonly TrustVectors _trust;
    private readonly NetworkMetrics _network;
    private readonly double[] _percentile;
    private readonly ReputationOptions _options;
    private readonly PartyReputation[] _parties;

    internal ReputationResult(ReputationGraph graph, TrustVectors trust, NetworkMetrics network, double[] percentile,
        PartyReputation[] parties, ReputationOptions options, IReadOnlyList<string> warnings, ComputationStats stats)
    {
        _graph = graph; _trust = trust; _network = network; _percentile = percentile;
        _parties = parties; _options = options;
        Warnings = warnings; Stats = stats;
    }

    /// <summary>False when no seed was given (or none is known): uniform restart, which sybils can game.</summary>
    public bool SybilResistant => _trust.Seeded;
    public long AsOf => _graph.AsOf;
    public EdgeCounts Edges => _graph.Counts;
    public IReadOnlyList<string> Warnings { get; }
    public ComputationStats Stats { get; }
    /// <summary>Null when ReputationOptions.NetworkMetrics is off.</summary>
    public NetworkSummary? Network => _network.Summary;

    /// <summary>All parties in canonical id order (see PartyOrder).</summary>
    public IReadOnlyList<PartyReputation> Parties => _parties;

    public PartyReputation this[string party] =>
        TryGet(party, out var r) ? r : throw new KeyNotFoundException($"unknown party '{party}'");

    public bool TryGet(string party, out PartyReputation reputation)
    {
        int i = _graph.IndexOf(party);
        reputation = i >= 0 ? _parties[i] : null!;
        return i >= 0;
    }

    /// <summary>Parties best first (rank 1, 2, ...).</summary>
    public IEnumerable<PartyReputation> Ranked() => _parties.OrderBy(p => p.Rank);

    public ReputationExplanation Explain(string party)
    {
        int v = Index(party);
        var contributors = new List<(int Tie, double Amount)>();
        var detractors = new List<(int Tie, double Amount)>();
        double positiveTotal = 0, negativeTotal = 0;
        for (int i = _graph.InStart[v]; i < _graph.InStart[v + 1]; i++)
        {
            int tie = _graph.InTie[i];
            double amount = Contributions.Of(_graph, _trust, _options.Alpha, i);
            if (amount == 0) continue;
            if (_graph.Evidence[tie] > 0) { contributors.Add((tie, amount)); positiveTotal += amount; }
            else if (_graph.Evidence[tie] < 0) { detractors.Add((tie, amount)); negativeTotal += amount; }
        }
        var top = Top(contributors, positiveTotal, v, negative: false);
        var against = Top(detractors, negativeTotal, v, negative: true);
        double seedShare = _trust.Trust[v] > 0 ? _trust.Restart[v] * _trust.RestartMass / _trust.Trust[v] : 0;
        var p = _parties[v];
        double removedShare = _trust.Trust[v] > 0 ? Math.Min(1, p.Distrust / _trust.Trust[v]) : 0;
        string caveat = SybilResistant ? "" : " No seeds were given: this score is not sybil-resistant.";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{party}: score {p.Score:0.##} (rank {p.Rank}, percentile {p.Percentile:0.#}, confidence {p.Confidence:0.##}). {contributors.Count} trusted ratings carry {Pct(1 - seedShare)} of its trust (bonding {Pct(p.Shares.Bonding)}, bridging {Pct(p.Shares.Bridging)}, linking {Pct(p.Shares.Linking)}); {detractors.Count} negative ratings remove {Pct(removedShare)}.{caveat}");
        return new ReputationExplanation(party, p.Score, p.Shares, top, against, seedShare, summary);
    }

    /// <summary>Suggested new ties that would bridge structural holes (empty without network metrics).</summary>
    public IReadOnlyList<Recommendation> Recommend(string party, int count = 3)
    {
        int v = Index(party);
        if (_network.Adjacency is null) return [];
        return Recommendations.For(v, _network.Adjacency, _network.Community, _trust.Net, _graph.Parties, count);
    }

    /// <summary>
    /// Trust held by a set of parties (e.g. a suspected sybil cluster) and the model's bound on it. With no
    /// seed inside the region, at the fixed point total &lt;= inflow / alpha, where inflow is the trust that
    /// walks the ties entering the region from outside in one step: (1 - alpha) * sum over attack ties (u, s)
    /// of t(u) * fairness(u) * flow(u, s) / (P(u) + N(u)). Each attack tie adds at most (1 - alpha) / alpha
    /// times its rater's trust. (The computed vector is within the convergence tolerance of the fixed point.)
    /// </summary>
    public RegionTrust RegionTrust(IEnumerable<string> region)
    {
        var inside = new bool[_graph.NodeCount];
        foreach (string party in region) inside[Index(party)] = true;
        double total = 0, inflow = 0;
        bool seeded = false;
        for (int v = 0; v < inside.Length; v++)
        {
            if (!inside[v]) continue;
            total += _trust.Trust[v];
            seeded |= _trust.Restart[v] > 0;
            for (int i = _graph.InStart[v]; i < _graph.InStart[v + 1]; i++)
            {
                int tie = _graph.InTie[i];
                if (_graph.Evidence[tie] > 0 && !inside[_graph.InSource[i]]) inflow += Contributions.Of(_graph, _trust, _options.Alpha, i);
            }
        }
        return new RegionTrust(total, inflow, seeded ? double.PositiveInfinity : inflow / _options.Alpha);
    }

    private IReadOnlyList<Contribution> Top(List<(int Tie, double Amount)> items, double total, int v, bool negative)
    {
        items.Sort((a, b) => b.Amount != a.Amount ? b.Amount.CompareTo(a.Amount) : a.Tie.CompareTo(b.Tie));
        var result = new List<Contribution>();
        foreach (var (tie, amount) in items.Take(_options.TopContributors))
        {
            int u = _graph.SourceOf(tie);
            string tieClass = negative ? "negative" : Kind(u, v).Name();
            result.Add(new Contribution(_graph.Parties[u], amount, amount / total, tieClass));
        }
        return result;
    }

    /// <summary>
    /// The kind of the tie <paramref name="rater"/> -> <paramref name="party"/> (see <see cref="TieKinds"/>):
    /// what the graph draws and the explanation names, so both always agree.
    /// </summary>
    public TieKind TieKind(string rater, string party) => Kind(Index(rater), Index(party));

    private TieKind Kind(int rater, int party) =>
        TieKinds.Of(_percentile[rater], _percentile[party], _network.Community[rater], _network.Community[party], _options.LinkingPercentileGap);

    private int Index(string party)
    {
        int v = _graph.IndexOf(party);
        return v >= 0 ? v : throw new KeyNotFoundException($"unknown party '{party}'");
    }

    private static string Pct(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

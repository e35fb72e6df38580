namespace TrustLedger.Core.Reputation;

public sealed partial class ReputationResult
{
    /// <summary>
    /// This result (trust alone: run without network metrics and signals) completed with the network figures of
    /// <paramref name="earlier"/>, a full run on an earlier graph, matched by party id: plain PageRank, goodness and
    /// fairness, betweenness, eigenvector, constraint, effective size, community, and the whole-network summary (as of
    /// the earlier graph). Everything the trust pass gives (score, rank, percentile, trust, distrust, degrees) stays
    /// this result's. A party unknown to <paramref name="earlier"/> has no figures: NaN metrics and community -1 in its
    /// <see cref="PartyReputation"/> (inside, a community of its own, as without network metrics).
    /// <para>
    /// Confidence and tie shares are computed again here on this graph and trust with the carried communities, not
    /// kept from the trust pass: the trust pass puts every party in a community of its own, so its diversity and
    /// bonding/bridging split describe no network at all, while communities move slowly between blocks; and the
    /// explanation's tie classes (<see cref="Explain"/>, <see cref="TieKind"/>) read the same carried communities, so the
    /// breakdown and the contributors keep agreeing (<see cref="TieKinds"/>). The positive adjacency is built from this
    /// graph, so recommendations name ties that exist now.
    /// </para>
    /// </summary>
    internal ReputationResult WithNetworkOf(ReputationResult earlier)
    {
        if (earlier.Network is null) throw new ArgumentException("the earlier result has no network metrics", nameof(earlier));
        int n = _graph.NodeCount;
        var from = earlier._network;
        var betweenness = new double[n];
        var eigenvector = new double[n];
        var constraint = new double[n];
        var effectiveSize = new double[n];
        var community = new int[n];
        var known = new int[n];
        int unused = 0;
        foreach (int c in from.Community) unused = Math.Max(unused, c + 1);
        for (int v = 0; v < n; v++)
        {
            int w = known[v] = earlier._graph.IndexOf(_graph.Parties[v]);
            if (w >= 0)
            {
                betweenness[v] = from.Betweenness[w]; eigenvector[v] = from.Eigenvector[w];
                constraint[v] = from.Constraint[w]; effectiveSize[v] = from.EffectiveSize[w];
                community[v] = from.Community[w];
            }
            else
            {
                betweenness[v] = eigenvector[v] = constraint[v] = effectiveSize[v] = double.NaN;
                community[v] = unused++;
            }
        }
        var network = new NetworkMetrics(PositiveAdjacency.Build(_graph, _graph.Evidence), betweenness, eigenvector, constraint, effectiveSize, community, from.Summary);
        var (shares, confidence) = Contributions.Summarize(_graph, _trust, _percentile, community, _options);
        var parties = new PartyReputation[n];
        for (int v = 0; v < n; v++)
        {
            var old = known[v] >= 0 ? earlier._parties[known[v]] : null;
            parties[v] = _parties[v] with
            {
                Confidence = confidence[v], Shares = shares[v],
                PageRank = old?.PageRank ?? double.NaN, Goodness = old?.Goodness ?? double.NaN, Fairness = old?.Fairness ?? double.NaN,
                Betweenness = betweenness[v], Eigenvector = eigenvector[v], Constraint = constraint[v], EffectiveSize = effectiveSize[v],
                Community = old is null ? -1 : community[v],
            };
        }
        return new ReputationResult(_graph, _trust, network, _percentile, parties, _options, Warnings, Stats);
    }
}

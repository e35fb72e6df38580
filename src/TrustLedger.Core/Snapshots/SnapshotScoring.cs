using TrustLedger.Core.Attestations;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Snapshots;

/// <summary>The leaves of one snapshot and what they were computed from.</summary>
/// <param name="Leaves">one per party the engine scored; empty when the chain has no edges yet</param>
/// <param name="AttestationCount">attestation rows read (any schema)</param>
/// <param name="EdgeCount">reputation edges they mapped to</param>
public sealed record SnapshotScores(
    IReadOnlyList<SnapshotLeaf> Leaves, int AttestationCount, int EdgeCount, bool SybilResistant, IReadOnlyList<string> Warnings);

/// <summary>
/// Attestation rows in, snapshot leaves out: the one path the service (rows from the indexed
/// database) and `trustledger recompute` (rows decoded from eth_getLogs) share, so both hash
/// identical leaves. Rows -> <see cref="ChainEdges.Map"/> -> <see cref="ReputationEngine"/> at the
/// block's timestamp -> (party, fixed-point score, competition rank, evidence count).
/// </summary>
public static class SnapshotScoring
{
    /// <summary>
    /// The scoring version published with every epoch. Bump it whenever the same chain state and
    /// parameters could give other leaves (engine, ChainEdges mapping, leaf rules), so old roots
    /// stay reproducible with the version that made them.
    /// </summary>
    public const uint Version = 2; // 2: the registry's confirmation rule in ChainEdges, no score without evidence, anchors never fall back to uniform restart

    /// <param name="sourceRows">edges of the parameters' outside sources as of the same block, in chain order</param>
    public static SnapshotScores Score(IReadOnlyList<AttestationEdge> rows, SnapshotParameters parameters, long asOf,
        IReadOnlyList<SourceEdge>? sourceRows = null)
    {
        var edges = ChainEdges.Map(rows, asOf);
        if (sourceRows is { Count: > 0 }) edges.AddRange(ChainEdges.Map(sourceRows));
        var read = rows.Count + (sourceRows?.Count ?? 0);
        if (edges.Count == 0) return new SnapshotScores([], read, 0, false, []);
        var result = ReputationEngine.Compute(edges, parameters.ToReputationOptions(asOf));
        var evidence = CountEvidence(edges, asOf);

        int n = result.Parties.Count;
        var scores = new ulong[n];
        for (int i = 0; i < n; i++) scores[i] = ScoreScale.FromPoints(Math.Clamp(result.Parties[i].Score, 0, 100));
        var ranks = CompetitionRanks(scores);
        var leaves = new SnapshotLeaf[n];
        for (int i = 0; i < n; i++)
        {
            var party = result.Parties[i].Party;
            leaves[i] = new SnapshotLeaf(party, scores[i], ranks[i], (ulong)evidence.GetValueOrDefault(party));
        }
        return new SnapshotScores(leaves, read, edges.Count, result.SybilResistant, result.Warnings);
    }

    /// <summary>
    /// 1 = best; equal fixed-point scores share a rank and the next rank skips (1, 2, 2, 4). A
    /// function of the score multiset alone, so it does not depend on party order or tie-breaks.
    /// </summary>
    public static ulong[] CompetitionRanks(IReadOnlyList<ulong> scores)
    {
        var order = new int[scores.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
        var ranks = new ulong[scores.Count];
        for (int k = 0; k < order.Length; k++)
            ranks[order[k]] = k > 0 && scores[order[k]] == scores[order[k - 1]] ? ranks[order[k - 1]] : (ulong)k + 1;
        return ranks;
    }

    /// <summary>
    /// Per party, the attestations it received that count at <paramref name="asOf"/>: made by then,
    /// neither revoked nor expired by then, not from itself (the engine's as-of rule).
    /// </summary>
    public static Dictionary<string, int> CountEvidence(IEnumerable<Edge> edges, long asOf)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            if (!e.InForceAt(asOf) || e.Source == e.Target) continue;
            counts[e.Target] = counts.GetValueOrDefault(e.Target) + 1;
        }
        return counts;
    }
}

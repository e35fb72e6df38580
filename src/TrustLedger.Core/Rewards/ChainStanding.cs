using TrustLedger.Core.Attestations;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Rewards;

/// <summary>
/// Standing from the indexed attestations, through the one mapping to reputation edges (ChainEdges) and
/// the reputation engine with a program's seeds, evaluated as of a time: edges made later, or revoked or
/// expired by then, do not count. One engine run per (as-of, seed list), cached for the lifetime of this
/// object (one decision pass). Fails closed: when none of the seeds has edges at that time the engine
/// would fall back to a uniform restart, which any sybil ring games, so every party then has no standing.
/// </summary>
public sealed class ChainStanding : IStandingLookup
{
    private readonly EdgeTable _edges;
    private readonly Dictionary<(long AsOf, string Seeds), ReputationResult?> _results = [];

    public ChainStanding(IEnumerable<AttestationEdge> rows) => _edges = EdgeTable.From(ChainEdges.Map(rows));

    public PartyStanding Of(string party, long asOf, IReadOnlyList<string> seeds)
    {
        var key = (asOf, string.Join(',', seeds.Order(StringComparer.Ordinal)));
        if (_edges.Count == 0) return PartyStanding.None;
        if (!_results.TryGetValue(key, out var result))
        {
            result = ReputationEngine.Compute(_edges, new ReputationOptions
            {
                Seeds = [.. seeds],
                AsOf = asOf,
                Scale = ChainEdges.Scale,
                NetworkMetrics = false,
                MaxDegreeOfParallelism = 1,
            });
            if (!result.SybilResistant) result = null;
            _results[key] = result;
        }
        return result is not null && result.TryGet(party.ToLowerInvariant(), out var p) ? new PartyStanding(p.Score, p.NetTrust) : PartyStanding.None;
    }
}

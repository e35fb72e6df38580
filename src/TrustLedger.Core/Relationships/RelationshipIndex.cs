using System.Runtime.CompilerServices;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Core.Relationships;

/// <summary>
/// The board's edges in force, grouped by party: built once per board (the board is immutable and
/// swapped whole), so a party's ties cost a lookup, not a scan of every edge. Same as-of filter as the
/// board's own ties: made by then, neither revoked nor expired, no self-endorsements.
/// </summary>
public sealed class RelationshipIndex
{
    private static readonly ConditionalWeakTable<ReputationBoard, RelationshipIndex> Cache = new();
    private readonly Dictionary<string, List<Edge>> _byParty = new(StringComparer.Ordinal);

    private RelationshipIndex(ReputationBoard board)
    {
        long asOf = board.Result.AsOf;
        foreach (var e in board.Edges)
        {
            if (e.Source == e.Target || !e.InForceAt(asOf)) continue;
            Add(e.Source, e);
            Add(e.Target, e);
        }
    }

    public static RelationshipIndex For(ReputationBoard board) => Cache.GetValue(board, b => new RelationshipIndex(b));

    /// <summary>Every edge in force that <paramref name="party"/> gave or received.</summary>
    public IReadOnlyList<Edge> EdgesOf(string party) => _byParty.GetValueOrDefault(party) ?? [];

    /// <summary>Everyone <paramref name="party"/> has a tie with, in either direction.</summary>
    public IEnumerable<string> PartnersOf(string party) =>
        EdgesOf(party).Select(e => e.Source == party ? e.Target : e.Source).Distinct(StringComparer.Ordinal);

    private void Add(string party, Edge e)
    {
        if (!_byParty.TryGetValue(party, out var list)) _byParty[party] = list = [];
        list.Add(e);
    }
}

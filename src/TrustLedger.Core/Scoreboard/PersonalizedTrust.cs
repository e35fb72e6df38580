using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Scoreboard;

/// <summary>
/// Trust as seen from one viewer: personalised EigenTrust, the way Kamvar et al.'s personalised
/// variant and EAS's transitive-trust SDK compute it: the restart (pre-trust) vector is the viewer
/// alone, so trust flows only from what the viewer endorsed, and on along what those parties endorsed.
/// Same engine, edges and as-of time as the board; only the seeds differ. Each viewer costs one engine
/// run, so boards are cached (bounded, least recently used first out) and computed one at a time.
/// </summary>
public sealed class PersonalizedTrust(ReputationSettings settings)
{
    /// <summary>Viewer boards kept; an older board's entries fall out as new ones are asked for.</summary>
    public const int CacheSize = 64;

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Board, string Viewer), LinkedListNode<(string Board, string Viewer, ReputationBoard Result)>> _cache = [];
    private readonly LinkedList<(string Board, string Viewer, ReputationBoard Result)> _order = new();

    /// <summary>True when <paramref name="viewer"/> has a positive edge in force on <paramref name="board"/>: someone it vouches for.</summary>
    public static bool Endorses(ReputationBoard board, string viewer)
    {
        var asOf = board.Result.AsOf;
        foreach (var e in board.Edges)
            if (e.Source == viewer && e.Target != viewer && e.Rating > 0 && e.InForceAt(asOf))
                return true;
        return false;
    }

    /// <summary>The board as <paramref name="viewer"/> sees it; null when the viewer endorses no one (no trust can flow from it).</summary>
    public async Task<ReputationBoard?> BoardAsync(ReputationBoard board, string viewer, CancellationToken ct)
    {
        var key = (board.ETagBase, viewer);
        if (TryGet(key) is { } cached) return cached;
        if (!Endorses(board, viewer)) return null;
        await _one.WaitAsync(ct);
        try
        {
            if (TryGet(key) is { } raced) return raced;
            var options = settings.ToOptions(board.Result.AsOf, [viewer]);
            var result = await Task.Run(() => ReputationEngine.Compute(board.Edges, options), ct);
            var personal = new ReputationBoard(result, board.AsOfBlock, board.Edges, DateTimeOffset.UtcNow, board.Categories, board.Sourced);
            lock (_lock)
            {
                _cache[key] = _order.AddFirst((key.ETagBase, viewer, personal));
                while (_order.Count > CacheSize)
                {
                    _cache.Remove((_order.Last!.Value.Board, _order.Last.Value.Viewer));
                    _order.RemoveLast();
                }
            }
            return personal;
        }
        finally
        {
            _one.Release();
        }
    }

    private ReputationBoard? TryGet((string, string) key)
    {
        lock (_lock)
        {
            if (!_cache.TryGetValue(key, out var node)) return null;
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Result;
        }
    }
}

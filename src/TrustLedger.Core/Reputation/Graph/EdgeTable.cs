namespace TrustLedger.Core.Reputation;

/// <summary>
/// Column store of attestations for large inputs: party ids are interned once, edges are parallel arrays.
/// Insertion order does not matter; the graph build puts everything in canonical order.
/// Columns that hold their default for every edge so far (kind Endorsement, time 0, never revoked or
/// expired) are not allocated: an untimed list of endorsements (a SNAP file, a synthetic graph) costs
/// 16 bytes an edge, a full one 25 (+16 with revocation and expiry).
/// A table may be kept and grown between builds (the board adds a block's edges and replaces the ones a
/// revocation or confirmation changed): the canonical party order is then merged, not sorted again.
/// </summary>
public sealed class EdgeTable
{
    private readonly Dictionary<string, int> _partyIndex = new(StringComparer.Ordinal);
    private readonly List<string> _parties = [];
    private int[] _source, _target;
    private double[] _rating;
    private EdgeKind[]? _kind;  // allocated on the first kind other than Endorsement
    private long[]? _time;      // allocated on the first time other than 0
    private long[]? _revokedAt, _expiresAt; // allocated on first use; long.MaxValue = never
    private CanonicalParties? _canonical; // the canonical order of the parties interned when it was made

    public EdgeTable(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _source = new int[capacity]; _target = new int[capacity]; _rating = new double[capacity];
    }

    public int Count { get; private set; }
    public int PartyCount => _parties.Count;
    public IReadOnlyList<string> Parties => _parties;

    public static EdgeTable From(IEnumerable<Edge> edges)
    {
        var table = new EdgeTable(edges.TryGetNonEnumeratedCount(out int n) ? n : 1024);
        foreach (var e in edges) table.Add(e);
        return table;
    }

    /// <summary>Interns a party id and returns its table index (first-seen order).</summary>
    public int Party(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_partyIndex.TryGetValue(id, out int index)) return index;
        index = _parties.Count;
        _partyIndex.Add(id, index);
        _parties.Add(id);
        return index;
    }

    public void Add(in Edge e) =>
        Add(Party(e.Source), Party(e.Target), e.Rating, e.Kind, e.Time, e.RevokedAt, e.ExpiresAt);

    /// <summary>Adds an edge between parties already interned with <see cref="Party"/>.</summary>
    public void Add(int source, int target, double rating, EdgeKind kind = EdgeKind.Endorsement,
        long time = 0, long? revokedAt = null, long? expiresAt = null)
    {
        if ((uint)source >= (uint)_parties.Count || (uint)target >= (uint)_parties.Count)
            throw new ArgumentOutOfRangeException(nameof(source), "intern parties with Party(id) first");
        if (!double.IsFinite(rating)) throw new ArgumentException($"rating must be finite, got {rating}", nameof(rating));
        if (Count == _source.Length) Grow();
        int i = Count++;
        _source[i] = source; _target[i] = target; _rating[i] = rating;
        SetOptionalColumns(i, kind, time, revokedAt, expiresAt);
    }

    /// <summary>
    /// Changes what edge <paramref name="i"/> says (a revocation, a confirmation, an expiry came in); its two parties
    /// stay, so the party set and its canonical order do not change.
    /// </summary>
    public void Replace(int i, in Edge e)
    {
        if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(i));
        if (!_partyIndex.TryGetValue(e.Source, out int source) || source != _source[i]
            || !_partyIndex.TryGetValue(e.Target, out int target) || target != _target[i])
            throw new ArgumentException("an edge's replacement names the same two parties", nameof(e));
        if (!double.IsFinite(e.Rating)) throw new ArgumentException($"rating must be finite, got {e.Rating}", nameof(e));
        _rating[i] = e.Rating;
        SetOptionalColumns(i, e.Kind, e.Time, e.RevokedAt, e.ExpiresAt);
    }

    /// <summary>Writes edge i's kind, time, revocation and expiry: into a column once allocated, allocating it for a first non-default value.</summary>
    private void SetOptionalColumns(int i, EdgeKind kind, long time, long? revokedAt, long? expiresAt)
    {
        if (kind != EdgeKind.Endorsement || _kind is not null) (_kind ??= new EdgeKind[_source.Length])[i] = kind;
        if (time != 0 || _time is not null) (_time ??= new long[_source.Length])[i] = time;
        if (revokedAt is not null || _revokedAt is not null) (_revokedAt ??= NeverArray(_source.Length))[i] = revokedAt ?? long.MaxValue;
        if (expiresAt is not null || _expiresAt is not null) (_expiresAt ??= NeverArray(_source.Length))[i] = expiresAt ?? long.MaxValue;
    }

    /// <summary>
    /// Party ids sorted by <see cref="PartyOrder"/>, and per table party index its position there. Kept: parties
    /// interned since the last call are sorted alone and merged in (one pass), which is the same order a full
    /// sort gives, since ids are distinct. The arrays are never changed once returned (graphs keep them).
    /// </summary>
    internal (string[] Parties, int[] Canonical) CanonicalOrder()
    {
        var known = _canonical;
        if (known is null || known.Sorted.Length != _parties.Count) _canonical = known = CanonicalParties.Merge(known, _parties);
        return (known.Sorted, known.Canonical);
    }

    internal int SourceAt(int i) => _source[i];
    internal int TargetAt(int i) => _target[i];
    internal double RatingAt(int i) => _rating[i];
    internal EdgeKind Kind(int i) => _kind is null ? EdgeKind.Endorsement : _kind[i];
    internal long Time(int i) => _time is null ? 0 : _time[i];

    internal long MaxTime()
    {
        if (Count == 0) return 0;
        if (_time is null) return 0;
        long max = long.MinValue;
        foreach (long t in _time.AsSpan(0, Count)) if (t > max) max = t;
        return max;
    }
    internal long RevokedAt(int i) => _revokedAt is null ? long.MaxValue : _revokedAt[i];
    internal long ExpiresAt(int i) => _expiresAt is null ? long.MaxValue : _expiresAt[i];

    private void Grow()
    {
        int size = _source.Length * 2;
        Array.Resize(ref _source, size); Array.Resize(ref _target, size); Array.Resize(ref _rating, size);
        if (_kind is not null) Array.Resize(ref _kind, size);
        if (_time is not null) Array.Resize(ref _time, size);
        if (_revokedAt is not null) _revokedAt = Extend(_revokedAt, size);
        if (_expiresAt is not null) _expiresAt = Extend(_expiresAt, size);
    }

    private static long[] NeverArray(int size) { var a = new long[size]; a.AsSpan().Fill(long.MaxValue); return a; }

    private static long[] Extend(long[] old, int size)
    {
        var a = NeverArray(size);
        old.AsSpan().CopyTo(a);
        return a;
    }
}

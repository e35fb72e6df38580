using System.Collections.Immutable;
using System.Data.Common;
using Dapper;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Scoreboard;

/// <summary>
/// The registry's indexed attestations as reputation edges, kept in memory between boards: each new block costs
/// reading and decoding only the rows it added or changed (new attestations, revocations, confirmations), not the
/// whole edge list again. Rows are read as the chain stood at the checkpoint block (later rows, revocations and
/// confirmations left out), so what is held is exactly the full read at that block. A reorg or a new chain
/// generation (the checkpoint's block no longer indexed with the hash held, the checkpoint behind it, another
/// contract) starts over with a full read. The engine's input table is kept the same way (<see cref="Table"/>): a block
/// appends its new edges and replaces the changed ones, so a board does not intern a million edges again.
/// Not thread-safe: one refresher owns it.
/// </summary>
public sealed class IndexedEdges
{
    private readonly List<AttestationEdge> _rows = []; // chain order
    private readonly List<Edge?> _edges = []; // _rows[i] as an edge, or null (no edge)
    private EdgeTable _table = new();
    private readonly List<int> _tableRow = []; // _edges[i]'s row in _table, or -1
    private readonly List<Edge> _outsideInTable = []; // the outside sources' edges appended to _table, in order
    private bool _tableStale; // an edge went away (a table never drops a party): the next Table call builds it again
    private readonly Dictionary<string, int> _position = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttestationEdge> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttestationEdge> _confirms = new(StringComparer.Ordinal); // confirmation uid -> proposal
    private readonly HashSet<int> _expiringConfirmations = []; // proposals whose confirmation expires: they change with the as-of time
    private readonly Dictionary<(string Category, string Subject), int> _endorsedIn = [];
    private Dictionary<string, HashSet<string>> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _received = new(StringComparer.Ordinal); // subject -> its rows' positions
    private readonly HashSet<string> _expiring = new(StringComparer.Ordinal); // subjects with an edge that expires: recounted at each as-of time
    private ImmutableDictionary<string, Evidence> _evidence = ImmutableDictionary.Create<string, Evidence>(StringComparer.Ordinal);
    private string _contract = "";
    private string _hash = "";

    /// <summary>The block the edges are as of; -1 before the first catch-up.</summary>
    public long Block { get; private set; } = -1;

    /// <summary>Rows read by the last catch-up (all of them after a start-over).</summary>
    public int LastRead { get; private set; }

    /// <summary>True when the last catch-up read everything again.</summary>
    public bool LastWasFull { get; private set; }

    /// <summary>Endorsement category -> parties endorsed in it (not revoked); a new dictionary whenever one changes, never changed in place.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Categories => _categories;

    /// <summary>
    /// Per party, the evidence of the registry's edges (<see cref="ReputationBoard.Count"/>), recounted only for the
    /// parties a catch-up touched; persistent, so boards already published keep theirs.
    /// </summary>
    public ImmutableDictionary<string, Evidence> Evidence => _evidence;

    /// <summary>
    /// <see cref="Evidence"/> with the outside sources' edges (<paramref name="others"/>, appended after the registry's in
    /// the board) counted in: what <see cref="ReputationBoard.Summarize"/> gives over the board's whole edge list.
    /// </summary>
    public IReadOnlyDictionary<string, Evidence> EvidenceWith(IReadOnlyList<Edge> others, long asOf)
    {
        if (others.Count == 0) return _evidence;
        var evidence = _evidence;
        foreach (var group in others.GroupBy(e => e.Target, StringComparer.Ordinal))
            evidence = ReputationBoard.Count(Received(group.Key).Concat(group), asOf) is { } counted
                ? evidence.SetItem(group.Key, counted) : evidence.Remove(group.Key);
        return evidence;
    }

    /// <summary>Brings the rows to <paramref name="checkpoint"/>'s block; <paramref name="asOf"/> is that block's time.</summary>
    public async Task CatchUpAsync(Database db, Checkpoint checkpoint, long asOf, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var full = Block < 0 || checkpoint.ContractAddress != _contract || checkpoint.BlockNumber < Block
                   || !await StillIndexedAsync(connection, ct);
        if (full) Clear();
        var changed = new List<AttestationEdge>();
        var rows = full
            ? AttestationStore.StreamEdgesAtBlockAsync(connection, checkpoint.BlockNumber, ct)
            : connection.QueryUnbufferedAsync<AttestationEdge>(ChangedSinceSql, new { AtBlock = checkpoint.BlockNumber, After = Block });
        await foreach (var row in rows.WithCancellation(ct)) changed.Add(row);
        Apply(changed, asOf);
        (Block, _hash, _contract, LastRead, LastWasFull) = (checkpoint.BlockNumber, checkpoint.BlockHash, checkpoint.ContractAddress, changed.Count, full);
    }

    /// <summary>Every edge in chain order (the order a full read maps them in), as a new list.</summary>
    public List<Edge> Edges()
    {
        var edges = new List<Edge>(_edges.Count);
        foreach (var edge in _edges)
            if (edge is { } e) edges.Add(e);
        return edges;
    }

    /// <summary>
    /// The engine's table of <see cref="Edges"/> followed by <paramref name="outside"/> (the outside sources' edges, as the
    /// board appends them): the same edges and parties as <c>EdgeTable.From</c> of that list, so the same graph to the bit
    /// (a table's order does not matter to the build), but kept between calls. Outside edges that only grew are appended;
    /// any other change to them, or an edge that went away, builds the table again. The table is changed by the next
    /// catch-up: build the graph before that.
    /// </summary>
    public EdgeTable Table(IReadOnlyList<Edge> outside)
    {
        bool grew = outside.Count >= _outsideInTable.Count;
        for (int k = 0; grew && k < _outsideInTable.Count; k++) grew = outside[k] == _outsideInTable[k];
        if (_tableStale || !grew)
        {
            _table = new EdgeTable(_edges.Count + outside.Count);
            _outsideInTable.Clear();
            for (int i = 0; i < _edges.Count; i++) _tableRow[i] = _edges[i] is { } e ? Append(e) : -1;
            _tableStale = false;
        }
        for (int k = _outsideInTable.Count; k < outside.Count; k++) { Append(outside[k]); _outsideInTable.Add(outside[k]); }
        return _table;
    }

    private int Append(in Edge e)
    {
        _table.Add(e);
        return _table.Count - 1;
    }

    /// <summary>Row <paramref name="i"/> now maps to <paramref name="after"/>: the same change in the table.</summary>
    private void Remapped(int i, Edge? before, Edge? after)
    {
        if (after is not { } edge) { _tableStale |= before is not null; return; }
        if (_tableRow[i] < 0) _tableRow[i] = Append(edge);
        else if (before != after) _table.Replace(_tableRow[i], edge);
    }

    /// <summary>
    /// The rows added or changed after block @After, as the chain stood at @AtBlock (<see cref="AttestationStore.EdgesAtBlockSql"/>'s
    /// columns): a revocation or confirmation after @AtBlock is left out here and read again next time, as it is then after @After.
    /// One indexed lookup per kind of change (block, revoked_block, confirmed_block): an OR of the three walks every row.
    /// </summary>
    private const string ChangedSinceSql = AttestationStore.EdgeColumnsAtBlockSql + """
        WHERE a.block_number <= @AtBlock AND a.uid IN (
            SELECT uid FROM attestations WHERE block_number > @After AND block_number <= @AtBlock
            UNION SELECT uid FROM attestations WHERE revoked_block > @After
            UNION SELECT uid FROM attestations WHERE confirmed_block > @After)
        ORDER BY a.block_number, a.log_index
        """;

    private async Task<bool> StillIndexedAsync(DbConnection connection, CancellationToken ct)
    {
        const string sql = "SELECT block_hash FROM indexed_blocks WHERE stream = @Stream AND block_number = @Block";
        var hash = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql,
            new { Stream = AttestationIndexer.RegistryStream, Block }, cancellationToken: ct));
        return hash == _hash;
    }

    private void Clear()
    {
        _rows.Clear(); _edges.Clear(); _tableRow.Clear(); _outsideInTable.Clear(); _position.Clear();
        _table = new EdgeTable(); _tableStale = false; _byUid.Clear(); _confirms.Clear();
        _expiringConfirmations.Clear(); _endorsedIn.Clear(); _received.Clear(); _expiring.Clear();
        _categories = new(StringComparer.Ordinal);
        _evidence = ImmutableDictionary.Create<string, Evidence>(StringComparer.Ordinal);
        Block = -1;
    }

    private void Apply(List<AttestationEdge> changed, long asOf)
    {
        var remap = new HashSet<int>(_expiringConfirmations);
        var categoryChanges = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var row in changed)
        {
            if (_position.TryGetValue(row.Uid, out var at))
            {
                var old = _rows[at];
                Endorsed(old, -1, categoryChanges);
                if (old.ConfirmedBy is { } before)
                {
                    _confirms.Remove(before);
                    if (_position.TryGetValue(before, out var was)) remap.Add(was);
                }
                _rows[at] = row;
            }
            else
            {
                at = _rows.Count;
                _position[row.Uid] = at;
                _rows.Add(row);
                _edges.Add(null);
                _tableRow.Add(-1);
                if (!_received.TryGetValue(row.Subject, out var received)) _received[row.Subject] = received = [];
                received.Add(at);
            }
            _byUid[row.Uid] = row;
            Endorsed(row, +1, categoryChanges);
            remap.Add(at);
            if (row.ConfirmedBy is { } by)
            {
                _confirms[by] = row;
                if (_position.TryGetValue(by, out var confirmation)) remap.Add(confirmation);
            }
            // A confirmation changed (revoked): the proposal it confirms maps through it.
            if (_confirms.TryGetValue(row.Uid, out var proposal)) remap.Add(_position[proposal.Uid]);
        }
        foreach (var i in remap)
        {
            var row = _rows[i];
            var before = _edges[i];
            _edges[i] = ChainEdges.MapOne(row, _byUid, _confirms, asOf);
            Remapped(i, before, _edges[i]);
            if (row.ConfirmedBy is { } by && _byUid.TryGetValue(by, out var c) && c.Expiration > 0) _expiringConfirmations.Add(i);
            else _expiringConfirmations.Remove(i);
        }
        if (categoryChanges.Count > 0) PublishCategories(categoryChanges);
        Recount(remap, asOf);
    }

    /// <summary>The evidence of every subject whose rows were mapped again, and of those with an expiring edge.</summary>
    private void Recount(HashSet<int> remapped, long asOf)
    {
        var subjects = new HashSet<string>(_expiring, StringComparer.Ordinal);
        foreach (var i in remapped) subjects.Add(_rows[i].Subject);
        var builder = _evidence.ToBuilder();
        foreach (var subject in subjects)
        {
            if (ReputationBoard.Count(Received(subject), asOf) is { } counted) builder[subject] = counted;
            else builder.Remove(subject);
            if (Received(subject).Any(e => e.ExpiresAt is not null)) _expiring.Add(subject); else _expiring.Remove(subject);
        }
        _evidence = builder.ToImmutable();
    }

    private IEnumerable<Edge> Received(string subject)
    {
        if (!_received.TryGetValue(subject, out var positions)) yield break;
        foreach (var i in positions)
            if (_edges[i] is { } edge) yield return edge;
    }

    /// <summary>Counts a not-revoked endorsement with a category in (+1) or out (-1), noting the subjects that enter or leave it.</summary>
    private void Endorsed(AttestationEdge row, int delta, Dictionary<string, Dictionary<string, bool>> changes)
    {
        if (row.SchemaUid != ProductSchemas.Endorsement.Uid || row.Revoked
            || !ProductSchemas.Endorsement.Parsed.TryDecode(row.Data, out var fields) || fields["category"] is not byte[] word
            || ProductSchemas.FromBytes32(word) is not { Length: > 0 } category) return;
        var key = (category, row.Subject);
        var count = _endorsedIn.GetValueOrDefault(key) + delta;
        if (count > 0) _endorsedIn[key] = count; else _endorsedIn.Remove(key);
        if (!changes.TryGetValue(category, out var subjects)) changes[category] = subjects = new(StringComparer.Ordinal);
        subjects[row.Subject] = count > 0;
    }

    /// <summary>Copy on write: boards already published keep the sets they were given.</summary>
    private void PublishCategories(Dictionary<string, Dictionary<string, bool>> changes)
    {
        var next = new Dictionary<string, HashSet<string>>(_categories, StringComparer.Ordinal);
        foreach (var (category, subjects) in changes)
        {
            var set = next.TryGetValue(category, out var old) ? new HashSet<string>(old, StringComparer.Ordinal) : new(StringComparer.Ordinal);
            foreach (var (subject, inside) in subjects)
                if (inside) set.Add(subject); else set.Remove(subject);
            if (set.Count > 0) next[category] = set; else next.Remove(category);
        }
        _categories = next;
    }
}

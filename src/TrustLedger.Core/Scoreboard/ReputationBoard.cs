using System.Collections.Concurrent;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Scoreboard;

/// <summary>Configuration section "Reputation".</summary>
public sealed class ReputationSettings
{
    public const string Section = "Reputation";
    public const string ScoreVersion = "trustledger-score/1";

    /// <summary>
    /// Trust anchors set in configuration (addresses), beside the ones admins govern through the API
    /// (GET /v1/trust-anchors lists both). Without any, scores are computed but flagged as not sybil-resistant.
    /// </summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>Outside edge sources (EAS, ERC-8004): the indexer reads them, snapshots name them; the board uses their explorer links.</summary>
    public Indexing.Sources.EdgeSourceOptions Sources { get; set; } = new();

    public double Alpha { get; set; } = 0.15;
    public double HalfLifeDays { get; set; } = 730;

    /// <summary>Sybil-flood options, the same keys the snapshot parameters bind (see <see cref="ReputationOptions"/>); defaults = scoring as before.</summary>
    public GoodnessWeighting GoodnessWeighting { get; set; } = GoodnessWeighting.TrustLevel;
    public double BudgetFloor { get; set; } = 0;
    public PercentileBase PercentileBase { get; set; } = PercentileBase.AllParties;

    /// <summary>
    /// How often to look for newly indexed blocks and recompute. Short: a tie reads confirmed only once the board
    /// reflects it (read-your-confirmation), and a look that finds nothing new costs three small queries.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// From this many ties on, a new board is published from trust alone and its SNA pass (signals, betweenness,
    /// communities) completes it in the background; below, the pass costs milliseconds and runs before publishing,
    /// so small networks never show a board without network metrics.
    /// </summary>
    public int BackgroundNetworkTies { get; set; } = 10_000;

    /// <param name="seeds">the current seed set (<see cref="Trust.TrustAnchors.SeedsAsync"/>: configured and governed)</param>
    public ReputationOptions ToOptions(long asOf, IReadOnlyCollection<string> seeds) => new()
    {
        Seeds = seeds,
        Alpha = Alpha,
        HalfLifeDays = HalfLifeDays,
        Scale = ChainEdges.Scale,
        AsOf = asOf,
        GoodnessWeighting = GoodnessWeighting,
        BudgetFloor = BudgetFloor,
        PercentileBase = PercentileBase,
    };
}

/// <summary>Evidence a party received, counted over the edges in force at the as-of time.</summary>
public sealed record Evidence(int Endorsements, int ConfirmedReciprocity, int NegativeReports, int Raters);

/// <summary>
/// One computed state of everyone's reputation, as of one indexed block. Immutable; the
/// refresher swaps in a new board when the chain moves. Per-party answers are built once and
/// cached, so a read costs a dictionary lookup.
/// </summary>
public sealed class ReputationBoard
{
    private readonly ConcurrentDictionary<string, ReputationView> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _json = new(StringComparer.Ordinal);

    public ReputationBoard(ReputationResult result, long asOfBlock, IReadOnlyList<Edge> edges, DateTimeOffset computedAt,
        IReadOnlyDictionary<string, HashSet<string>>? categories = null,
        IReadOnlyDictionary<string, IReadOnlyList<SourcedEvidence>>? sourced = null)
        : this(result, asOfBlock, edges, computedAt, categories, sourced, Summarize(edges, result.AsOf))
    {
    }

    /// <param name="evidence">the evidence summary of <paramref name="edges"/> at the result's as-of time, kept up to date by the caller (<see cref="IndexedEdges"/>)</param>
    /// <param name="networkAsOfBlock">the block of the SNA pass whose figures <paramref name="result"/> carries; null: <paramref name="asOfBlock"/> (or none, without network metrics)</param>
    public ReputationBoard(ReputationResult result, long asOfBlock, IReadOnlyList<Edge> edges, DateTimeOffset computedAt,
        IReadOnlyDictionary<string, HashSet<string>>? categories, IReadOnlyDictionary<string, IReadOnlyList<SourcedEvidence>>? sourced,
        IReadOnlyDictionary<string, Evidence> evidence, long? networkAsOfBlock = null)
    {
        Sourced = sourced ?? new Dictionary<string, IReadOnlyList<SourcedEvidence>>();
        Result = result;
        AsOfBlock = asOfBlock;
        Edges = edges;
        ComputedAt = computedAt;
        NetworkAsOfBlock = HasNetwork ? networkAsOfBlock ?? asOfBlock : null;
        // Network metrics change the answer (confidence, communities...), so the validator tells trust alone, figures carried
        // from an earlier block's pass and the board's own pass apart (own keeps the tag it always had).
        var network = !HasNetwork ? ":trust" : HasOwnNetwork ? "" : $":network{NetworkAsOfBlock}";
        ETagBase = $"{ReputationSettings.ScoreVersion}:{asOfBlock}:{result.Edges.Active}{network}";
        Evidence = evidence;
        Categories = categories ?? new Dictionary<string, HashSet<string>>();
    }

    /// <summary>
    /// False while the board holds trust alone (scores, ranks, evidence, contributors) and no SNA pass (signals,
    /// betweenness, communities, and the confidence and tie classes that read communities) has completed it. True
    /// also when the figures are carried from an earlier block's pass (<see cref="NetworkAsOfBlock"/>).
    /// </summary>
    public bool HasNetwork => Result.Network is not null;

    /// <summary>
    /// The block the network figures are as of: <see cref="AsOfBlock"/> when this board's own SNA pass completed it, an
    /// earlier block when they are carried from that block's pass (<see cref="WithCarriedNetwork"/>), null without any.
    /// </summary>
    public long? NetworkAsOfBlock { get; }

    /// <summary>True once this board's own SNA pass completed it: what needs figures of exactly this block (relationship epochs) waits for.</summary>
    public bool HasOwnNetwork => NetworkAsOfBlock == AsOfBlock;

    /// <summary>The complete board of <paramref name="block"/>: as of it, with its own pass's figures (carried ones are another block's).</summary>
    public bool IsCompleteAt(long block) => AsOfBlock == block && HasOwnNetwork;

    /// <summary>
    /// Shared by a trust-first board and the boards completed from it (<see cref="WithNetwork"/>, <see cref="WithCarriedNetwork"/>),
    /// so a finishing SNA pass knows its board is still served after carried figures were swapped in meanwhile.
    /// </summary>
    internal object Lineage { get; private init; } = new();

    /// <summary>This board completed by its SNA pass: <paramref name="full"/> is the engine's full run on the same graph and options.</summary>
    public ReputationBoard WithNetwork(ReputationResult full) =>
        new(full, AsOfBlock, Edges, ComputedAt, Categories, Sourced, Evidence) { Lineage = Lineage };

    /// <summary>
    /// This (newer) board with the network figures of <paramref name="completed"/>, a board of an earlier block completed by
    /// its own pass, carried by party address (<see cref="ReputationResult.WithNetworkOf"/>): trust, scores, ranks, evidence
    /// and contributors stay this board's; confidence and tie shares are computed again with the carried communities;
    /// parties new since have no figures. Costs a contributions summary and an adjacency build: the SNA thread's work.
    /// </summary>
    public ReputationBoard WithCarriedNetwork(ReputationBoard completed)
    {
        if (!completed.HasOwnNetwork || completed.AsOfBlock >= AsOfBlock)
            throw new ArgumentException("carried figures come from an earlier board's own pass", nameof(completed));
        return new(Result.WithNetworkOf(completed.Result), AsOfBlock, Edges, ComputedAt, Categories, Sourced, Evidence, completed.AsOfBlock) { Lineage = Lineage };
    }

    public ReputationResult Result { get; }
    public long AsOfBlock { get; }
    public IReadOnlyList<Edge> Edges { get; }
    public DateTimeOffset ComputedAt { get; }
    public string ETagBase { get; }
    public IReadOnlyDictionary<string, Evidence> Evidence { get; }

    /// <summary>Per party, the newest evidence it received from outside sources, with where it lives.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SourcedEvidence>> Sourced { get; }

    /// <summary>Endorsement category -> parties endorsed in it.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Categories { get; }

    /// <summary>Positive ties in force, attester -> subject, with their summed normalised weight (built once per board).</summary>
    public IReadOnlyDictionary<(string Source, string Target), double> Ties => _ties ??= BuildTies();

    private Dictionary<(string Source, string Target), double>? _ties;

    private Dictionary<(string Source, string Target), double> BuildTies()
    {
        var asOf = Result.AsOf;
        var ties = new Dictionary<(string, string), double>();
        foreach (var e in Edges)
        {
            if (e.Rating <= 0 || e.Source == e.Target || !e.InForceAt(asOf)) continue;
            ties[(e.Source, e.Target)] = ties.GetValueOrDefault((e.Source, e.Target)) + ChainEdges.Scale.Normalize(e.Rating);
        }
        return ties;
    }

    public ReputationView? View(string address) =>
        Result.TryGet(address, out var party) ? _views.GetOrAdd(address, _ => ReputationView.Of(this, party)) : null;

    /// <summary>The view as UTF-8 JSON, serialized once per board: reads are the API's hottest path.</summary>
    public byte[]? Json(string address) =>
        _json.TryGetValue(address, out var cached) ? cached
        : View(address) is { } view ? _json.GetOrAdd(address, _ => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(view, System.Text.Json.JsonSerializerOptions.Web))
        : null;

    private readonly ConcurrentDictionary<(string, long), byte[]> _jsonWithSnapshot = new();

    /// <summary>
    /// The view with its entry in snapshot <paramref name="epoch"/> (leaf and Merkle proof), cached
    /// per (party, epoch); without an entry there, the plain view.
    /// </summary>
    public async Task<byte[]?> JsonAsync(string address, long epoch, Func<Task<SnapshotReference?>> find)
    {
        if (_jsonWithSnapshot.TryGetValue((address, epoch), out var cached)) return cached;
        if (View(address) is not { } view) return null;
        var snapshot = await find();
        var bytes = snapshot is null ? Json(address)! : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(view with { Snapshot = snapshot }, System.Text.Json.JsonSerializerOptions.Web);
        return _jsonWithSnapshot.GetOrAdd((address, epoch), bytes);
    }

    public static ReputationBoard Empty(long asOfBlock) =>
        new(ReputationEngine.Compute([], new ReputationOptions { Scale = ChainEdges.Scale }), asOfBlock, [], DateTimeOffset.UtcNow);

    /// <summary>Per party, the evidence it received: every edge in force at <paramref name="asOf"/>, self-ratings aside.</summary>
    public static Dictionary<string, Evidence> Summarize(IReadOnlyList<Edge> edges, long asOf)
    {
        var byTarget = new Dictionary<string, List<Edge>>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            if (!e.InForceAt(asOf) || e.Source == e.Target) continue;
            if (!byTarget.TryGetValue(e.Target, out var list)) byTarget[e.Target] = list = [];
            list.Add(e);
        }
        return byTarget.ToDictionary(kv => kv.Key, kv => Count(kv.Value, asOf)!, StringComparer.Ordinal);
    }

    /// <summary>One party's evidence from the edges it received (any order); null when none is in force. The one counting rule.</summary>
    public static Evidence? Count(IEnumerable<Edge> received, long asOf)
    {
        int endorsements = 0, confirmed = 0, negative = 0;
        HashSet<string>? raters = null;
        foreach (var e in received)
        {
            if (!e.InForceAt(asOf) || e.Source == e.Target) continue;
            switch (e.Kind)
            {
                case EdgeKind.Endorsement: endorsements++; break;
                case EdgeKind.ConfirmedReciprocity: confirmed++; break;
                default: negative++; break;
            }
            (raters ??= new(StringComparer.Ordinal)).Add(e.Source);
        }
        return raters is null ? null : new Evidence(endorsements, confirmed, negative, raters.Count);
    }
}

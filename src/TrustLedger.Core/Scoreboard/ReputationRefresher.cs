using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Snapshots;
using TrustLedger.Core.Trust;
using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Scoreboard;

/// <summary>The board currently served; swapped whole, never changed in place.</summary>
public sealed class ReputationState
{
    private volatile ReputationBoard _board = ReputationBoard.Empty(0);
    private long _snapshotEpoch = -1;

    public ReputationBoard Board => _board;

    /// <summary>The newest published snapshot epoch, or null; refreshed with the board.</summary>
    public long? SnapshotEpoch
    {
        get => Interlocked.Read(ref _snapshotEpoch) is >= 0 and var e ? e : null;
        set => Interlocked.Exchange(ref _snapshotEpoch, value ?? -1);
    }

    public void Publish(ReputationBoard board) => _board = board;

    /// <summary>
    /// <paramref name="completed"/> is a trust-first board completed by its own SNA pass. While that board (or the same
    /// board with carried figures) is served, swaps it in; when a newer board is served instead, swaps in that board with
    /// these figures carried over (labeled with <paramref name="completed"/>'s block), unless it already has figures as
    /// recent; otherwise (a board of the same block with other trust anchors, or a reorg below it) does nothing. Called
    /// on a background thread: carrying costs a contributions summary, never the trust pass.
    /// </summary>
    public NetworkOutcome Complete(ReputationBoard completed)
    {
        if (!completed.HasOwnNetwork) throw new ArgumentException("a board completed by its own pass", nameof(completed));
        while (true)
        {
            var served = _board;
            ReputationBoard next;
            if (ReferenceEquals(served.Lineage, completed.Lineage)) next = completed;
            else if (served.AsOfBlock > completed.AsOfBlock && !(served.NetworkAsOfBlock >= completed.AsOfBlock)) next = served.WithCarriedNetwork(completed);
            else return NetworkOutcome.Dropped;
            // A board published while this one was being carried onto the served one: carry onto the newest instead.
            if (ReferenceEquals(Interlocked.CompareExchange(ref _board, next, served), served))
                return ReferenceEquals(next, completed) ? NetworkOutcome.Completed : NetworkOutcome.Carried;
        }
    }
}

/// <summary>What became of an SNA pass's figures (<see cref="ReputationState.Complete"/>).</summary>
public enum NetworkOutcome { Completed, Carried, Dropped }

/// <summary>
/// Recomputes everyone's reputation whenever the indexer has moved past the block the current
/// board is as of, or the trust anchors changed. Every replica computes its own board from the
/// shared database; the engine is deterministic, so they agree. The as-of time is the checkpoint
/// block's timestamp, which makes the scores a function of chain state at that block and the seed set.
/// <para>
/// Fast where a client waits for it: a new block costs reading and decoding only the rows it changed
/// (<see cref="IndexedEdges"/>), and the board is published from trust alone (scores, ranks, evidence,
/// contributors); the social-network pass (signals, betweenness, communities...) then completes that board
/// in the background on one core and swaps it in; if a newer board came first, its figures are carried over to that
/// board by party, labeled with the block they are as of (<see cref="ReputationBoard.NetworkAsOfBlock"/>), and the next
/// pass starts from the newest board. So the SNA pass never delays a score, a confirmed attestation's status waits only
/// for the trust pass, and under blocks faster than the pass the network figures are a few blocks old, never absent.
/// </para>
/// </summary>
public sealed class ReputationRefresher(Database db, Func<IWeb3> web3, ReputationSettings settings, ReputationState state, ILogger logger)
{
    private readonly IndexedEdges _indexed = new();
    private long _computedFor = -1;
    private long? _chainId;
    private string _seedsFor = "";
    private Task? _network;
    private string _stages = "";
    private (ReputationBoard Board, ReputationGraph Graph, ReputationOptions Options)? _unfinished;
    private volatile ReputationBoard? _lastCompleted;
    private Task? _carry;

    /// <summary>Starts background work (the SNA pass, carries) on a thread of its own; a test holds the work to finish it when it chooses.</summary>
    internal Func<string, Action, Task> StartBackground { get; init; } = LowPriorityThread.RunAsync;

    /// <summary>One look at the indexer's checkpoint and the anchors; a new board when either moved. True when a board was published.</summary>
    public async Task<bool> StepAsync(CancellationToken ct)
    {
        Checkpoint? checkpoint;
        await using (var connection = await db.OpenConnectionAsync(ct))
            checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct);
        state.SnapshotEpoch = await SnapshotProofs.LatestEpochAsync(db, ct);
        var seeds = await TrustAnchors.SeedsAsync(db, settings.Seeds, ct);
        var seedsKey = string.Join(',', seeds);
        if (checkpoint is null || (checkpoint.BlockNumber == _computedFor && seedsKey == _seedsFor))
        {
            CompleteNetworkInBackground(ct);
            return false;
        }
        // The node lacks the checkpoint's block (a chain restarted behind it, or replaced): the indexer settles that
        // first (reorg path, or a new chain generation); until then the board stays as it is.
        if (await BlockTimeAsync(checkpoint.BlockNumber) is not { } asOf) return false;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _indexed.CatchUpAsync(db, checkpoint, asOf, ct);
        var read = clock.ElapsedMilliseconds;
        var (board, graph, options) = await TrustFirstAsync(_indexed.Edges(), _indexed.Categories, checkpoint.BlockNumber, asOf, seeds, _indexed, ct);
        if (graph.TieCount < settings.BackgroundNetworkTies)
            board = await Task.Run(() => board.WithNetwork(ReputationEngine.Compute(graph, options)), ct);
        state.Publish(board);
        logger.LogInformation("Reputation as of block {Block}: {Parties} parties, {Edges} edges, {Ms} ms ({Read} rows read{Full} in {ReadMs} ms; {Stages}){Caveat}",
            board.AsOfBlock, board.Result.Parties.Count, board.Edges.Count, clock.ElapsedMilliseconds, _indexed.LastRead,
            _indexed.LastWasFull ? ", all" : "", read, _stages,
            board.Result.SybilResistant ? $" ({seeds.Length} trust anchors)" : " (no trust anchors: not sybil-resistant)");
        _computedFor = checkpoint.BlockNumber;
        _seedsFor = seedsKey;
        _unfinished = board.HasNetwork ? null : (board, graph, options);
        CompleteNetworkInBackground(ct);
        return true;
    }

    /// <summary>Everyone's reputation from the indexed attestations as of <paramref name="block"/>, network metrics included, with the current seed set.</summary>
    public async Task<ReputationBoard> ComputeAsync(long block, CancellationToken ct)
    {
        var seeds = await TrustAnchors.SeedsAsync(db, settings.Seeds, ct);
        var asOf = await BlockTimeAsync(block) ?? throw new InvalidOperationException($"the node has no block {block}: the index is ahead of the chain");
        var (edges, categories) = await EdgesAtBlockAsync(block, asOf, ct);
        var input = await InputAsync(edges, categories, asOf, seeds, null, ct);
        // Nobody waits for this board (relationship epochs): the whole engine run on one thread at the lowest priority,
        // as the network pass, so the served board's next block comes first on every core.
        ReputationBoard? board = null;
        await StartBackground("Reputation board for an epoch", () =>
        {
            var graph = ReputationGraph.Build(EdgeTable.From(input.Edges), input.Options);
            var full = ReputationEngine.Compute(graph, input.Options with { MaxDegreeOfParallelism = 1 });
            board = new ReputationBoard(full, block, input.Edges, DateTimeOffset.UtcNow, input.Categories, input.Sourced);
        });
        return board!;
    }

    /// <summary>
    /// Starts the SNA pass of the newest trust-first board if it has none yet and none is running; completes that board
    /// while it is served, or carries the figures to a newer one (<see cref="ReputationState.Complete"/>). A carried board
    /// still needs its own pass: <c>_unfinished</c> is set when a board is published and only a started pass clears it.
    /// </summary>
    private void CompleteNetworkInBackground(CancellationToken ct)
    {
        CarryNetworkInBackground();
        if (_network is { IsCompleted: false } || _unfinished is not { } pending) return;
        _unfinished = null;
        _network = StartBackground("Reputation network pass", () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // One thread at the lowest priority: the next block's trust pass, which a client may be waiting for, comes
            // first on every core. Results do not depend on the thread count.
            var completed = pending.Board.WithNetwork(ReputationEngine.Compute(pending.Graph, pending.Options with { MaxDegreeOfParallelism = 1 }));
            _lastCompleted = completed;
            var outcome = state.Complete(completed);
            if (outcome == NetworkOutcome.Dropped)
                logger.LogDebug("Reputation network metrics as of block {Block} dropped after {Ms} ms: no board they complete or bring forward is served", pending.Board.AsOfBlock, clock.ElapsedMilliseconds);
            else
                logger.LogInformation("Reputation network metrics as of block {Block}{Carried}: {Ms} ms", pending.Board.AsOfBlock,
                    outcome == NetworkOutcome.Carried ? $", carried to block {state.Board.AsOfBlock}" : "", clock.ElapsedMilliseconds);
        }).ContinueWith(t => logger.LogWarning(t.Exception, "Reputation network metrics failed"), TaskContinuationOptions.OnlyOnFaulted);
    }

    /// <summary>
    /// A new block's board is published from trust alone while its pass (tens of seconds at 1M ties) has yet to run: carries
    /// the newest completed pass's figures to it meanwhile, on a thread of its own at the lowest priority (the SNA thread is
    /// busy with that pass), so under continuous blocks the figures stay a few blocks old rather than gone until each pass
    /// ends. Costs a contributions summary and an adjacency build, never the trust pass; the board still gets its own pass.
    /// </summary>
    private void CarryNetworkInBackground()
    {
        if (_carry is { IsCompleted: false } || _lastCompleted is not { } last) return;
        var served = state.Board;
        if (served.HasNetwork || served.AsOfBlock <= last.AsOfBlock) return;
        _carry = StartBackground("Reputation network carry", () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (state.Complete(last) == NetworkOutcome.Carried)
                logger.LogDebug("Reputation network metrics as of block {Block} carried to block {Served}: {Ms} ms", last.AsOfBlock, state.Board.AsOfBlock, clock.ElapsedMilliseconds);
        }).ContinueWith(t => logger.LogWarning(t.Exception, "Reputation network carry failed"), TaskContinuationOptions.OnlyOnFaulted);
    }

    /// <summary>The registry's edges and categories as of <paramref name="block"/>, from a full read (the rows are not kept).</summary>
    private async Task<(List<Edge> Edges, Dictionary<string, HashSet<string>> Categories)> EdgesAtBlockAsync(long block, long asOf, CancellationToken ct)
    {
        var rows = new List<AttestationEdge>();
        await using (var connection = await db.OpenConnectionAsync(ct))
            await foreach (var row in AttestationStore.StreamEdgesAtBlockAsync(connection, block, ct)) rows.Add(row);
        return (ChainEdges.Map(rows, asOf), CategoriesOf(rows));
    }

    private async Task<long?> BlockTimeAsync(long block) =>
        (long?)(await web3().Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(block))))?.Timestamp.Value;

    /// <summary>What a board is computed from besides the registry's edges: the outside sources' edges (appended), categories, evidence, options.</summary>
    private sealed record BoardInput(List<Edge> Edges, List<Edge> SourceEdges, IReadOnlyDictionary<string, HashSet<string>> Categories,
        IReadOnlyDictionary<string, IReadOnlyList<SourcedEvidence>> Sourced, IReadOnlyDictionary<string, Evidence>? Evidence, ReputationOptions Options);

    private async Task<BoardInput> InputAsync(List<Edge> edges, IReadOnlyDictionary<string, HashSet<string>> categories, long asOf,
        IReadOnlyCollection<string> seeds, IndexedEdges? counted, CancellationToken ct)
    {
        var sourceRows = new List<SourceEdge>();
        await using (var connection = await db.OpenConnectionAsync(ct))
            await foreach (var row in SourceEdgeStore.StreamAtBlockAsync(connection, null, ct)) sourceRows.Add(row);
        var sourceEdges = ChainEdges.Map(sourceRows);
        // The registry's evidence is counted as rows change (IndexedEdges); only the outside sources' are added here.
        var evidence = counted?.EvidenceWith(sourceEdges, asOf);
        edges.AddRange(sourceEdges); // after the registry's, in chain order: the snapshots' order
        _chainId ??= (long)(await web3().Eth.ChainId.SendRequestAsync()).Value;
        var sourced = SourcedEvidenceIndex.Build(sourceRows, _chainId.Value, asOf, settings.Sources);
        return new BoardInput(edges, sourceEdges, WithSourceCategories(categories, sourceRows), sourced, evidence, settings.ToOptions(asOf, seeds));
    }

    /// <summary>The board from trust alone (no signals, no network metrics), with the graph and options its SNA pass needs.</summary>
    private async Task<(ReputationBoard Board, ReputationGraph Graph, ReputationOptions Options)> TrustFirstAsync(
        List<Edge> edges, IReadOnlyDictionary<string, HashSet<string>> categories, long block, long asOf, IReadOnlyCollection<string> seeds,
        IndexedEdges counted, CancellationToken ct)
    {
        var input = await InputAsync(edges, categories, asOf, seeds, counted, ct);
        var options = input.Options;
        return await Task.Run(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var graph = ReputationGraph.Build(counted.Table(input.SourceEdges), options);
            var built = clock.ElapsedMilliseconds;
            var trust = ReputationEngine.Compute(graph, options with { NetworkMetrics = false, Signals = false });
            var computed = clock.ElapsedMilliseconds;
            var board = new ReputationBoard(trust, block, input.Edges, DateTimeOffset.UtcNow, input.Categories, input.Sourced, input.Evidence!);
            _stages = $"graph {built} ms, trust pass {computed - built} ms, board {clock.ElapsedMilliseconds - computed} ms";
            return (board, graph, options);
        }, ct);
    }

    private static Dictionary<string, HashSet<string>> CategoriesOf(IEnumerable<AttestationEdge> rows)
    {
        var categories = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in rows)
            if (row.SchemaUid == ProductSchemas.Endorsement.Uid && !row.Revoked
                && ProductSchemas.Endorsement.Parsed.TryDecode(row.Data, out var fields) && fields["category"] is byte[] word
                && ProductSchemas.FromBytes32(word) is { Length: > 0 } category)
            {
                if (!categories.TryGetValue(category, out var parties)) categories[category] = parties = new(StringComparer.Ordinal);
                parties.Add(row.Subject);
            }
        return categories;
    }

    /// <summary>The registry's categories with the outside sources' added (copies only what they touch).</summary>
    private static IReadOnlyDictionary<string, HashSet<string>> WithSourceCategories(IReadOnlyDictionary<string, HashSet<string>> registry, List<SourceEdge> rows)
    {
        Dictionary<string, HashSet<string>>? merged = null;
        foreach (var row in rows)
        {
            if (row.Category is not { Length: > 0 } category || !(row.Rating > 0) || row.Revoked) continue;
            merged ??= new(registry, StringComparer.Ordinal);
            if (!merged.TryGetValue(category, out var parties) || ReferenceEquals(parties, registry.GetValueOrDefault(category)))
                merged[category] = parties = parties is null ? new(StringComparer.Ordinal) : new(parties, StringComparer.Ordinal);
            parties.Add(row.Subject);
        }
        return merged ?? registry;
    }
}

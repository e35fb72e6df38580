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
}

/// <summary>
/// Recomputes everyone's reputation whenever the indexer has moved past the block the current
/// board is as of, or the trust anchors changed. Every replica computes its own board from the
/// shared database; the engine is deterministic, so they agree. The as-of time is the checkpoint
/// block's timestamp, which makes the scores a function of chain state at that block and the seed set.
/// </summary>
public sealed class ReputationRefresher(Database db, Func<IWeb3> web3, ReputationSettings settings, ReputationState state, ILogger logger)
{
    private long _computedFor = -1;
    private long? _chainId;
    private string _seedsFor = "";

    /// <summary>One look at the indexer's checkpoint and the anchors; a new board when either moved. True when a board was published.</summary>
    public async Task<bool> StepAsync(CancellationToken ct)
    {
        Checkpoint? checkpoint;
        await using (var connection = await db.OpenConnectionAsync(ct))
            checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct);
        state.SnapshotEpoch = await SnapshotProofs.LatestEpochAsync(db, ct);
        var seeds = await TrustAnchors.SeedsAsync(db, settings.Seeds, ct);
        var seedsKey = string.Join(',', seeds);
        if (checkpoint is null || (checkpoint.BlockNumber == _computedFor && seedsKey == _seedsFor)) return false;
        // The node lacks the checkpoint's block (a chain restarted behind it, or replaced): the indexer settles that
        // first (reorg path, or a new chain generation); until then the board stays as it is.
        if (await BlockTimeAsync(checkpoint.BlockNumber) is null) return false;
        state.Publish(await ComputeAsync(checkpoint.BlockNumber, seeds, ct));
        _computedFor = checkpoint.BlockNumber;
        _seedsFor = seedsKey;
        return true;
    }

    /// <summary>Everyone's reputation from the indexed attestations, as of <paramref name="block"/>, with the current seed set.</summary>
    public async Task<ReputationBoard> ComputeAsync(long block, CancellationToken ct) =>
        await ComputeAsync(block, await TrustAnchors.SeedsAsync(db, settings.Seeds, ct), ct);

    private async Task<long?> BlockTimeAsync(long block) =>
        (long?)(await web3().Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(block))))?.Timestamp.Value;

    private async Task<ReputationBoard> ComputeAsync(long block, IReadOnlyCollection<string> seeds, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var asOf = await BlockTimeAsync(block) ?? throw new InvalidOperationException($"the node has no block {block}: the index is ahead of the chain");

        var rows = new List<AttestationEdge>();
        var sourceRows = new List<SourceEdge>();
        var categories = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await foreach (var row in AttestationStore.StreamEdgesAsync(connection, null, ct))
            {
                rows.Add(row);
                if (row.SchemaUid == ProductSchemas.Endorsement.Uid && !row.Revoked
                    && ProductSchemas.Endorsement.Parsed.TryDecode(row.Data, out var fields) && fields["category"] is byte[] word
                    && ProductSchemas.FromBytes32(word) is { Length: > 0 } category)
                {
                    if (!categories.TryGetValue(category, out var parties)) categories[category] = parties = new(StringComparer.Ordinal);
                    parties.Add(row.Subject);
                }
            }
            await foreach (var row in SourceEdgeStore.StreamAtBlockAsync(connection, null, ct))
            {
                sourceRows.Add(row);
                if (row.Category is { Length: > 0 } category && row.Rating > 0 && !row.Revoked)
                {
                    if (!categories.TryGetValue(category, out var parties)) categories[category] = parties = new(StringComparer.Ordinal);
                    parties.Add(row.Subject);
                }
            }
        }
        var edges = ChainEdges.Map(rows, asOf);
        edges.AddRange(ChainEdges.Map(sourceRows)); // after the registry's, in chain order: the snapshots' order
        _chainId ??= (long)(await web3().Eth.ChainId.SendRequestAsync()).Value;
        var sourced = SourcedEvidenceIndex.Build(sourceRows, _chainId.Value, asOf, settings.Sources);
        var result = await Task.Run(() => ReputationEngine.Compute(edges, settings.ToOptions(asOf, seeds)), ct);
        logger.LogInformation("Reputation as of block {Block}: {Parties} parties, {Edges} edges, {Ms} ms{Caveat}",
            block, result.Parties.Count, edges.Count, clock.ElapsedMilliseconds, result.SybilResistant ? $" ({seeds.Count} trust anchors)" : " (no trust anchors: not sybil-resistant)");
        return new ReputationBoard(result, block, edges, DateTimeOffset.UtcNow, categories, sourced);
    }
}

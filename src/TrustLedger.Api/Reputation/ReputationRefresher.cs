using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Api.Reputation;

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
/// board is as of. Every replica computes its own board from the shared database; the engine is
/// deterministic, so they agree. The as-of time is the checkpoint block's timestamp, which makes
/// the scores a function of chain state at that block.
/// </summary>
public sealed class ReputationRefresher(
    Database db, IServiceProvider services, IOptions<ReputationSettings> settings, ReputationState state, ILogger<ReputationRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        long computedFor = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Checkpoint? checkpoint;
                await using (var connection = await db.OpenConnectionAsync(stoppingToken))
                    checkpoint = await AttestationStore.GetCheckpointAsync(connection, AttestationIndexer.RegistryStream, stoppingToken);
                state.SnapshotEpoch = await Snapshots.SnapshotProofs.LatestEpochAsync(db, stoppingToken);
                if (checkpoint is not null && checkpoint.BlockNumber != computedFor)
                {
                    state.Publish(await ComputeAsync(checkpoint.BlockNumber, stoppingToken));
                    computedFor = checkpoint.BlockNumber;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Reputation refresh failed ({Error}); keeping the board as of block {Block}", e.GetBaseException().Message, state.Board.AsOfBlock);
            }
            await Task.Delay(settings.Value.RefreshInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Everyone's reputation from the indexed attestations, as of <paramref name="block"/>.</summary>
    public async Task<ReputationBoard> ComputeAsync(long block, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var chain = services.GetRequiredService<ChainConnection>();
        var header = await chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(block)));
        var asOf = (long)header.Timestamp.Value;

        var rows = new List<AttestationEdge>();
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
        }
        var edges = ChainEdges.Map(rows);
        var result = await Task.Run(() => ReputationEngine.Compute(edges, settings.Value.ToOptions(asOf)), ct);
        logger.LogInformation("Reputation as of block {Block}: {Parties} parties, {Edges} edges, {Ms} ms{Caveat}",
            block, result.Parties.Count, edges.Count, clock.ElapsedMilliseconds, result.SybilResistant ? "" : " (no seeds: not sybil-resistant)");
        return new ReputationBoard(result, block, edges, DateTimeOffset.UtcNow, categories);
    }
}

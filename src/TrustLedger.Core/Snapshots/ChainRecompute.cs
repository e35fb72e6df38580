using System.Diagnostics;
using System.Globalization;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Snapshots;

/// <summary>How far a read of the chain has come; the rates and the time left follow from it.</summary>
public sealed record RecomputeProgress(long BlocksRead, long BlocksTotal, long Events, TimeSpan Elapsed)
{
    public double BlocksPerSecond => BlocksRead / Math.Max(Elapsed.TotalSeconds, 1e-3);
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-3);
    public TimeSpan Remaining => TimeSpan.FromSeconds(Math.Round((BlocksTotal - BlocksRead) / Math.Max(BlocksPerSecond, 1e-3)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"blocks {BlocksRead:N0}/{BlocksTotal:N0} ({100.0 * BlocksRead / Math.Max(1, BlocksTotal):F1}%), {Events:N0} events, " +
        $"{BlocksPerSecond:N0} blocks/s, {EventsPerSecond:N0} events/s, elapsed {Elapsed:hh\\:mm\\:ss}, left ~{Remaining:hh\\:mm\\:ss}");
}

/// <summary>
/// Scores from chain events alone, no database: eth_getLogs of the registry over adaptive ranges
/// (like the indexer), decoded by <see cref="RegistryLogDecoder"/>, replayed in memory
/// (<see cref="ChainReplay"/>) and scored by <see cref="SnapshotComputation.From"/>: the same code
/// after the rows as the service's. What `trustledger recompute` runs.
/// </summary>
public static class ChainRecompute
{
    /// <summary>Reads blocks [<paramref name="fromBlock"/>, <paramref name="block"/>] and scores the state at <paramref name="block"/>.</summary>
    public static async Task<SnapshotComputation> ComputeAsync(
        IWeb3 web3, SnapshotParameters parameters, long fromBlock, long block,
        IProgress<RecomputeProgress>? progress = null, CancellationToken ct = default)
    {
        var sources = parameters.Sources.IsEmpty ? null : new EdgeSourceSet(parameters.Sources);
        var (end, replay) = await ReadAsync(web3, parameters.Registry, fromBlock, block, progress, ct, sources);
        return SnapshotComputation.From(end, parameters, replay.Rows(), replay.SourceRows());
    }

    /// <summary>Replays the registry's events of [<paramref name="fromBlock"/>, <paramref name="toBlock"/>].</summary>
    public static async Task<(BlockRef End, ChainReplay Replay)> ReadAsync(
        IWeb3 web3, string registry, long fromBlock, long toBlock,
        IProgress<RecomputeProgress>? progress = null, CancellationToken ct = default, EdgeSourceSet? sources = null)
    {
        var source = new RegistryLogSource(web3, registry, sources);
        var end = await source.GetBlockAsync(toBlock) ?? throw new InvalidOperationException($"the node has no block {toBlock} yet");
        var range = new BlockRange(new IndexerOptions());
        var replay = new ChainReplay();
        var clock = Stopwatch.StartNew();
        long total = Math.Max(0, toBlock - fromBlock + 1), events = 0;
        for (long from = fromBlock; from <= toBlock;)
        {
            ct.ThrowIfCancellationRequested();
            long to = Math.Min(toBlock, from + range.Size - 1);
            var batch = await ReadRangeAsync(source, range, from, to);
            if (batch is null) continue; // refused as too large: the range shrank, read again
            replay.Apply(batch);
            events += batch.EventCount;
            range.Fitted(to - from + 1, batch.EventCount);
            from = to + 1;
            progress?.Report(new RecomputeProgress(from - fromBlock, total, events, clock.Elapsed));
        }
        if ((await source.GetBlockAsync(toBlock))?.Hash != end.Hash)
            throw new InvalidOperationException($"block {toBlock} changed (reorg) while the chain was read; run again");
        return (end, replay);
    }

    /// <summary>
    /// The first block where <paramref name="address"/> has code (its deployment block), by binary
    /// search over eth_getCode; needs a node that keeps historical state (an archive node). Null when
    /// there is no code at <paramref name="atBlock"/>.
    /// </summary>
    public static async Task<long?> FindDeploymentBlockAsync(IWeb3 web3, string address, long atBlock)
    {
        async Task<bool> HasCode(long b) =>
            await web3.Eth.GetCode.SendRequestAsync(address, new BlockParameter(new HexBigInteger(b))) is { Length: > 2 };
        if (!await HasCode(atBlock)) return null;
        long lo = 0, hi = atBlock;
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            if (await HasCode(mid)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private static async Task<IndexBatch?> ReadRangeAsync(RegistryLogSource source, BlockRange range, long from, long to)
    {
        var end = await source.GetBlockAsync(to) ?? throw new InvalidOperationException($"the node has no block {to}");
        RegistryLog[] logs;
        try
        {
            logs = await source.GetLogsAsync(from, to);
        }
        catch (Exception e) when (RegistryLogSource.IsRangeTooLarge(e) && range.ShrinkAfterRefusal())
        {
            return null;
        }
        var headers = logs.Any(l => l.BlockTimestamp is null)
            ? await source.GetBlocksAsync([.. logs.Select(l => l.BlockNumber).Distinct()])
            : [];
        var batch = RegistryLogDecoder.Decode(from, end, logs, headers, source.RegistryAddress);
        await source.DecodeSourcesAsync(batch, headers);
        return batch;
    }
}

using System.Diagnostics;

namespace TrustLedger.Core.Indexing;

/// <summary>
/// Progress lines of a long backfill: where it is, how fast it goes, how long is left. One line per
/// <see cref="IndexerOptions.ProgressInterval"/>, only while the indexer is behind by more than a range.
/// </summary>
internal sealed class IndexerProgress(ILogger logger, TimeSpan interval)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLine;
    private long _startBlock = -1;
    private long _blocks;
    private long _events;

    public void Add(long fromBlock, long toBlock, int events, long safeHead, long rangeSize, IndexerTimings timings)
    {
        if (_startBlock < 0) _startBlock = fromBlock;
        _blocks += toBlock - fromBlock + 1;
        _events += events;
        var left = safeHead - toBlock;
        if (left <= rangeSize || _clock.Elapsed - _lastLine < interval) return;
        _lastLine = _clock.Elapsed;
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var blocksPerSecond = _blocks / seconds;
        var eta = TimeSpan.FromSeconds(Math.Round(left / Math.Max(blocksPerSecond, 0.001)));
        logger.LogInformation(
            "Indexer backfill: block {Block} of {Head} ({Percent:F1}%), {Events} events in {Blocks} blocks, " +
            "{EventRate:F0} events/s, {BlockRate:F0} blocks/s, ~{Eta} left ({Timings})",
            toBlock, safeHead, 100.0 * (toBlock - _startBlock + 1) / Math.Max(1, safeHead - _startBlock + 1),
            _events, _blocks, _events / seconds, blocksPerSecond, eta, timings);
    }
}

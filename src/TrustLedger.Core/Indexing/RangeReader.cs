namespace TrustLedger.Core.Indexing;

/// <summary>
/// Reads block ranges from the node and decodes them, one range ahead: while the indexer writes range
/// N, range N+1 is already being fetched (the node and JSON parsing take longest, see docs/indexer.md).
/// A read-ahead that no longer fits (rollback, head moved back) is dropped and read again.
/// </summary>
internal sealed class RangeReader(RegistryLogSource source, BlockRange range, IndexerTimings timings, ILogger logger)
{
    private (long From, long To, Task<IndexBatch?> Read)? _ahead;

    /// <summary>
    /// Lets a pending read-ahead finish, so that the indexer's hash check of its checkpoint happens
    /// after the read: the logs then belong to a chain that still had the checkpoint's block.
    /// </summary>
    public async Task SettleAsync()
    {
        if (_ahead is { } ahead)
        {
            try { await ahead.Read; }
            catch (Exception) { Drop(); } // a failed read-ahead is simply read again
        }
    }

    /// <summary>The next range from <paramref name="from"/> up to the safe head; null when it must be read again.</summary>
    public Task<IndexBatch?> NextAsync(long from, long safeHead)
    {
        if (_ahead is { } ahead && ahead.From == from && ahead.To <= safeHead)
        {
            _ahead = null;
            return ahead.Read;
        }
        Drop();
        return ReadAsync(from, Math.Min(safeHead, from + range.Size - 1));
    }

    /// <summary>Starts reading the range after <paramref name="previousTo"/>, if there is one below the safe head.</summary>
    public void ReadAhead(long previousTo, long safeHead)
    {
        Drop();
        if (previousTo >= safeHead) return;
        var from = previousTo + 1;
        var to = Math.Min(safeHead, from + range.Size - 1);
        _ahead = (from, to, ReadAsync(from, to));
    }

    public void Drop()
    {
        if (_ahead is { } ahead) _ = ahead.Read.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        _ahead = null;
    }

    /// <summary>Reads and decodes [from, to]; null when the range must be read again (refused as too large, chain moved).</summary>
    private async Task<IndexBatch?> ReadAsync(long from, long to)
    {
        // The end block's hash is read before and after the logs: if it did not change, no reorg
        // touched [from, to] meanwhile, and the logs belong to that chain.
        var end = await timings.RpcAsync(() => source.GetBlockAsync(to));
        if (end is null) return null; // the head moved back; the indexer's hash check sorts it out
        RegistryLog[] logs;
        try
        {
            logs = await timings.RpcAsync(() => source.GetLogsAsync(from, to));
        }
        catch (Exception e) when (RegistryLogSource.IsRangeTooLarge(e))
        {
            if (!range.ShrinkAfterRefusal()) throw;
            logger.LogDebug("eth_getLogs refused {Blocks} blocks ({Error}); trying {Size}", to - from + 1, e.Message, range.Size);
            return null;
        }
        var headers = logs.Any(l => l.BlockTimestamp is null)
            ? await timings.RpcAsync(() => source.GetBlocksAsync([.. logs.Select(l => l.BlockNumber).Distinct()]))
            : [];
        try
        {
            if ((await timings.RpcAsync(() => source.GetBlockAsync(to)))?.Hash != end.Hash)
                throw new ChainMovedException($"block {to} changed while its range was read");
            var batch = timings.Decoding(() => RegistryLogDecoder.Decode(from, end, logs, headers, source.RegistryAddress));
            await timings.RpcAsync(async () => { await source.DecodeSourcesAsync(batch, headers); return 0; });
            return batch;
        }
        catch (ChainMovedException e)
        {
            logger.LogInformation("Indexer: {Reason}; reading the range again", e.Message);
            return null;
        }
    }
}

namespace TrustLedger.Core.Indexing;

/// <summary>
/// Reads block ranges from the node and decodes them, up to <see cref="Depth"/> ranges ahead: while the
/// indexer writes range N, ranges N+1 and N+2 are fetched one after the other, so a write longer than
/// one read (the first range of a backfill holds whatever the initial size caught) no longer leaves
/// the node idle. Each read fits the range size to what it found before the next read starts. A read-ahead that no longer fits (rollback,
/// head moved back, range refused) is dropped and read again.
/// </summary>
internal sealed class RangeReader(RegistryLogSource source, BlockRange range, IndexerTimings timings, ILogger logger)
{
    /// <summary>Ranges read ahead of the one being written: bounds memory to a few ranges of TargetEventsPerRange.</summary>
    public const int Depth = 2;

    private readonly Queue<Task<IndexBatch?>> _ahead = new();

    /// <summary>
    /// Lets the pending read-aheads finish, so that the indexer's hash check of its checkpoint happens
    /// after the reads: their logs then belong to a chain that still had the checkpoint's block.
    /// </summary>
    public async Task SettleAsync()
    {
        foreach (var read in _ahead.ToArray())
        {
            try { await read; }
            catch (Exception)
            {
                Drop(); // a failed read-ahead is simply read again
                return;
            }
        }
    }

    /// <summary>The next range from <paramref name="from"/> up to the safe head; null when it must be read again.</summary>
    public async Task<IndexBatch?> NextAsync(long from, long safeHead)
    {
        if (_ahead.TryDequeue(out var ahead))
        {
            IndexBatch? batch;
            try { batch = await ahead; }
            catch
            {
                Drop();
                throw;
            }
            if (batch is not null && batch.From == from && batch.To.Number <= safeHead) return batch;
        }
        Drop();
        return await ReadAsync(from, Math.Min(safeHead, from + range.Size - 1));
    }

    /// <summary>Reads ahead after <paramref name="previousTo"/> (the range about to be written), up to <see cref="Depth"/> ranges below the safe head.</summary>
    public void ReadAhead(long previousTo, long safeHead)
    {
        if (_ahead.Count == 0 && previousTo < safeHead)
        {
            var from = previousTo + 1;
            _ahead.Enqueue(ReadAsync(from, Math.Min(safeHead, from + range.Size - 1)));
        }
        while (_ahead.Count is > 0 and < Depth) _ahead.Enqueue(AfterAsync(_ahead.Last(), safeHead));
    }

    public void Drop()
    {
        while (_ahead.TryDequeue(out var read)) _ = read.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    /// <summary>The range after <paramref name="previous"/>'s, once it is read (null when it was not, or reached the safe head).</summary>
    private async Task<IndexBatch?> AfterAsync(Task<IndexBatch?> previous, long safeHead)
    {
        var before = await previous;
        if (before is null || before.To.Number >= safeHead) return null;
        var from = before.To.Number + 1;
        return await ReadAsync(from, Math.Min(safeHead, from + range.Size - 1));
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
            range.Fitted(to - from + 1, batch.EventCount); // before the next read-ahead takes its size
            return batch;
        }
        catch (ChainMovedException e)
        {
            logger.LogInformation("Indexer: {Reason}; reading the range again", e.Message);
            return null;
        }
    }
}

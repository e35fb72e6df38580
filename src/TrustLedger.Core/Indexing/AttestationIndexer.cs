using Nethereum.Web3;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing.Sources;
using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Indexing;

/// <summary>
/// Keeps the database's copy of the attestation registry in step with the chain: eth_getLogs over
/// adaptive ranges from the deployment block, one transaction per range with its checkpoint, N
/// confirmations behind the head, reorgs found by block hash and rolled back, transient failures
/// retried with backoff. Run one per database: the API holds the "indexer" lease around it, and
/// every write is fenced by a compare-and-set on the checkpoint (and the lease, when given).
/// </summary>
public sealed class AttestationIndexer
{
    public const string RegistryStream = "AttestationRegistry";

    private readonly RegistryLogSource _source;
    private readonly IndexWriter _writer;
    private readonly BlockRange _range;
    private readonly IndexerOptions _options;
    private readonly int _confirmations;
    private readonly long _deploymentBlock;
    private readonly ILogger _logger;
    private readonly IndexerProgress _progress;
    private readonly RangeReader _reader;
    private readonly ChainWatch? _watch;
    private readonly IndexAdvance? _advance;
    private Checkpoint? _checkpoint;
    private volatile IndexerStatus _status = IndexerStatus.Starting;

    public AttestationIndexer(
        Database db, IWeb3 web3, string registryAddress, long deploymentBlock, int confirmations,
        IndexerOptions options, ILogger logger, EdgeSourceSet? sources = null, ChainWatch? watch = null, IndexAdvance? advance = null)
    {
        _watch = watch;
        _advance = advance;
        _source = new RegistryLogSource(web3, registryAddress, sources);
        // The outside sources are read in the same ranges: start at the earliest block any of them needs.
        deploymentBlock = Math.Min(deploymentBlock, sources?.Options.FromBlock ?? deploymentBlock);
        _writer = new IndexWriter(db, RegistryStream, options);
        _range = new BlockRange(options);
        _options = options;
        _confirmations = Math.Max(0, confirmations);
        _deploymentBlock = deploymentBlock;
        _logger = logger;
        _progress = new IndexerProgress(logger, options.ProgressInterval);
        _reader = new RangeReader(_source, _range, Timings, logger);
    }

    public IndexerStatus Status => _status;

    /// <summary>Time spent in the node, decoding and the database since this indexer was created.</summary>
    public IndexerTimings Timings { get; } = new();

    /// <summary>Blocks the next eth_getLogs call will span.</summary>
    public long RangeSize => _range.Size;

    /// <summary>
    /// Indexes until <paramref name="ct"/> is cancelled. A failing node or database is retried with
    /// exponential backoff, never given up on. Ends with <see cref="IndexerFencedException"/> when
    /// another indexer has taken over (lease lost, checkpoint moved).
    /// </summary>
    public Task RunAsync(Lease? lease, CancellationToken ct)
    {
        _checkpoint = null; // another indexer may have moved it since this one last ran
        _reader.Drop();
        var pacing = new WorkerPacing(_options.PollInterval, _options.InitialBackoff, _options.MaxBackoff);
        return WorkerLoop.RunAsync("Indexer", async token => !await StepAsync(lease, token), pacing, _logger, ct,
            stopsTheLoop: e => e is IndexerFencedException,
            onFailure: e =>
            {
                // A failed commit may still have landed: read the checkpoint again rather than trust memory.
                _checkpoint = null;
                _reader.Drop();
                SetStatus("retrying", _status.HeadBlock, Describe(e));
            });
    }

    /// <summary>
    /// One step: check the checkpoint is still on the chain (else roll back to the fork point), then
    /// index one range. True when there is nothing to index until the chain grows.
    /// </summary>
    public async Task<bool> StepAsync(Lease? lease, CancellationToken ct)
    {
        try
        {
            return await StepCoreAsync(lease, ct);
        }
        catch (IndexerFencedException)
        {
            _checkpoint = null; // whoever fenced us off owns it now
            _reader.Drop();
            SetStatus("standby", _status.HeadBlock);
            throw;
        }
    }

    private async Task<bool> StepCoreAsync(Lease? lease, CancellationToken ct)
    {
        var checkpoint = _checkpoint ??= await LoadCheckpointAsync(lease, ct);
        await _reader.SettleAsync();
        var head = await Timings.RpcAsync(_source.GetHeadAsync);
        var safeHead = head - _confirmations;

        var onChain = await Timings.RpcAsync(() => _source.GetBlockAsync(checkpoint.BlockNumber));
        if (onChain?.Hash != checkpoint.BlockHash)
        {
            _reader.Drop();
            // A reorg, or another chain altogether (a restarted node, a reset): only the first is ours to follow.
            if (_watch is not null && !await _watch.CheckAsync(ct)) _watch.EnsureCurrent();
            _checkpoint = await RollBackToForkAsync(checkpoint, lease, ct);
            _advance?.Moved();
            SetStatus("following", head);
            return false;
        }
        if (checkpoint.BlockNumber >= safeHead)
        {
            SetStatus("following", head);
            return true;
        }

        var batch = await _reader.NextAsync(checkpoint.BlockNumber + 1, safeHead);
        if (batch is null) return false;
        var (from, to) = (batch.From, batch.To.Number);
        _reader.ReadAhead(to, safeHead);

        try
        {
            _checkpoint = await Timings.DbAsync(() => _writer.ApplyAsync(batch, checkpoint, lease, ct));
        }
        catch
        {
            _reader.Drop();
            throw;
        }
        _advance?.Moved();
        _progress.Add(from, to, batch.EventCount, safeHead, _range.Size, Timings);
        SetStatus(to == safeHead ? "following" : "backfilling", head);
        return false;
    }

    /// <summary>
    /// The checkpoint's block is no longer on the chain. The fork point is the highest kept block hash
    /// the chain still has (hashes commit to their ancestors, so everything below it is unchanged and
    /// everything above the fork differs: a binary search finds it). Rows above it are undone.
    /// </summary>
    private async Task<Checkpoint> RollBackToForkAsync(Checkpoint checkpoint, Lease? lease, CancellationToken ct)
    {
        var kept = await _writer.BlockHashesAsync(ct);
        BlockRef? fork = null;
        for (int lo = 0, hi = kept.Count - 1; lo <= hi;)
        {
            var mid = lo + (hi - lo) / 2;
            if ((await _source.GetBlockAsync(kept[mid].Number))?.Hash == kept[mid].Hash)
            {
                fork = kept[mid];
                lo = mid + 1;
            }
            else hi = mid - 1;
        }
        if (fork is null)
        {
            fork = await StartBlockAsync();
            _logger.LogWarning("Reorg deeper than the {Count} kept block hashes: re-indexing from block {Block}", kept.Count, fork.Number + 1);
        }
        var rolledBack = await _writer.RollbackAsync(checkpoint, fork, lease, ct);
        _logger.LogWarning(
            "Reorg: block {Block} {Hash} is no longer on the chain; rolled back {Depth} blocks to block {Fork} and re-indexing from there",
            checkpoint.BlockNumber, checkpoint.BlockHash, checkpoint.BlockNumber - fork.Number, fork.Number);
        return rolledBack;
    }

    private async Task<Checkpoint> LoadCheckpointAsync(Lease? lease, CancellationToken ct)
    {
        var stored = await _writer.ReadCheckpointAsync(ct);
        var sources = _source.Sources.Fingerprint;
        var sameSources = stored is null || await _writer.SourcesAsync(ct) == sources;
        if (stored is not null && stored.ContractAddress == _source.RegistryAddress && sameSources) return stored;
        var start = await StartBlockAsync();
        if (stored is null)
            _logger.LogInformation("Indexing registry {Registry} from its deployment block {Block}", _source.RegistryAddress, start.Number + 1);
        else if (!sameSources)
            _logger.LogWarning("The edge sources (Reputation:Sources) differ from those the index was built with: indexing from block {Block} again", start.Number + 1);
        else
            _logger.LogWarning("The database holds the index of registry {Old}, but the registry is now {New}: indexing it from scratch",
                stored.ContractAddress, _source.RegistryAddress);
        return await _writer.ResetAsync(_source.RegistryAddress, start, lease, ct, sources);
    }

    /// <summary>The block before the deployment: the checkpoint of an empty index.</summary>
    private async Task<BlockRef> StartBlockAsync() =>
        await _source.GetBlockAsync(Math.Max(0, _deploymentBlock - 1))
        ?? throw new InvalidOperationException($"the node has no block {_deploymentBlock - 1}, before the registry's deployment");

    private void SetStatus(string state, long? head, string? error = null)
    {
        var checkpoint = _checkpoint?.BlockNumber ?? _status.CheckpointBlock;
        _status = new IndexerStatus(state, checkpoint, head, head - checkpoint, error, DateTimeOffset.UtcNow);
    }

    private static string Describe(Exception e) =>
        e.InnerException is null ? e.Message : $"{e.Message}: {e.GetBaseException().Message}";
}

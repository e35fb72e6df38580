namespace TrustLedger.Core.Chain;

/// <summary>The chain the service's data belongs to no longer answers as itself: its genesis or our contracts' code changed.</summary>
public sealed class ChainReplacedException(string message) : Exception(message);

/// <summary>
/// Whether the node is still the chain our data belongs to: the genesis block hash and the runtime code at each
/// contract address of <see cref="ChainConnection.Deployment"/>, checked at start and periodically (the chain-watch
/// worker, and the indexer whenever its checkpoint's block is gone). A replaced chain is an event, not a loop: it
/// is logged once, becomes <see cref="Replaced"/> for good (in this process), cancels <see cref="ReplacedToken"/> so
/// the workers stop, and every later send or intake refuses. Starting the service again begins on the new chain.
/// </summary>
public sealed class ChainWatch(ILogger<ChainWatch> logger)
{
    private readonly CancellationTokenSource _replaced = new();
    private readonly Lock _lock = new();

    /// <summary>Why the chain counts as replaced; null while it is the one our data belongs to.</summary>
    public string? Replaced { get; private set; }

    public bool IsReplaced => Replaced is not null;

    /// <summary>Cancelled when the chain is found replaced: link it into work that must not outlive its chain.</summary>
    public CancellationToken ReplacedToken => _replaced.Token;

    /// <summary>When a check last found the chain to be ours.</summary>
    public DateTimeOffset? LastVerifiedAt { get; private set; }

    private ChainConnection? _chain;

    /// <summary>The chain watched: set once connected, before any worker starts.</summary>
    public ChainConnection Chain
    {
        get => _chain ?? throw new InvalidOperationException("the chain watch has not been given its connection yet");
        set => _chain = value;
    }

    /// <summary>
    /// Reads the genesis hash and each contract's code. True when the chain is still ours. Node trouble throws
    /// (an unreachable node is not a replaced chain).
    /// </summary>
    public async Task<bool> CheckAsync(CancellationToken ct = default)
    {
        if (IsReplaced) return false;
        var chain = Chain;
        var deployment = chain.Deployment;
        var genesis = await ChainConnection.GenesisHashAsync(chain.Web3);
        if (genesis is not null && deployment.GenesisHash is { } recorded && genesis != recorded)
            return MarkReplaced($"the node's genesis block is {genesis}, not {recorded}: chain {chain.ChainId} was replaced by another");
        foreach (var (name, contract) in deployment.Contracts)
        {
            ct.ThrowIfCancellationRequested();
            var code = await ContractCode.ReadAsync(chain.Web3, contract.Address);
            if (!ContractCode.IsDeployedCode(name, contract, code))
                return MarkReplaced(code.Length == 0
                    ? $"{name} at {contract.Address} has no code any more: the chain it was deployed on is gone"
                    : $"{name} at {contract.Address} holds other code than was deployed: the chain it was deployed on is gone");
        }
        LastVerifiedAt = DateTimeOffset.UtcNow;
        return true;
    }

    /// <summary>
    /// Before a transaction to <paramref name="to"/> is signed: refuses once replaced, and when <paramref name="to"/>
    /// is one of our contracts its code is read now, so nothing is sent to an address whose code is not ours.
    /// </summary>
    public async Task EnsureSendableAsync(string to, CancellationToken ct = default)
    {
        EnsureCurrent();
        if (_chain is null) return;
        var recorded = _chain.Deployment.Contracts.FirstOrDefault(c => string.Equals(c.Value.Address, to, StringComparison.OrdinalIgnoreCase));
        if (recorded.Value is null) return;
        if (!ContractCode.IsDeployedCode(recorded.Key, recorded.Value, await ContractCode.ReadAsync(_chain.Web3, recorded.Value.Address)))
            await CheckAsync(ct); // names the reason, logs it once
        EnsureCurrent();
    }

    /// <summary>Throws <see cref="ChainReplacedException"/> once the chain was found replaced.</summary>
    public void EnsureCurrent()
    {
        if (Replaced is { } reason) throw new ChainReplacedException(reason);
    }

    private bool MarkReplaced(string reason)
    {
        lock (_lock)
        {
            if (IsReplaced) return false;
            Replaced = reason;
        }
        logger.LogCritical(
            "The chain was replaced: {Reason}. Relaying, indexing, snapshots and rewards stop; intake answers 503; " +
            "records of the old chain are kept, marked as its, and never served as current. Start the service again to begin on the new chain",
            reason);
        _replaced.Cancel();
        return false;
    }
}

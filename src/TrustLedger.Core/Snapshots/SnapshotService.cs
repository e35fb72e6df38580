using Microsoft.Extensions.Options;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Trust;

namespace TrustLedger.Core.Snapshots;

/// <summary>Configuration section "Snapshots".</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Snapshots";

    /// <summary>How often the leader computes and publishes a new epoch; zero turns the schedule off (on demand only).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the leader looks at a snapshot on its way to the chain.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between retries after a node or database failure.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>What a request for a new snapshot came to.</summary>
public enum SnapshotOutcome
{
    /// <summary>A new epoch was computed and stored; the leader publishes it.</summary>
    Created,
    /// <summary>An epoch is still on its way to the chain; it is returned instead (one at a time keeps epochs gapless).</summary>
    InProgress,
    /// <summary>The chain state and parameters are those of the latest epoch: nothing new to publish.</summary>
    Unchanged,
    /// <summary>Nothing to score yet (registry not indexed, no attestations, or the indexer is rolling back a reorg).</summary>
    NotReady,
}

public sealed record SnapshotRequestResult(SnapshotOutcome Outcome, SnapshotRecord? Snapshot, string? Reason = null);

/// <summary>
/// Computes a snapshot from the indexed chain state at the indexer's checkpoint (N confirmations
/// behind the head) and stores it as the next epoch. Any replica may compute (the result is a
/// function of chain state and parameters); only the "snapshots" leader publishes.
/// </summary>
public sealed class SnapshotService(Database db, Func<ChainConnection> chain, IOptions<SnapshotParameters> parameters, ILogger<SnapshotService> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1); // computing is CPU-heavy: one at a time per replica

    public ChainConnection Chain => chain();

    public ReputationSnapshotsService Contract => new(Chain.Web3, Chain.Deployment.AddressOf(ProductContracts.Snapshots));

    /// <summary>The configured scoring parameters bound to this chain and registry, with the configured seeds only.</summary>
    public SnapshotParameters Parameters => parameters.Value with
    {
        ChainId = Chain.ChainId, Registry = Chain.Deployment.AddressOf(ProductContracts.Registry),
    };

    /// <summary>
    /// The parameters an epoch is scored with now: <see cref="Parameters"/> with the current seed set
    /// (configured and governed trust anchors), so the parameters document records who the anchors were.
    /// </summary>
    public async Task<SnapshotParameters> CurrentParametersAsync(CancellationToken ct)
    {
        var configured = Parameters;
        return configured with { Seeds = await TrustAnchors.SeedsAsync(db, configured.Seeds, ct) };
    }

    public async Task<SnapshotRequestResult> CreateAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            return await CreateCoreAsync(ct);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<SnapshotRequestResult> CreateCoreAsync(CancellationToken ct)
    {
        var contract = Contract;
        SnapshotRecord? latest;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            if (await SnapshotStore.UnpublishedAsync(connection, contract.Address, ct) is { } inProgress)
                return new(SnapshotOutcome.InProgress, inProgress, $"epoch {inProgress.Epoch} is {inProgress.Status}");
            latest = await SnapshotStore.LatestAsync(connection, contract.Address, ct);
        }

        var parameters = await CurrentParametersAsync(ct);
        if (latest is not null && latest.ParametersHash == parameters.Hash().ToString())
        {
            // Same parameters and the indexer has not moved: the answer is known without scoring anything.
            await using var connection = await db.OpenConnectionAsync(ct);
            var checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct);
            if (checkpoint?.BlockNumber == latest.ComputedAtBlock)
                return new(SnapshotOutcome.Unchanged, latest, $"epoch {latest.Epoch} already covers block {latest.ComputedAtBlock}");
        }

        var computation = await SnapshotComputation.FromIndexAsync(db, Chain.Web3, parameters, ct);
        if (computation is null) return new(SnapshotOutcome.NotReady, latest, "the registry is not indexed yet");
        if (computation.Tree is null) return new(SnapshotOutcome.NotReady, latest, "no attestation counts yet");
        if (latest is not null && latest.ComputedAtBlock == computation.Block.Number && latest.ParametersHash == computation.ParametersHash.ToString())
            return new(SnapshotOutcome.Unchanged, latest, $"epoch {latest.Epoch} already covers block {latest.ComputedAtBlock}");
        if (latest is not null && latest.ComputedAtBlock > computation.Block.Number)
            return new(SnapshotOutcome.NotReady, latest, "the indexer is behind the latest epoch's block (rolling back a reorg?)");

        var epoch = (long)Math.Max((ulong)(latest?.Epoch ?? 0), await contract.LatestEpochAsync()) + 1;
        var stored = await SnapshotStore.InsertAsync(db, computation, contract.Address, Chain.ChainId, epoch, ct);
        if (stored is null)
        {
            // Another replica stored this epoch first: report theirs.
            await using var connection = await db.OpenConnectionAsync(ct);
            return new(SnapshotOutcome.InProgress, await SnapshotStore.GetAsync(connection, contract.Address, epoch, ct), $"epoch {epoch} was just computed");
        }
        logger.LogInformation(
            "Snapshot epoch {Epoch}: {Parties} parties from {Attestations} attestations at block {Block}, root {Root}, {Parameters}",
            stored.Epoch, stored.PartyCount, stored.AttestationCount, stored.ComputedAtBlock, stored.MerkleRoot, computation.Parameters);
        foreach (var warning in computation.Scores.Warnings) logger.LogWarning("Snapshot epoch {Epoch}: {Warning}", stored.Epoch, warning);
        return new(SnapshotOutcome.Created, stored);
    }
}

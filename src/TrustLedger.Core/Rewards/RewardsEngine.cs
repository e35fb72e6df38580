using Dapper;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Transactions;
using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Rewards;

/// <summary>
/// The reward programs' work, one step at a time, while the "rewards" lease is held: settle the minter's
/// transaction in flight, re-check recent mints against reorgs, send a queued program creation, then (only
/// from an index that is on the node's chain) follow the contract admin's own acts on each token (pause,
/// resume, cap, budget), decide new events, apply the reorg policy to rewards whose event is gone, and send
/// clawbacks and mints. The minter key only creates programs, mints and claws back; it administers nothing. Every state lives in the database, so a fresh engine after
/// a crash, restart or failover continues where the last one stopped.
/// </summary>
public sealed partial class RewardsEngine(
    ChainConnection chain, Database db, TransactionSender sender, TokenReader reader, RewardsOptions options, ILogger logger)
{
    private readonly Dictionary<long, DateTimeOffset> _retryAt = [];

    public Task RunAsync(Lease lease, CancellationToken ct) => WorkerLoop.RunAsync("Rewards", token => StepAsync(lease, token),
        new WorkerPacing(options.PollInterval, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)), logger, ct);

    /// <summary>One unit of progress; false when there was nothing to do.</summary>
    public async Task<bool> StepAsync(Lease lease, CancellationToken ct)
    {
        if ((await sender.RecoverLostAsync((c, t, tx) => ReopenLostAsync(c, t, tx.TxHash, ct), ct)).Count > 0) return true;
        if (await SettleAsync(lease, ct) is { } settled) return settled;
        if (await VerifyRecentAsync(ct)) return true;
        if (await SendQueuedOperationAsync(lease, ct)) return true;
        if (await IndexedCheckpointAsync(ct) is not { } judgeUpTo) return false;

        IReadOnlyList<ProgramRow> programs;
        await using (var connection = await db.OpenConnectionAsync(ct))
            programs = [.. (await RewardStore.ProgramsAsync(connection, ct)).Where(p => p.TokenAddress is not null && p.Status is "active" or "paused")];
        var progress = false;
        foreach (var program in programs)
        {
            progress |= await FollowAdminAsync(program, ct); // before deciding: a pause must be known before the events after it
            progress |= await DecideAsync(lease, program, ct);
            progress |= await ReconcileAsync(program, judgeUpTo, ct);
        }
        foreach (var program in programs)
            if (await SendClawbackAsync(lease, program, ct) || await SendMintAsync(lease, program, ct)) return true;
        return progress;
    }

    /// <summary>
    /// The indexer's checkpoint block, if the node still has that block: rewards are decided and reorgs
    /// judged only from an index on the node's current chain, never from one the indexer is about to roll back.
    /// </summary>
    /// <returns>the highest event block whose absence from the index means something: everything once the
    /// indexer has caught up with the chain's confirmation depth, its checkpoint while it is still behind</returns>
    private async Task<long?> IndexedCheckpointAsync(CancellationToken ct)
    {
        Checkpoint? checkpoint;
        await using (var connection = await db.OpenConnectionAsync(ct))
            checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct);
        if (checkpoint is null) return null;
        var block = await chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(checkpoint.BlockNumber)));
        if (!string.Equals(block?.BlockHash, checkpoint.BlockHash, StringComparison.OrdinalIgnoreCase)) return null;
        var head = (long)(await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        return checkpoint.BlockNumber >= head - chain.Options.Confirmations - 1 ? long.MaxValue : checkpoint.BlockNumber;
    }

    /// <summary>Decides the program's undecided events in chain order (at most MaxEventsPerPass per schema).</summary>
    private async Task<bool> DecideAsync(Lease lease, ProgramRow program, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var versions = (await RewardStore.VersionsAsync(connection, program.Id, ct))
            .Where(v => v.EffectiveBlock is not null).Select(v => new RuleVersion(v.Version, v.EffectiveBlock!.Value, v.Parsed)).ToList();
        if (versions.Count == 0) return false;
        var from = versions.Min(v => v.EffectiveBlock);
        var events = new List<RewardEvent>();
        (long Block, long Log)? cut = null;
        foreach (var schema in versions.SelectMany(v => v.Rules.Rewards.Select(r => r.Schema)).Distinct())
        {
            var found = await RewardLedger.UndecidedAsync(connection, program.Id, schema, from, options.MaxEventsPerPass, ct);
            events.AddRange(found);
            // A full page is complete only up to its last event: later events of other schemas wait for the next pass.
            if (found.Count == options.MaxEventsPerPass && (cut is null || (found[^1].Block, found[^1].LogIndex).CompareTo(cut.Value) < 0))
                cut = (found[^1].Block, found[^1].LogIndex);
        }
        if (cut is { } c) events.RemoveAll(e => (e.Block, e.LogIndex).CompareTo(c) > 0);
        if (events.Count == 0) return false;
        events.Sort((a, b) => (a.Block, a.LogIndex).CompareTo((b.Block, b.LogIndex)));

        var history = await RewardLedger.CountedAsync(connection, program.Id, ct);
        ChainStanding? standing = null;
        if (versions.Any(v => v.Rules.Reputation is not null))
        {
            var rows = new List<AttestationEdge>();
            await foreach (var row in AttestationStore.StreamEdgesAsync(connection, ct: ct)) rows.Add(row);
            standing = new ChainStanding(rows);
        }
        var calculator = new RewardCalculator(program.Clock, versions, history, standing);
        var decisions = events.SelectMany(e => calculator.Decide(e).Select(d => (e, d))).ToList();

        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await lease.StillHeldAsync(connection, tx, ct)) return false;
        if (!await RewardLedger.WriteDecisionsAsync(connection, tx, program.Id, program.RulesVersion, decisions, ct)) return false;
        await tx.CommitAsync(ct);
        logger.LogInformation("Rewards: program {Program} decided {Events} events: {Paying} rewards, {Skipped} skipped",
            program.Id, events.Count, decisions.Count(d => d.d.Pays), decisions.Count(d => !d.d.Pays));
        return true;
    }

    /// <summary>
    /// Rewards whose event the index lost (a reorg) and the node does not hold either: withheld when never
    /// sent, clawed back when possibly minted. An event the node still has is only being re-indexed.
    /// </summary>
    private async Task<bool> ReconcileAsync(ProgramRow program, long judgeUpTo, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var missing = (await RewardLedger.MissingEventsAsync(connection, program.Id, judgeUpTo, ct)).Take(options.MaxBatchSize).ToList();
        if (missing.Count == 0) return false;
        var registry = chain.Deployment.AddressOf(ProductContracts.Registry);
        var gone = new List<RewardWork>();
        foreach (var group in missing.GroupBy(m => m.EventUid))
        {
            if (await reader.EventOnChainAsync(registry, group.Key, needsConfirmation: group.First().SchemaName == "reciprocity")) continue;
            gone.AddRange(group);
        }
        if (gone.Count == 0) return false;
        await RewardLedger.MarkGoneAsync(connection, gone, ct);
        logger.LogWarning("Rewards: program {Program}: {Events} event(s) gone after a reorg: {Rewards} reward(s) withheld or to claw back",
            program.Id, gone.Select(g => g.EventUid).Distinct().Count(), gone.Count(g => g.Status != "skipped"));
        return true;
    }

    private bool Waiting(long programId) => _retryAt.TryGetValue(programId, out var at) && DateTimeOffset.UtcNow < at;

    /// <summary>Leaves the program alone for Rewards:RetryAfter and shows why in its <c>error</c>.</summary>
    private async Task BackOffAsync(long programId, string error, CancellationToken ct)
    {
        _retryAt[programId] = DateTimeOffset.UtcNow + options.RetryAfter;
        await SetErrorAsync(programId, error, ct);
    }

    private async Task SetErrorAsync(long programId, string? error, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reward_programs SET error = @error WHERE id = @programId AND COALESCE(error, '') <> COALESCE(@error, '')",
            new { programId, error }, cancellationToken: ct));
    }
}

using System.Data.Common;
using Dapper;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Contracts;
using TrustLedger.Contracts.RewardToken;

namespace TrustLedger.Core.Rewards;

public sealed partial class RewardsEngine
{
    /// <summary>Most blocks one pass reads admin events over, per program.</summary>
    private const long FollowRange = 5_000;

    /// <summary>
    /// Follows the contract admin's own transactions on the program's token (Paused, Unpaused, EpochCapChanged,
    /// BudgetChanged), up to Chain:Confirmations below the head, and versions the program's rules from the block
    /// after each: pause stops rewarding later events, resume starts again, cap and budget follow the token. Runs
    /// before events are decided in the same step, so no event past a pause is ever decided as if unpaused. A change
    /// the rules already show (the creation block's own events) is no new version. True when a version was added.
    /// </summary>
    private async Task<bool> FollowAdminAsync(ProgramRow program, CancellationToken ct)
    {
        if (program.TokenAddress is not { } token || program.CreatedBlock is not { } created) return false;
        var head = (long)(await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var from = (program.FollowedBlock ?? created - 1) + 1;
        var to = Math.Min(head - chain.Options.Confirmations, from + FollowRange - 1);
        if (to < from) return false;

        var filter = new NewFilterInput
        {
            Address = [token],
            FromBlock = new BlockParameter(new HexBigInteger(from)),
            ToBlock = new BlockParameter(new HexBigInteger(to)),
            Topics = [new object[] { Topic<PausedEvent>(), Topic<UnpausedEvent>(), Topic<EpochCapChangedEvent>(), Topic<BudgetChangedEvent>() }],
        };
        var logs = (await chain.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter) ?? [])
            .OrderBy(l => (long)l.BlockNumber.Value).ThenBy(l => (long)l.LogIndex.Value).ToArray();
        var changes = new List<(long Block, string Reason, string By, Func<RewardRules, RewardRules?> Change, string? Status)>();
        foreach (var log in logs)
        {
            var block = (long)log.BlockNumber.Value;
            FilterLog[] one = [log];
            if (one.DecodeAllEvents<PausedEvent>().FirstOrDefault() is { } paused)
                changes.Add((block, "pause", paused.Event.Account.ToLowerInvariant(), r => r.Paused ? null : r with { Paused = true }, "paused"));
            else if (one.DecodeAllEvents<UnpausedEvent>().FirstOrDefault() is { } unpaused)
                changes.Add((block, "resume", unpaused.Event.Account.ToLowerInvariant(), r => r.Paused ? r with { Paused = false } : null, "active"));
            else if (one.DecodeAllEvents<EpochCapChangedEvent>().FirstOrDefault() is { } cap)
                changes.Add((block, "fund", await SenderOfAsync(log), r => r.EpochCap == cap.Event.NewCap ? null : r with { EpochCap = cap.Event.NewCap }, null));
            else if (one.DecodeAllEvents<BudgetChangedEvent>().FirstOrDefault() is { } budget)
                changes.Add((block, "fund", await SenderOfAsync(log), r => r.Budget == budget.Event.NewBudget ? null : r with { Budget = budget.Event.NewBudget }, null));
        }

        var versions = 0;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var (block, reason, by, change, status) in changes)
        {
            var current = (await RewardStore.VersionsAsync(connection, program.Id, ct, tx))[^1].Parsed;
            if (change(current) is not { } next) continue;
            await RewardStore.AddVersionAsync(connection, tx, program.Id, _ => next, reason, by, block + 1, ct);
            if (status is not null) await SetProgramStatusAsync(connection, tx, program.Id, status, ct);
            versions++;
            logger.LogInformation("Rewards: program {Program}: the admin's {Reason} in block {Block} is rules version from block {From}",
                program.Id, reason, block, block + 1);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reward_programs SET followed_block = @to WHERE id = @Id", new { to, program.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return versions > 0;
    }

    private static Task SetProgramStatusAsync(DbConnection c, DbTransaction t, long programId, string status, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE reward_programs SET status = @status, updated_at = @now WHERE id = @programId AND status IN ('active', 'paused')",
            new { programId, status, now = RewardTransaction.Now() }, t, cancellationToken: ct));

    /// <summary>Who sent an admin transaction (cap and budget events do not name the caller).</summary>
    private async Task<string> SenderOfAsync(FilterLog log) =>
        (await chain.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(log.TransactionHash))?.From?.ToLowerInvariant() ?? "admin";

    private static string Topic<TEvent>() where TEvent : IEventDTO, new() => ABITypedRegistry.GetEvent<TEvent>().Sha3Signature.EnsureHexPrefix();
}

using System.Data.Common;
using Dapper;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Core.Chain.Contracts.Rewards;
using TrustLedger.Core.Chain.Contracts.Rewards.ProgramFactory;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Rewards;

public sealed partial class RewardsEngine
{
    /// <summary>Applies the receipt of the transaction in flight, or gives its work back if it was dropped.</summary>
    private async Task<bool> SettleAsync(RewardTransaction tx, CancellationToken ct)
    {
        var receipt = await sender.ReceiptAsync(tx, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        if (receipt is null)
        {
            var current = await RewardStore.OperationAsync(connection, tx.Id, ct);
            if (current?.Status != "dropped") return false;
            await using var release = await connection.BeginTransactionAsync(ct);
            await ReleaseAsync(connection, release, current, ct);
            await release.CommitAsync(ct);
            logger.LogWarning("Rewards: {Kind} {Tx} was dropped ({Detail}); its work goes out again", tx.Kind, tx.TxHash, current.ErrorDetail);
            return true;
        }
        var succeeded = receipt.Status?.Value == 1;
        var block = (long)receipt.BlockNumber.Value;
        await using var write = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_transactions SET status = @status, block_number = @block, block_hash = @hash,
                   error_code = @code, error_detail = @detail, updated_at = @now
            WHERE id = @Id
            """, new
        {
            tx.Id, status = succeeded ? "mined" : "reverted", block, hash = receipt.BlockHash.ToLowerInvariant(),
            code = succeeded ? null : "TransactionReverted", detail = succeeded ? null : $"reverted in block {block}", now = MinterSender.Now(),
        }, write, cancellationToken: ct));
        if (succeeded) await ApplyAsync(connection, write, tx, receipt, block, ct);
        else if (tx.Kind is "mint" or "clawback") await RewardLedger.ReleaseAsync(connection, write, tx.Id, ct);
        else if (tx.Kind == "create")
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reward_programs SET status = 'failed', error = 'the createProgram transaction reverted', updated_at = @now WHERE id = @ProgramId",
                new { tx.ProgramId, now = MinterSender.Now() }, write, cancellationToken: ct));
        await write.CommitAsync(ct);
        logger.LogInformation("Rewards: program {Program}: {Kind} {Tx} {Outcome} in block {Block}",
            tx.ProgramId, tx.Kind, tx.TxHash, succeeded ? "mined" : "reverted", block);
        return true;
    }

    private async Task ApplyAsync(DbConnection c, DbTransaction t, RewardTransaction tx, TransactionReceipt receipt, long block, CancellationToken ct)
    {
        var program = (await RewardStore.ProgramAsync(c, tx.ProgramId, ct, t))!;
        var now = MinterSender.Now();
        FilterLog[] From(string? address) =>
            [.. receipt.Logs.Where(l => string.Equals(l.Address, address, StringComparison.OrdinalIgnoreCase))];
        switch (tx.Kind)
        {
            case "mint":
            {
                var logs = From(program.TokenAddress);
                var outcomes = logs.DecodeAllEvents<RewardedEvent>().Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), "minted", (string?)null, (string?)null))
                    .Concat(logs.DecodeAllEvents<RewardSkippedEvent>().Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), ClosedStatus(e.Event.Status), (string?)null, (string?)null)));
                await RewardLedger.SetOutcomesAsync(c, t, tx.Id, mint: true, outcomes, ct);
                await c.ExecuteAsync(new CommandDefinition( // not in the receipt at all: mint again
                    "UPDATE rewards SET status = 'pending', updated_at = @now WHERE mint_tx_id = @Id AND status = 'minting'", new { tx.Id, now }, t, cancellationToken: ct));
                break;
            }
            case "clawback":
            {
                var logs = From(program.TokenAddress);
                var outcomes = logs.DecodeAllEvents<ClawedBackEvent>()
                    .Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), "clawed-back", (string?)MinterSender.Invariant(e.Event.Burned), (string?)MinterSender.Invariant(e.Event.Debt)))
                    .Concat(logs.DecodeAllEvents<RewardWithheldEvent>().Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), "withheld", (string?)"0", (string?)"0")))
                    .Concat(logs.DecodeAllEvents<ClawbackSkippedEvent>().Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), ClosedStatus(e.Event.Status), (string?)null, (string?)null)));
                await RewardLedger.SetOutcomesAsync(c, t, tx.Id, mint: false, outcomes, ct);
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE rewards SET clawback_tx_id = NULL, updated_at = @now WHERE clawback_tx_id = @Id AND status = 'clawing-back'", new { tx.Id, now }, t, cancellationToken: ct));
                break;
            }
            case "create":
            {
                var created = From(chain.Deployment.AddressOf("RewardProgramFactory")).DecodeAllEvents<ProgramCreatedEvent>().Single().Event;
                var token = created.Token.ToLowerInvariant();
                var startTime = (long)await reader.StartTimeAsync(token);
                await c.ExecuteAsync(new CommandDefinition("""
                    UPDATE reward_programs SET token_address = @token, chain_program_id = @chainId, created_block = @block, start_time = @startTime,
                           status = 'active', error = NULL, updated_at = @now
                    WHERE id = @ProgramId
                    """, new { token, chainId = (long)created.ProgramId, block, startTime, tx.ProgramId, now }, t, cancellationToken: ct));
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE reward_rules SET effective_block = @block WHERE program_id = @ProgramId AND version = 1",
                    new { block, tx.ProgramId }, t, cancellationToken: ct));
                break;
            }
            case "pause" or "unpause":
            {
                var pause = tx.Kind == "pause";
                await RewardStore.AddVersionAsync(c, t, tx.ProgramId, r => r with { Paused = pause }, pause ? "pause" : "resume", "minter", block + 1, ct);
                await c.ExecuteAsync(new CommandDefinition("UPDATE reward_programs SET status = @status WHERE id = @ProgramId",
                    new { status = pause ? "paused" : "active", tx.ProgramId }, t, cancellationToken: ct));
                break;
            }
            case "set-epoch-cap":
                await RewardStore.AddVersionAsync(c, t, tx.ProgramId, r => r with { EpochCap = PayloadValue(tx) }, "fund", "minter", block + 1, ct);
                break;
            case "set-budget":
                await RewardStore.AddVersionAsync(c, t, tx.ProgramId, r => r with { Budget = PayloadValue(tx) }, "fund", "minter", block + 1, ct);
                break;
        }
    }

    /// <summary>Work of a dropped transaction: rewards go back, an admin operation is queued again.</summary>
    private static async Task ReleaseAsync(DbConnection c, DbTransaction t, RewardTransaction tx, CancellationToken ct)
    {
        if (tx.Kind is "mint" or "clawback")
        {
            await RewardLedger.ReleaseAsync(c, t, tx.Id, ct);
            return;
        }
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_transactions SET status = 'queued', account = NULL, account_nonce = NULL, tx_hash = NULL, raw_tx = NULL, updated_at = @now
            WHERE id = @Id AND status = 'dropped'
            """, new { tx.Id, now = MinterSender.Now() }, t, cancellationToken: ct));
    }

    /// <summary>
    /// Mints and clawbacks mined less than the finality depth ago are checked again: one whose receipt is
    /// gone was reorged out, so its rewards are pending (or to claw back) again; deeper ones become final.
    /// </summary>
    private async Task<bool> VerifyRecentAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var recent = (await connection.QueryAsync<RewardTransaction>(new CommandDefinition(
            $"{MinterSender.Columns} WHERE kind IN ('mint', 'clawback') AND status = 'mined' AND final = @no ORDER BY id",
            new { no = false }, cancellationToken: ct))).AsList();
        if (recent.Count == 0) return false;
        var head = (long)(await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var depth = Math.Max(options.FinalityBlocks, chain.Options.Confirmations);
        var changed = false;
        foreach (var tx in recent)
        {
            if (head - tx.BlockNumber >= depth)
            {
                await connection.ExecuteAsync(new CommandDefinition("UPDATE reward_transactions SET final = @yes WHERE id = @Id", new { yes = true, tx.Id }, cancellationToken: ct));
                continue;
            }
            var receipt = await chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TxHash);
            if (receipt is not null)
            {
                if (!string.Equals(receipt.BlockHash, tx.BlockHash, StringComparison.OrdinalIgnoreCase))
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE reward_transactions SET block_number = @block, block_hash = @hash WHERE id = @Id",
                        new { block = (long)receipt.BlockNumber.Value, hash = receipt.BlockHash.ToLowerInvariant(), tx.Id }, cancellationToken: ct));
                continue;
            }
            await using var t = await connection.BeginTransactionAsync(ct);
            await sender.SetStatusAsync(tx.TxHash!, "dropped", "Reorged", $"no longer on chain (was in block {tx.BlockNumber})", ct, connection, t);
            await RewardLedger.ReleaseAsync(connection, t, tx.Id, ct);
            await t.CommitAsync(ct);
            logger.LogWarning("Rewards: {Kind} {Tx} was reorged out of block {Block}; its rewards go out again", tx.Kind, tx.TxHash, tx.BlockNumber);
            changed = true;
        }
        return changed;
    }

    private static string Member(string address) => address.ToLowerInvariant();

    /// <summary>The token's RewardStatus of a pair it skipped: already Rewarded (an earlier send landed), ClawedBack or Withheld.</summary>
    private static string ClosedStatus(byte status) => status switch
    {
        1 => "minted",
        2 => "clawed-back",
        _ => "withheld",
    };
}

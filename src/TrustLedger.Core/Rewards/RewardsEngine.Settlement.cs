using System.Data.Common;
using Dapper;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Contracts.RewardProgramFactory;
using TrustLedger.Contracts.RewardToken;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Rewards;

public sealed partial class RewardsEngine
{
    /// <summary>
    /// Settles the minter's transaction in flight: applies its receipt, or gives its work back if it was
    /// dropped. Null when nothing is in flight; else whether anything moved.
    /// </summary>
    private async Task<bool?> SettleAsync(Lease lease, CancellationToken ct)
    {
        var settlement = await sender.SettleAsync(lease, ct);
        if (settlement is null or Settlement.Waiting) return (settlement as Settlement.Waiting)?.Moved;
        var nonce = settlement switch { Settlement.Mined m => m.Transaction.Nonce, Settlement.Dropped d => d.Nonce, _ => -1 };
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var write = await connection.BeginTransactionAsync(ct);
        var tx = await connection.QuerySingleOrDefaultAsync<RewardTransaction>(new CommandDefinition(
            $"{RewardTransaction.Columns} WHERE account = @Address AND account_nonce = @nonce AND status = 'sent'",
            new { sender.Address, nonce }, write, cancellationToken: ct));
        if (settlement is Settlement.Dropped dropped)
        {
            await sender.MarkDroppedAsync(connection, write, nonce, dropped.Reason, ct);
            if (tx is not null)
            {
                await SetStatusAsync(connection, write, tx.Id, "dropped", dropped.Code, dropped.Reason, ct);
                await ReleaseAsync(connection, write, tx, ct);
            }
            await write.CommitAsync(ct);
            logger.LogWarning("Rewards: {Kind} at nonce {Nonce} was dropped ({Detail}); its work goes out again", tx?.Kind, nonce, dropped.Reason);
            return true;
        }
        var receipt = ((Settlement.Mined)settlement).Receipt;
        await sender.MarkMinedAsync(connection, write, nonce, receipt, ct);
        if (tx is null)
        {
            await write.CommitAsync(ct);
            return true;
        }
        var succeeded = receipt.Status?.Value == 1;
        var block = (long)receipt.BlockNumber.Value;
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_transactions SET status = @status, tx_hash = @txHash, block_number = @block, block_hash = @hash,
                   error_code = @code, error_detail = @detail, updated_at = @now
            WHERE id = @Id
            """, new
        {
            tx.Id, status = succeeded ? "mined" : "reverted", txHash = receipt.TransactionHash.ToLowerInvariant(), block,
            hash = receipt.BlockHash.ToLowerInvariant(), code = succeeded ? null : "TransactionReverted",
            detail = succeeded ? null : $"reverted in block {block}", now = RewardTransaction.Now(),
        }, write, cancellationToken: ct));
        if (succeeded) await ApplyAsync(connection, write, tx, receipt, block, ct);
        else if (tx.Kind is "mint" or "clawback") await RewardLedger.ReleaseAsync(connection, write, tx.Id, ct);
        else if (tx.Kind == "create")
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reward_programs SET status = 'failed', error = 'the createProgram transaction reverted', updated_at = @now WHERE id = @ProgramId",
                new { tx.ProgramId, now = RewardTransaction.Now() }, write, cancellationToken: ct));
        await write.CommitAsync(ct);
        logger.LogInformation("Rewards: program {Program}: {Kind} {Tx} {Outcome} in block {Block}",
            tx.ProgramId, tx.Kind, receipt.TransactionHash, succeeded ? "mined" : "reverted", block);
        return true;
    }

    /// <summary>
    /// Inside the transaction that puts the minter's lost transaction back in flight (<see cref="TransactionSender.RecoverLostAsync"/>):
    /// it is sent again and what its receipt applied waits for it again (minted rewards are minting, clawed-back ones
    /// clawing back), so settling its receipt a second time applies it as the first time did.
    /// </summary>
    private static async Task ReopenLostAsync(DbConnection c, DbTransaction t, string txHash, CancellationToken ct)
    {
        var tx = await c.QuerySingleOrDefaultAsync<RewardTransaction>(new CommandDefinition(
            $"{RewardTransaction.Columns} WHERE tx_hash = @txHash AND status = 'mined'", new { txHash }, t, cancellationToken: ct));
        if (tx is null) return; // reverted, or not ours to apply: settling records it again, nothing to give back
        var now = RewardTransaction.Now();
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_transactions SET status = 'sent', block_number = NULL, block_hash = NULL, final = @no, updated_at = @now WHERE id = @Id
            """, new { tx.Id, no = false, now }, t, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE rewards SET status = 'minting', updated_at = @now WHERE mint_tx_id = @Id AND status = 'minted'", new { tx.Id, now }, t, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE rewards SET status = 'clawing-back', burned = NULL, debt = NULL, updated_at = @now
            WHERE clawback_tx_id = @Id AND status IN ('clawed-back', 'withheld')
            """, new { tx.Id, now }, t, cancellationToken: ct));
    }

    private static Task SetStatusAsync(DbConnection c, DbTransaction t, long id, string status, string? code, string? detail, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_transactions SET status = @status, error_code = COALESCE(@code, error_code),
                   error_detail = COALESCE(@detail, error_detail), updated_at = @now
            WHERE id = @id
            """, new { id, status, code, detail, now = RewardTransaction.Now() }, t, cancellationToken: ct));

    private async Task ApplyAsync(DbConnection c, DbTransaction t, RewardTransaction tx, TransactionReceipt receipt, long block, CancellationToken ct)
    {
        var program = (await RewardStore.ProgramAsync(c, tx.ProgramId, ct, t))!;
        var now = RewardTransaction.Now();
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
                    .Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), "clawed-back", (string?)RewardTransaction.Invariant(e.Event.Burned), (string?)RewardTransaction.Invariant(e.Event.Debt)))
                    .Concat(logs.DecodeAllEvents<RewardWithheldEvent>().Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), "withheld", (string?)"0", (string?)"0")))
                    .Concat(logs.DecodeAllEvents<ClawbackSkippedEvent>().Select(e => (Member(e.Event.Member), Hex.Encode(e.Event.EventUid), ClosedStatus(e.Event.Status), (string?)null, (string?)null)));
                await RewardLedger.SetOutcomesAsync(c, t, tx.Id, mint: false, outcomes, ct);
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE rewards SET clawback_tx_id = NULL, updated_at = @now WHERE clawback_tx_id = @Id AND status = 'clawing-back'", new { tx.Id, now }, t, cancellationToken: ct));
                break;
            }
            case "create":
            {
                var created = From(chain.Deployment.AddressOf(ProductContracts.RewardFactory)).DecodeAllEvents<ProgramCreatedEvent>().Single().Event;
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
            // Pause, resume, cap and budget are the contract admin's own transactions: FollowAdminAsync reads them off the token.
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
            UPDATE reward_transactions SET status = 'queued', account = NULL, account_nonce = NULL, tx_hash = NULL, updated_at = @now
            WHERE id = @Id AND status = 'dropped'
            """, new { tx.Id, now = RewardTransaction.Now() }, t, cancellationToken: ct));
    }

    /// <summary>
    /// Mints and clawbacks mined less than the finality depth ago are checked again: one whose receipt is
    /// gone was reorged out, so its rewards are pending (or to claw back) again; deeper ones become final.
    /// </summary>
    private async Task<bool> VerifyRecentAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var recent = (await connection.QueryAsync<RewardTransaction>(new CommandDefinition(
            $"{RewardTransaction.Columns} WHERE kind IN ('mint', 'clawback') AND status = 'mined' AND final = @no ORDER BY id",
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
            await SetStatusAsync(connection, t, tx.Id, "dropped", "Reorged", $"no longer on chain (was in block {tx.BlockNumber})", ct);
            await sender.MarkReorgedAsync(connection, t, tx.TxHash!, tx.BlockNumber ?? 0, ct);
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

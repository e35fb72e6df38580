using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Dapper;
using Nethereum.Contracts;
using TrustLedger.Contracts;
using TrustLedger.Contracts.RewardProgramFactory;
using TrustLedger.Contracts.RewardToken;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Rewards;

public sealed partial class RewardsEngine
{
    /// <summary>
    /// Mints the oldest pending rewards of an active program: as many (in order) as the token can issue now
    /// (epoch cap and budget left), at most MaxBatchSize. Nothing fits: wait for the next epoch or more funds.
    /// </summary>
    private async Task<bool> SendMintAsync(Lease lease, ProgramRow program, CancellationToken ct)
    {
        if (program.Status != "active" || Waiting(program.Id)) return false;
        IReadOnlyList<RewardWork> pending;
        await using (var connection = await db.OpenConnectionAsync(ct))
            pending = await RewardLedger.NextAsync(connection, program.Id, "pending", options.MaxBatchSize, ct);
        if (pending.Count == 0) return false;
        var issuable = await reader.IssuableNowAsync(program.TokenAddress!);
        var batch = new List<RewardWork>();
        var sum = BigInteger.Zero;
        foreach (var reward in pending)
        {
            if (sum + reward.Units > issuable) break; // in order: a large reward is not overtaken forever
            sum += reward.Units;
            batch.Add(reward);
        }
        if (batch.Count == 0)
        {
            await BackOffAsync(program.Id, $"waiting: the token can issue {TokenAmountText(issuable)} now (epoch cap or budget)", ct);
            return false;
        }
        var call = new MintBatchFunction
        {
            Members = [.. batch.Select(r => r.Member)],
            Amounts = [.. batch.Select(r => r.Units)],
            EventUids = [.. batch.Select(r => Hex.Decode(r.EventUid))],
        }.GetCallData();
        return await SendWorkAsync(lease, program, "mint", call, batch, ct);
    }

    /// <summary>Claws back (or closes as withheld) the rewards of gone events, a batch at a time.</summary>
    private async Task<bool> SendClawbackAsync(Lease lease, ProgramRow program, CancellationToken ct)
    {
        if (Waiting(program.Id)) return false;
        IReadOnlyList<RewardWork> rows;
        await using (var connection = await db.OpenConnectionAsync(ct))
            rows = await RewardLedger.NextAsync(connection, program.Id, "clawing-back", options.MaxBatchSize, ct);
        if (rows.Count == 0) return false;
        var call = new ClawbackFunction
        {
            Members = [.. rows.Select(r => r.Member)],
            EventUids = [.. rows.Select(r => Hex.Decode(r.EventUid))],
        }.GetCallData();
        return await SendWorkAsync(lease, program, "clawback", call, rows, ct);
    }

    private async Task<bool> SendWorkAsync(Lease lease, ProgramRow program, string kind, byte[] call, IReadOnlyList<RewardWork> rows, CancellationToken ct)
    {
        var estimate = await sender.EstimateAsync(program.TokenAddress!, call);
        if (estimate.Gas is not { } gas)
        {
            var (_, detail) = CustomErrors.Rewards.Describe(estimate.Refusal!);
            logger.LogWarning("Rewards: program {Program}: {Kind} of {Count} reward(s) would revert: {Detail}; retrying later", program.Id, kind, rows.Count, detail);
            await BackOffAsync(program.Id, $"{kind} would revert: {detail}", ct);
            return false;
        }
        var sent = await sender.SendAsync(lease, program.TokenAddress!, call, gas, async (connection, transaction, signed) =>
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO reward_transactions (program_id, kind, payload, status, account, account_nonce, tx_hash, created_at, updated_at)
                VALUES (@ProgramId, @kind, '{}', 'sent', @Account, @Nonce, @TxHash, @now, @now) RETURNING id
                """, new { ProgramId = program.Id, kind, signed.Account, signed.Nonce, signed.TxHash, now = RewardTransaction.Now() },
                transaction, cancellationToken: ct));
            return await RewardLedger.ClaimAsync(connection, transaction, rows, id, mint: kind == "mint", ct);
        }, ct);
        if (sent is null) return false;
        if (program.Error is not null) await SetErrorAsync(program.Id, null, ct);
        logger.LogInformation("Rewards: program {Program}: sent {Kind} of {Count} reward(s) in {Tx}", program.Id, kind, rows.Count, sent.TxHash);
        return true;
    }

    /// <summary>
    /// The oldest queued program creation, signed and sent: the factory is open to anyone, and the program's
    /// DEFAULT_ADMIN_ROLE goes to the contract admin (Keys:ContractAdmin), never to the minter, which gets MINTER_ROLE
    /// and CLAWBACK_ROLE. Without a configured admin the creation fails with the reason.
    /// </summary>
    private async Task<bool> SendQueuedOperationAsync(Lease lease, CancellationToken ct)
    {
        RewardTransaction? op;
        ProgramRow? program;
        IReadOnlyList<RuleVersionRow> versions;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            op = await connection.QueryFirstOrDefaultAsync<RewardTransaction>(new CommandDefinition(
                $"{RewardTransaction.Columns} WHERE status = 'queued' AND kind = 'create' ORDER BY id LIMIT 1", cancellationToken: ct));
            if (op is null) return false;
            program = await RewardStore.ProgramAsync(connection, op.ProgramId, ct);
            versions = await RewardStore.VersionsAsync(connection, op.ProgramId, ct);
        }
        if (chain.Keys.Admin is not { } admin)
        {
            await FailOperationAsync(op, "NoContractAdmin", "Keys:ContractAdmin is not configured: a program needs an admin that is not a service key", ct);
            return true;
        }
        var first = versions[0].Parsed;
        var to = chain.Deployment.AddressOf(ProductContracts.RewardFactory);
        var call = new CreateProgramFunction
        {
            Name = program!.Name, Symbol = program.Symbol, Admin = admin, Minter = sender.Address,
            EpochLength = (ulong)program.EpochLength, EpochCap = first.EpochCap, Budget = first.Budget, Transferable = program.Transferable,
        }.GetCallData();
        var estimate = await sender.EstimateAsync(to, call);
        if (estimate.Gas is not { } gas)
        {
            var (code, detail) = CustomErrors.Rewards.Describe(estimate.Refusal!);
            await FailOperationAsync(op, code, detail, ct);
            return true;
        }
        var sent = await sender.SendAsync(lease, to, call, gas, async (connection, transaction, signed) =>
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE reward_transactions SET status = 'sent', account = @Account, account_nonce = @Nonce, tx_hash = @TxHash, updated_at = @now
                WHERE id = @Id AND status = 'queued'
                """, new { signed.Account, signed.Nonce, signed.TxHash, now = RewardTransaction.Now(), op.Id }, transaction, cancellationToken: ct)) == 1,
            ct);
        if (sent is null) return false;
        logger.LogInformation("Rewards: program {Program}: sent {Kind} (operation {Operation}) in {Tx}", op.ProgramId, op.Kind, op.Id, sent.TxHash);
        return true;
    }

    private async Task FailOperationAsync(RewardTransaction op, string code, string detail, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_transactions SET status = 'failed', error_code = @code, error_detail = @detail, updated_at = @now WHERE id = @Id
            """, new { op.Id, code, detail, now = RewardTransaction.Now() }, cancellationToken: ct));
        if (op.Kind == "create")
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reward_programs SET status = 'failed', error = @detail, updated_at = @now WHERE id = @ProgramId",
                new { op.ProgramId, detail, now = RewardTransaction.Now() }, cancellationToken: ct));
        logger.LogWarning("Rewards: program {Program}: {Kind} refused by the chain: {Detail}", op.ProgramId, op.Kind, detail);
    }

    private static string TokenAmountText(BigInteger units) => Core.Rewards.TokenAmount.Format(units);
}

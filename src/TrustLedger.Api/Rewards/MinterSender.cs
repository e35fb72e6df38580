using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Dapper;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Core.Chain.Contracts;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Rewards;

/// <summary>A row of reward_transactions: one transaction of the minter account, or an admin operation waiting for one.</summary>
public sealed class RewardTransaction
{
    public long Id { get; init; }
    public long ProgramId { get; init; }
    public string Kind { get; init; } = "";
    public string Payload { get; init; } = "{}";
    public string Status { get; init; } = "";
    public long? AccountNonce { get; init; }
    public string? TxHash { get; init; }
    public string? RawTx { get; init; }
    public long? BlockNumber { get; init; }
    public string? BlockHash { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorDetail { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    public bool InFlight => Status is "signed" or "sent";
}

/// <summary>
/// The minter account's transactions, the relayer's discipline applied: one in flight at a time, nonce
/// from the chain's "pending" count, each transaction recorded signed (raw bytes and hash) in the same
/// database transaction that claims its work, and only then broadcast. After a crash the same bytes are
/// broadcast again, never rebuilt, so nothing goes out twice; the token's per-(uid, member) skip makes a
/// rebuilt mint harmless as well. The rewards worker is this account's only sender.
/// </summary>
public sealed class MinterSender(IWeb3 web3, Account account, Database db)
{
    public const string Columns = """
        SELECT id, program_id AS ProgramId, kind, payload, status, account_nonce AS AccountNonce, tx_hash AS TxHash,
               raw_tx AS RawTx, block_number AS BlockNumber, block_hash AS BlockHash, error_code AS ErrorCode,
               error_detail AS ErrorDetail, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM reward_transactions
        """;

    private int _vanishedChecks;

    public string Address { get; } = account.Address.ToLowerInvariant();

    public static string Now() => DateTimeOffset.UtcNow.ToString("O");

    public async Task<RewardTransaction?> InFlightAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<RewardTransaction>(new CommandDefinition(
            $"{Columns} WHERE status IN ('signed', 'sent') ORDER BY id LIMIT 1", cancellationToken: ct));
    }

    /// <summary>The gas a call needs, or the custom error it would revert with.</summary>
    public async Task<(BigInteger? Gas, string? Code, string? Detail)> EstimateAsync(string to, byte[] callData)
    {
        try
        {
            var gas = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(Hex.Encode(callData), to) { From = Address });
            return (gas.Value, null, null);
        }
        catch (RpcResponseException e) when (!Relayer.IsNodeTrouble(e))
        {
            var (code, detail) = CustomErrors.Rewards.Describe(e);
            return (null, code, detail);
        }
    }

    /// <summary>
    /// Signs a call, then in one database transaction (and only while <paramref name="lease"/> holds) records
    /// it and lets <paramref name="claim"/> attach its work (rewards, a queued operation) to it. False, with
    /// nothing recorded, when the lease was lost or the claim found its work taken; true once broadcast.
    /// </summary>
    public async Task<bool> SendAsync(Lease lease, long programId, string kind, string to, byte[] callData, BigInteger gas,
        Func<DbConnection, DbTransaction, long, Task<bool>> claim, CancellationToken ct, long? queuedId = null)
    {
        var nonce = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address, BlockParameter.CreatePending())).Value;
        var (maxFee, tip) = await FeesAsync();
        var input = new TransactionInput
        {
            From = Address, To = to, Data = Hex.Encode(callData), Value = new HexBigInteger(0),
            Gas = new HexBigInteger(gas * 5 / 4 + 50_000), MaxFeePerGas = new HexBigInteger(maxFee), MaxPriorityFeePerGas = new HexBigInteger(tip),
            Nonce = new HexBigInteger(nonce), Type = new HexBigInteger(2), ChainId = new HexBigInteger(account.ChainId ?? 0),
        };
        var raw = Hex.Decode(await account.TransactionManager.SignTransactionAsync(input));
        var hash = Hex.Encode(Keccak256.Hash(raw));

        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            if (!await lease.StillHeldAsync(connection, tx, ct)) return false;
            var now = Now();
            var args = new { programId, kind, Account = Address, nonce, hash, Raw = Hex.Encode(raw), now, queuedId };
            long id;
            if (queuedId is null)
            {
                id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO reward_transactions (program_id, kind, payload, status, account, account_nonce, tx_hash, raw_tx, created_at, updated_at)
                    VALUES (@programId, @kind, '{}', 'signed', @Account, @nonce, @hash, @Raw, @now, @now) RETURNING id
                    """, args, tx, cancellationToken: ct));
            }
            else
            {
                id = queuedId.Value;
                var claimed = await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE reward_transactions SET status = 'signed', account = @Account, account_nonce = @nonce, tx_hash = @hash,
                           raw_tx = @Raw, updated_at = @now
                    WHERE id = @queuedId AND status = 'queued'
                    """, args, tx, cancellationToken: ct));
                if (claimed != 1) return false;
            }
            if (!await claim(connection, tx, id)) return false; // rolled back by disposal
            await tx.CommitAsync(ct);
        }
        await BroadcastAsync(hash, Hex.Encode(raw), ct);
        return true;
    }

    /// <summary>Sends recorded bytes; "already known" is success. A refusal other than node trouble drops the transaction.</summary>
    public async Task BroadcastAsync(string txHash, string rawTx, CancellationToken ct)
    {
        try
        {
            await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(rawTx);
        }
        catch (RpcResponseException e) when (IsAlreadyKnown(e))
        {
        }
        catch (RpcResponseException e) when (!Relayer.IsNodeTrouble(e))
        {
            // e.g. nonce too low after a reorg or another sender: give the work back, it is signed again.
            await SetStatusAsync(txHash, "dropped", "BroadcastRefused", e.RpcError?.Message ?? e.Message, ct);
            return;
        }
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reward_transactions SET status = 'sent', updated_at = @now WHERE tx_hash = @txHash AND status = 'signed'",
            new { txHash, now = Now() }, cancellationToken: ct));
    }

    /// <summary>
    /// The receipt of the transaction in flight, or null while it waits. A signed-only one is broadcast
    /// (again); one whose nonce another transaction used is marked dropped (its work is released by the caller).
    /// </summary>
    public async Task<TransactionReceipt?> ReceiptAsync(RewardTransaction tx, CancellationToken ct)
    {
        var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TxHash);
        if (receipt is not null)
        {
            _vanishedChecks = 0;
            return receipt;
        }
        var mined = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address, BlockParameter.CreateLatest())).Value;
        if (mined > tx.AccountNonce)
        {
            if (++_vanishedChecks < 3) return null; // receipts may lag the nonce by a block
            _vanishedChecks = 0;
            await SetStatusAsync(tx.TxHash!, "dropped", "NonceUsedElsewhere", $"minter nonce {tx.AccountNonce} was used by another transaction", ct);
            return null;
        }
        await BroadcastAsync(tx.TxHash!, tx.RawTx!, ct); // lost by the node (restart, reorg): same bytes again
        return null;
    }

    public async Task SetStatusAsync(string txHash, string status, string? code, string? detail, CancellationToken ct,
        DbConnection? connection = null, DbTransaction? transaction = null)
    {
        const string sql = """
            UPDATE reward_transactions SET status = @status, error_code = COALESCE(@code, error_code),
                   error_detail = COALESCE(@detail, error_detail), updated_at = @now
            WHERE tx_hash = @txHash
            """;
        var args = new { txHash, status, code, detail, now = Now() };
        if (connection is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));
            return;
        }
        await using var own = await db.OpenConnectionAsync(ct);
        await own.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    /// <summary>EIP-1559 fees as the relayer takes them: the node's tip, cap at twice the base fee plus the tip.</summary>
    private async Task<(BigInteger MaxFee, BigInteger Tip)> FeesAsync()
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var baseFee = block.BaseFeePerGas?.Value ?? BigInteger.Zero;
        BigInteger tip;
        try
        {
            tip = (await web3.Client.SendRequestAsync<HexBigInteger>("eth_maxPriorityFeePerGas")).Value;
        }
        catch (RpcResponseException)
        {
            tip = BigInteger.Pow(10, 9);
        }
        if (tip <= 0) tip = BigInteger.Pow(10, 9);
        return (baseFee * 2 + tip, tip);
    }

    private static bool IsAlreadyKnown(RpcResponseException e)
    {
        var message = e.RpcError?.Message ?? e.Message;
        return message.Contains("already known", StringComparison.OrdinalIgnoreCase)
               || message.Contains("already imported", StringComparison.OrdinalIgnoreCase)
               || message.Contains("known transaction", StringComparison.OrdinalIgnoreCase);
    }

    public static string Invariant(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}

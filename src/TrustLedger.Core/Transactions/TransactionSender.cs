using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Dapper;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;

using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Transactions;

/// <summary>
/// The one way a service key sends a transaction (the relayer, the reward minter, the snapshot
/// publisher each own one sender for their own key). Every transaction is signed, then recorded in
/// chain_transactions in the same database transaction that claims the caller's work (and only while
/// the caller's lease holds), and only then broadcast. After a crash the recorded bytes are broadcast
/// again, never rebuilt, so nothing is sent twice. Settling looks at the oldest nonce in flight: a
/// receipt of any of its transactions, a nonce another transaction took, a broadcast the node refused
/// for good, or a transaction stuck past <see cref="TransactionOptions.StuckAfter"/> (replaced at the
/// same nonce with higher fees, never above <see cref="TransactionOptions.FeeCeilingGwei"/>: at the ceiling it stops
/// bidding and only rebroadcasts, and <see cref="TransactionHealth"/> raises the alert). The caller applies a receipt or a drop to its own work with
/// <see cref="MarkMinedAsync"/> / <see cref="MarkDroppedAsync"/> inside its own database transaction,
/// so the record of the transaction and of the work never disagree.
/// </summary>
public sealed partial class TransactionSender
{
    private readonly IWeb3 _web3;
    private readonly Account _account;
    private readonly Database _db;
    private readonly TransactionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Fees _fees;
    private readonly Dictionary<string, DateTimeOffset> _rebroadcastAt = new(StringComparer.Ordinal);
    private int _vanishedChecks;

    private readonly ChainWatch? _watch;

    /// <summary>How long a pipelining caller's transactions reuse one fee suggestion (<see cref="Fees.SuggestAsync(TimeSpan)"/>).</summary>
    private static readonly TimeSpan PipelinedFeeAge = TimeSpan.FromSeconds(1);

    /// <param name="watch">when given, nothing is signed once the chain is replaced, nor sent to one of our contracts whose code is gone</param>
    public TransactionSender(IWeb3 web3, Account account, Database db, string purpose, TransactionOptions options, ILogger logger,
        TimeProvider? time = null, ChainWatch? watch = null)
    {
        _watch = watch;
        _web3 = web3;
        _account = account;
        _account.TransactionManager.Client ??= web3.Client; // signing stays local; the manager asks the node nothing else
        _db = db;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _fees = new Fees(web3, options);
        Purpose = purpose;
        Address = account.Address.ToLowerInvariant();
        _key = account.PrivateKey is { Length: > 0 } secret ? KeyOf(secret) : null;
    }

    /// <summary>The account's key as 32 bytes (Nethereum's hex drops leading zero bytes, or may carry a sign byte).</summary>
    private static EthPrivateKey KeyOf(string secretHex)
    {
        var bytes = Hex.Decode(secretHex).AsSpan();
        while (bytes.Length > 32 && bytes[0] == 0) bytes = bytes[1..];
        Span<byte> secret = stackalloc byte[32];
        bytes.CopyTo(secret[(32 - bytes.Length)..]);
        var key = EthPrivateKey.FromBytes(secret);
        secret.Clear();
        return key;
    }

    /// <summary>The key itself when the account holds it: signed natively (<see cref="Eip1559Signing"/>), else by the account's manager.</summary>
    private readonly EthPrivateKey? _key;

    /// <summary>The sending key's address (lower-case hex).</summary>
    public string Address { get; }

    /// <summary>The key's one job, recorded with each transaction: relayer, rewards, snapshots.</summary>
    public string Purpose { get; }

    /// <summary>Test hook: called after each durable step; throwing simulates a crash there.</summary>
    public Func<SendStep, Task>? AfterStep { get; set; }

    /// <summary>The gas <paramref name="data"/> sent to <paramref name="to"/> would use, or the node's refusal. Node trouble throws.</summary>
    public async Task<GasEstimate> EstimateAsync(string to, byte[] data)
    {
        try
        {
            var gas = await _web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(Hex.Encode(data), to) { From = Address });
            return new(gas.Value, null);
        }
        catch (RpcResponseException e) when (!NodeErrors.IsNodeTrouble(e))
        {
            return new(null, e);
        }
    }

    /// <summary>
    /// Signs a call and records it; <paramref name="claim"/> attaches the caller's work to it in the same
    /// database transaction. Null, with nothing recorded, when the lease was lost or the claim found its
    /// work taken; otherwise the recorded transaction, broadcast (or refused by the node: settling reports it).
    /// </summary>
    /// <param name="inBackground">
    /// return once recorded, the broadcast running while the caller prepares its next transaction
    /// (<see cref="BroadcastBehind"/>); false: return once broadcast
    /// </param>
    public async Task<ChainTransaction?> SendAsync(Lease? lease, string to, byte[] data, BigInteger estimatedGas,
        Func<DbConnection, DbTransaction, ChainTransaction, Task<bool>> claim, CancellationToken ct, bool inBackground = false)
    {
        if (_watch is not null) await _watch.EnsureSendableAsync(to, ct);
        var nonceAsked = NextNonceAsync(ct);
        var (maxFee, tip) = await _fees.SuggestAsync(inBackground ? PipelinedFeeAge : TimeSpan.Zero);
        var nonce = await nonceAsked;
        var tx = await SignAsync(to, data, nonce, _options.GasLimitFor(estimatedGas), maxFee, tip);

        await using (var connection = await _db.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (lease is not null && !await lease.StillHeldAsync(connection, transaction, ct)) return null;
            await InsertAsync(connection, transaction, tx, ct);
            if (!await claim(connection, transaction, tx)) return null; // rolled back by disposal
            await transaction.CommitAsync(ct);
        }
        await Crash(SendStep.Signed);
        if (inBackground) BroadcastBehind(tx, ct);
        else await BroadcastAsync(tx, ct);
        return tx;
    }

    /// <summary>This key's transactions not yet settled, oldest nonce first (every hash of each nonce).</summary>
    /// <param name="withBytes">
    /// false: <see cref="ChainTransaction.RawTx"/> left empty (settling reads every nonce in flight each look, up to eight
    /// 30 KB batches, and needs the bytes of one only to broadcast or replace it: <see cref="WithBytesAsync"/>)
    /// </param>
    public async Task<IReadOnlyList<ChainTransaction>> InFlightAsync(CancellationToken ct = default, bool withBytes = true)
    {
        const string where = " WHERE account = @Address AND status IN ('signed', 'sent', 'refused') ORDER BY nonce, id";
        await using var connection = await _db.OpenConnectionAsync(ct);
        if (withBytes)
            return [.. await connection.QueryAsync<ChainTransaction>(new CommandDefinition(ChainTransaction.Columns + where, new { Address }, cancellationToken: ct))];
        return [.. (await connection.QueryAsync<ChainTransaction.WithoutBytes>(new CommandDefinition(
            ChainTransaction.ColumnsWithoutBytes + where, new { Address }, cancellationToken: ct))).Select(row => row.ToTransaction())];
    }

    /// <summary>The transaction with its signed bytes, read from its record if it was loaded without them.</summary>
    public async Task<ChainTransaction> WithBytesAsync(ChainTransaction tx, CancellationToken ct = default) =>
        tx.RawTx.Length > 0 ? tx : await FindAsync(tx.TxHash, ct) ?? throw new InvalidOperationException($"transaction {tx.TxHash} is not recorded");

    /// <summary>The recorded transaction with this hash, or null.</summary>
    public async Task<ChainTransaction?> FindAsync(string txHash, CancellationToken ct = default)
    {
        await using var connection = await _db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ChainTransaction>(new CommandDefinition(
            $"{ChainTransaction.Columns} WHERE tx_hash = @txHash", new { txHash = txHash.ToLowerInvariant() }, cancellationToken: ct));
    }

    /// <summary>One look at the oldest nonce in flight; null when nothing is in flight.</summary>
    public async Task<Settlement?> SettleAsync(Lease? lease, CancellationToken ct)
    {
        var inFlight = await InFlightAsync(ct, withBytes: false);
        if (inFlight.Count == 0) return null;
        var nonce = inFlight[0].Nonce;
        var txs = inFlight.Where(t => t.Nonce == nonce).ToList();
        var receipts = await ReceiptsAsync(txs);
        return await SettleNonceAsync(lease, txs, receipts, oldest: true, new UsedNonces(this), ct);
    }

    /// <summary>
    /// One nonce's transactions (every attempt, oldest first) with the receipts found for them: mined, used by another
    /// transaction (only the oldest nonce in flight can tell), refused for good, or waiting (rebroadcast if recorded but
    /// perhaps never sent, replaced with higher fees once stuck).
    /// </summary>
    private async Task<Settlement> SettleNonceAsync(Lease? lease, List<ChainTransaction> txs,
        IReadOnlyDictionary<string, TransactionReceipt> receipts, bool oldest, UsedNonces used, CancellationToken ct)
    {
        var nonce = txs[0].Nonce;
        if (txs.Any(t => IsBroadcasting(t.TxHash))) return new Settlement.Waiting(false); // settled once its broadcast returns
        foreach (var tx in txs.Where(t => t.Status != "refused"))
        {
            if (!receipts.TryGetValue(tx.TxHash, out var receipt)) continue;
            if (oldest) _vanishedChecks = 0;
            return new Settlement.Mined(tx, receipt);
        }

        if (oldest && await used.CountAsync() > nonce)
        {
            // The nonce is used, but by none of our recorded hashes. Receipts can lag a block
            // behind the nonce on some nodes, so only give up after a few looks.
            if (++_vanishedChecks < 3) return new Settlement.Waiting(false);
            _vanishedChecks = 0;
            return new Settlement.Dropped(nonce, "TransactionDropped", $"{Purpose} nonce {nonce} was used by another transaction");
        }
        if (txs.All(t => t.Status == "refused"))
            return new Settlement.Dropped(nonce, "BroadcastRefused", $"the node refused the transaction: {txs[^1].Error}");

        var latest = txs.Last(t => t.Status != "refused");
        if (latest.Status == "signed")
        {
            // Recorded but perhaps never broadcast (a crash in between), or not taken yet behind a gap: the same bytes.
            // Still not taken is no progress (the caller's loop then waits its idle interval, not spinning on the node).
            return new Settlement.Waiting(await BroadcastAsync(latest, ct));
        }
        var sentAt = DateTimeOffset.Parse(latest.SentAt ?? latest.CreatedAt, CultureInfo.InvariantCulture);
        if (_time.GetUtcNow() - sentAt < _options.StuckAfter) return new Settlement.Waiting(false);
        var newest = txs[^1];
        if (_fees.Bump(Wei(newest.MaxFeePerGas), Wei(newest.MaxPriorityFeePerGas)) is not { } bid)
            return new Settlement.Waiting(await RebroadcastAtCeilingAsync(latest, ct));
        return new Settlement.Waiting(await ReplaceAsync(lease, newest, bid, latest.TxHash, sentAt, ct));
    }

    /// <summary>
    /// At the fee ceiling: no higher bid, only the same bytes again once per <see cref="TransactionOptions.StuckAfter"/>
    /// (a pool may have evicted them, or the key was funded since). False: nothing new went out.
    /// </summary>
    private async Task<bool> RebroadcastAtCeilingAsync(ChainTransaction latest, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (_rebroadcastAt.TryGetValue(latest.TxHash, out var last) && now - last < _options.StuckAfter) return false;
        if (_rebroadcastAt.Count > 1000) _rebroadcastAt.Clear();
        if (last == default)
            _logger.LogError("{Purpose}: {Tx} (nonce {Nonce}) is stuck at the fee ceiling ({Ceiling} gwei): no higher bid; rebroadcasting it and alerting in /health",
                Purpose, latest.TxHash, latest.Nonce, _options.FeeCeilingGwei);
        _rebroadcastAt[latest.TxHash] = now;
        await BroadcastAsync(latest, ct);
        return false;
    }

    /// <summary>
    /// The same call at the same nonce with the fees of <paramref name="bid"/>, above the newest attempt's (a refused
    /// replacement included, so an underpriced one is outbid next time); false when the lease was lost before recording it.
    /// </summary>
    private async Task<bool> ReplaceAsync(Lease? lease, ChainTransaction newest, (BigInteger MaxFee, BigInteger Tip) bid, string stuckHash,
        DateTimeOffset sentAt, CancellationToken ct)
    {
        newest = await WithBytesAsync(newest, ct);
        var original = (Nethereum.Model.Transaction1559)Nethereum.Model.TransactionFactory.CreateTransaction(newest.RawTx);
        var replacement = await SignAsync(original.ReceiverAddress, Hex.Decode(original.Data), newest.Nonce, original.GasLimit!.Value,
            bid.MaxFee, bid.Tip);
        await using (var connection = await _db.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (lease is not null && !await lease.StillHeldAsync(connection, transaction, ct)) return false;
            await InsertAsync(connection, transaction, replacement, ct);
            await transaction.CommitAsync(ct);
        }
        _logger.LogWarning("{Purpose}: {Tx} stuck for {Seconds:0} s; replacing it with {Replacement} (max fee {MaxFee} wei, ceiling {Ceiling} gwei)",
            Purpose, stuckHash, (_time.GetUtcNow() - sentAt).TotalSeconds, replacement.TxHash, bid.MaxFee, _options.FeeCeilingGwei);
        await BroadcastAsync(replacement, ct);
        return true;
    }

    /// <summary>Sends the recorded bytes and records what the node said; false when it could not take them yet (nonce ahead: still 'signed').</summary>
    private async Task<bool> BroadcastAsync(ChainTransaction tx, CancellationToken ct)
    {
        tx = await WithBytesAsync(tx, ct);
        string status = "sent", error = "";
        try
        {
            await _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(tx.RawTx);
        }
        catch (RpcResponseException e) when (IsAlreadyKnown(e))
        {
            // Same bytes already in the pool or mined, or the nonce is taken: settling finds out which.
        }
        catch (RpcResponseException e) when (!NodeErrors.IsNodeTrouble(e) && IsNonceAhead(e))
        {
            // An earlier nonce of ours is not in the node yet (refused, or its broadcast still on its way; Hardhat's
            // automining node queues nothing): still 'signed', so settling broadcasts it again once the gap is filled.
            (status, error) = ("signed", NodeErrors.MessageOf(e));
            _logger.LogInformation("{Purpose}: the node cannot take {Tx} (nonce {Nonce}) before an earlier nonce: {Error}", Purpose, tx.TxHash, tx.Nonce, error);
        }
        catch (RpcResponseException e) when (!NodeErrors.IsNodeTrouble(e) && Fees.IsSenderSideRefusal(NodeErrors.MessageOf(e)))
        {
            // Not these bytes' fault (no funds, fee cap below the base fee, underpriced): kept as sent, so settling
            // waits, replaces with a higher bid up to the ceiling, and /health shows why it is stuck.
            error = NodeErrors.MessageOf(e);
            _logger.LogWarning("{Purpose}: the node did not take {Tx} (nonce {Nonce}) for now: {Error}", Purpose, tx.TxHash, tx.Nonce, error);
        }
        catch (RpcResponseException e) when (!NodeErrors.IsNodeTrouble(e))
        {
            // Refused for good (too large, gas above the node's cap, ...): these bytes will never be mined.
            (status, error) = ("refused", NodeErrors.MessageOf(e));
            _logger.LogWarning("{Purpose}: the node refused {Tx} (nonce {Nonce}): {Error}", Purpose, tx.TxHash, tx.Nonce, error);
        }
        await using (var connection = await _db.OpenConnectionAsync(ct))
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE chain_transactions
                SET status = CASE WHEN status = 'signed' THEN @status ELSE status END,
                    sent_at = CASE WHEN @status = 'signed' THEN sent_at ELSE COALESCE(sent_at, @now) END,
                    error = NULLIF(@error, '')
                WHERE tx_hash = @TxHash AND status IN ('signed', 'sent')
                """, new { status, now = Now(), error, tx.TxHash }, cancellationToken: ct));
        await Crash(SendStep.Broadcast);
        return status != "signed";
    }

    /// <summary>
    /// For measuring a node's own bound only (the relayer benchmark's node_batch100_per_s): transactions signed and
    /// kept by the caller, sent back to back with nothing recorded here; returns their hashes. Product code sends
    /// through <see cref="SendAsync"/>, which records every transaction before it broadcasts it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SendUnrecordedBackToBackAsync(IWeb3 web3, IReadOnlyList<string> signedRawTxs)
    {
        var hashes = new List<string>(signedRawTxs.Count);
        foreach (var raw in signedRawTxs) hashes.Add(await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(raw));
        return hashes;
    }

    private async Task<ChainTransaction> SignAsync(string to, byte[] data, long nonce, BigInteger gasLimit, BigInteger maxFee, BigInteger tip)
    {
        byte[] raw;
        if (_key is { } key) raw = Eip1559Signing.Sign(key, (long)(_account.ChainId ?? 0), nonce, tip, maxFee, gasLimit, to, data);
        else
        {
            var input = new TransactionInput
            {
                From = Address, To = to, Data = Hex.Encode(data), Value = new HexBigInteger(0),
                Gas = new HexBigInteger(gasLimit), MaxFeePerGas = new HexBigInteger(maxFee), MaxPriorityFeePerGas = new HexBigInteger(tip),
                Nonce = new HexBigInteger(nonce), Type = new HexBigInteger(2), ChainId = new HexBigInteger(_account.ChainId ?? 0),
            };
            raw = Hex.Decode(await _account.TransactionManager.SignTransactionAsync(input));
        }
        return new ChainTransaction(0, Address, nonce, Purpose, Hex.Encode(Keccak256.Hash(raw)), Hex.Encode(raw), (long)gasLimit,
            Invariant(maxFee), Invariant(tip), "signed", Now(), null, null, null, null);
    }

    private static Task InsertAsync(DbConnection connection, DbTransaction transaction, ChainTransaction tx, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO chain_transactions (account, nonce, purpose, tx_hash, raw_tx, gas_limit, max_fee_per_gas, max_priority_fee_per_gas,
                                            status, created_at)
            VALUES (@Account, @Nonce, @Purpose, @TxHash, @RawTx, @GasLimit, @MaxFeePerGas, @MaxPriorityFeePerGas, 'signed', @CreatedAt)
            """, tx, transaction, cancellationToken: ct));

    private static bool IsNonceAhead(RpcResponseException e) =>
        NodeErrors.MessageOf(e).Contains("nonce too high", StringComparison.OrdinalIgnoreCase);

    private static bool IsAlreadyKnown(RpcResponseException e)
    {
        var message = NodeErrors.MessageOf(e);
        return message.Contains("already known", StringComparison.OrdinalIgnoreCase)
               || message.Contains("already imported", StringComparison.OrdinalIgnoreCase)
               || message.Contains("known transaction", StringComparison.OrdinalIgnoreCase)
               || message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase);
    }

    private async Task Crash(SendStep step)
    {
        if (AfterStep is { } hook) await hook(step);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O");

    private static string Invariant(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private static BigInteger Wei(string value) => BigInteger.Parse(value, CultureInfo.InvariantCulture);
}

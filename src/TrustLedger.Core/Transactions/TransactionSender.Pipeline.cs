using Dapper;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Transactions;

/// <summary>What became of one nonce in flight, with the gas its latest attempt may use (its limit).</summary>
public sealed record NonceSettlement(long Nonce, long GasLimit, Settlement Settlement);

/// <summary>
/// Several transactions in flight from one key. Nonces are taken in order, each recorded before its broadcast (as for a
/// single one); every nonce in flight is settled in one look with its receipts fetched concurrently; a nonce none of
/// whose transactions can be mined any more (refused for good) leaves a gap that the next transaction fills at that
/// same nonce, or, with no work to send, a no-op transfer to ourselves (<see cref="FillGapAsync"/>), so the later
/// nonces are not stuck behind it.
/// </summary>
public sealed partial class TransactionSender
{
    /// <summary>The gas limit a transaction gets for an estimate (the configured margin over it).</summary>
    public long GasLimitFor(System.Numerics.BigInteger estimated) => (long)_options.GasLimitFor(estimated);

    /// <summary>One look at every nonce in flight, oldest first; empty when nothing is in flight.</summary>
    public async Task<IReadOnlyList<NonceSettlement>> SettleAllAsync(Lease? lease, CancellationToken ct)
    {
        await BroadcastBehindDoneAsync(onlyIfFinished: true); // a finished broadcast's failure surfaces before its nonce is settled
        var inFlight = await InFlightAsync(ct, withBytes: false);
        if (inFlight.Count == 0) return [];
        var receipts = await ReceiptsAsync(inFlight);
        var used = new UsedNonces(this);
        var settled = new List<NonceSettlement>();
        foreach (var group in inFlight.GroupBy(t => t.Nonce).OrderBy(g => g.Key))
        {
            var txs = group.ToList();
            var settlement = await SettleNonceAsync(lease, txs, receipts, oldest: settled.Count == 0, used, ct);
            settled.Add(new NonceSettlement(group.Key, txs[^1].GasLimit, settlement));
        }
        return settled;
    }

    /// <summary>
    /// Sends a no-op (zero value to our own address) at the lowest free nonce if a later nonce is in flight: the gap left
    /// by a transaction the node refused for good would otherwise hold every later one. False when there is no gap.
    /// </summary>
    public async Task<bool> FillGapAsync(Lease? lease, CancellationToken ct)
    {
        var (next, highest) = await NoncesAsync(ct);
        if (highest is null || highest < next) return false;
        var (maxFee, tip) = await _fees.SuggestAsync();
        var tx = await SignAsync(Address, [], next, 21_000, maxFee, tip);
        await using (var connection = await _db.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (lease is not null && !await lease.StillHeldAsync(connection, transaction, ct)) return false;
            await InsertAsync(connection, transaction, tx, ct);
            await transaction.CommitAsync(ct);
        }
        _logger.LogWarning("{Purpose}: nonce {Nonce} is a gap below nonce {Highest} in flight; filling it with a no-op {Tx}",
            Purpose, next, highest, tx.TxHash);
        await BroadcastAsync(tx, ct);
        return true;
    }

    /// <summary>
    /// The next nonce: the chain's pending count (which stops at the first gap), stepping over nonces we recorded and
    /// have in flight (signed but perhaps not yet seen by the node, or refused and not yet settled).
    /// While broadcasts run behind the caller the node is not asked (it would answer only once it has mined the block
    /// in progress): the next nonce is the one after the highest we have in flight, the queued broadcasts included.
    /// </summary>
    private async Task<long> NextNonceAsync(CancellationToken ct)
    {
        if (!HasBroadcastsBehind()) return (await NoncesAsync(ct)).Next;
        await using var connection = await _db.OpenConnectionAsync(ct);
        var highest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(nonce) FROM chain_transactions WHERE account = @Address AND status IN ('signed', 'sent', 'refused')",
            new { Address }, cancellationToken: ct));
        return highest is { } h ? h + 1 : (await NoncesAsync(ct)).Next;
    }

    private async Task<(long Next, long? HighestInFlight)> NoncesAsync(CancellationToken ct)
    {
        var pending = (long)(await _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Address, BlockParameter.CreatePending())).Value;
        await using var connection = await _db.OpenConnectionAsync(ct);
        var taken = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT nonce FROM chain_transactions WHERE account = @Address AND status IN ('signed', 'sent', 'refused') AND nonce >= @pending",
            new { Address, pending }, cancellationToken: ct))).ToHashSet();
        var next = pending;
        while (taken.Contains(next)) next++;
        return (next, taken.Count == 0 ? null : taken.Max());
    }

    /// <summary>The receipts of <paramref name="txs"/> that are mined, asked for concurrently, by hash.</summary>
    private async Task<IReadOnlyDictionary<string, TransactionReceipt>> ReceiptsAsync(IReadOnlyList<ChainTransaction> txs)
    {
        var asked = txs.Where(t => t.Status != "refused" && !IsBroadcasting(t.TxHash)).Select(async t =>
            (t.TxHash, Receipt: TakeReceiptBehind(t.TxHash) ?? await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(t.TxHash)));
        var found = new Dictionary<string, TransactionReceipt>(StringComparer.Ordinal);
        foreach (var (hash, receipt) in await Task.WhenAll(asked))
            if (receipt is not null) found[hash] = receipt;
        return found;
    }

    /// <summary>The key's mined transaction count, asked for at most once per look.</summary>
    private sealed class UsedNonces(TransactionSender sender)
    {
        private long? _count;

        public async Task<long> CountAsync() => _count ??=
            (long)(await sender._web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(sender.Address, BlockParameter.CreateLatest())).Value;
    }
}

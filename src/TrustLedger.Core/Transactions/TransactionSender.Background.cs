using System.Runtime.ExceptionServices;

namespace TrustLedger.Core.Transactions;

/// <summary>
/// Broadcasts running behind the caller, one after the other in nonce order. On a node that mines each transaction
/// as it arrives (a local automining node) eth_sendRawTransaction returns only once its block is mined; a caller that
/// awaited it would prepare nothing meanwhile, and the node would wait for the caller in turn. Here a recorded
/// transaction's broadcast is queued behind the previous one and the caller goes on settling, budgeting and recording
/// the next, so the node gets the next transaction as soon as it returns from the last; the receipt is asked for in
/// between, so settling need not wait for it behind the next block. Nothing changes in what is
/// durable: every transaction is recorded before its broadcast is queued, a crash leaves it 'signed' and settling
/// broadcasts the same bytes again. A nonce whose broadcast is still queued or running is not settled (its status
/// would be stale). A failed broadcast (node down, a test's simulated crash) stops the ones queued behind it (settling
/// broadcasts them) and surfaces at the caller's next settle or <see cref="BroadcastBehindDoneAsync"/>.
/// </summary>
public sealed partial class TransactionSender
{
    private readonly object _behindLock = new();
    private readonly HashSet<string> _behindHashes = new(StringComparer.Ordinal);
    private readonly Queue<Task> _behindQueue = new();
    private Task _behind = Task.CompletedTask;
    private Exception? _behindFailure;
    private readonly Dictionary<string, Nethereum.RPC.Eth.DTOs.TransactionReceipt> _receiptsBehind = new(StringComparer.Ordinal);

    /// <summary>The receipt fetched right after the transaction's broadcast behind the caller, if any (taken once).</summary>
    private Nethereum.RPC.Eth.DTOs.TransactionReceipt? TakeReceiptBehind(string txHash)
    {
        lock (_behindLock) return _receiptsBehind.Remove(txHash, out var receipt) ? receipt : null;
    }

    /// <summary>True while broadcasts are queued or running behind the caller, none of them failed.</summary>
    private bool HasBroadcastsBehind()
    {
        lock (_behindLock) return _behindHashes.Count > 0 && _behindFailure is null;
    }

    /// <summary>True while the broadcast of <paramref name="txHash"/> is queued or running behind the caller.</summary>
    private bool IsBroadcasting(string txHash)
    {
        lock (_behindLock) return _behindHashes.Contains(txHash);
    }

    /// <summary>Queues the broadcast of a recorded transaction behind those already queued, without waiting for it.</summary>
    private void BroadcastBehind(ChainTransaction tx, CancellationToken ct)
    {
        lock (_behindLock)
        {
            _behindHashes.Add(tx.TxHash);
            _behind = AfterAsync(_behind, tx, ct);
            _behindQueue.Enqueue(_behind);
        }
    }

    private async Task AfterAsync(Task previous, ChainTransaction tx, CancellationToken ct)
    {
        await previous; // never throws: each one keeps its failure in _behindFailure
        try
        {
            bool failed;
            lock (_behindLock) failed = _behindFailure is not null;
            if (!failed) await BroadcastAsync(tx, ct);
            // Its receipt, asked for now, before the next broadcast keeps the node busy: on an automining node it
            // is there already, and settling finds it here instead of waiting behind the next block.
            if (!failed && await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TxHash) is { } receipt)
                lock (_behindLock) _receiptsBehind[tx.TxHash] = receipt;
        }
        catch (Exception e)
        {
            lock (_behindLock) _behindFailure ??= e;
        }
        finally
        {
            lock (_behindLock) _behindHashes.Remove(tx.TxHash);
        }
    }

    /// <summary>
    /// Waits until the oldest broadcast queued behind the caller has returned (with <paramref name="onlyIfFinished"/>, only
    /// reports a failure already there): true when there was one (its transaction can be settled now). A failure
    /// throws here, once.
    /// </summary>
    public async Task<bool> BroadcastBehindDoneAsync(bool onlyIfFinished = false)
    {
        Task oldest = Task.CompletedTask;
        lock (_behindLock)
        {
            while (_behindQueue.TryPeek(out var done) && done.IsCompleted) _behindQueue.Dequeue();
            if (_behindQueue.Count == 0 && _behindFailure is null) return false;
            if (!onlyIfFinished && _behindQueue.TryPeek(out var running)) oldest = running;
        }
        await oldest;
        Exception? failure;
        lock (_behindLock) (failure, _behindFailure) = (_behindFailure, null);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        return !onlyIfFinished;
    }
}

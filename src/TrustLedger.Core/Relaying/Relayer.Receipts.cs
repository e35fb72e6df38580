using System.Globalization;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Relaying;

public sealed partial class Relayer
{
    private static readonly TimeSpan BusyRecheckInterval = TimeSpan.FromMilliseconds(500);
    private long _recheckedAtHead = -1;
    private DateTimeOffset _recheckedAt;

    /// <summary>
    /// The mined transaction's receipt, read for its own batch only. A request is recorded when the registry logged its
    /// Attested (or Revoked) uid, which only its signer's signature can produce; it was skipped when the registry logged
    /// BatchItemSkipped for its position, signer and nonce with our relayer as submitter. Anything else in the receipt
    /// (a hook's own batch inside ours naming a victim, duplicates) is not ours and is ignored.
    /// </summary>
    private async Task ApplyReceiptAsync(ChainTransaction tx, TransactionReceipt receipt, CancellationToken ct)
    {
        var requests = await _outbox.RequestsOnNonceAsync(tx.Nonce, ct);
        var succeeded = receipt.Status?.Value == 1;
        var outcomes = succeeded ? Outcomes(requests, receipt) : [];
        var block = (long)receipt.BlockNumber.Value;
        await using (var connection = await _outbox.Database.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await Sender.MarkMinedAsync(connection, transaction, tx.Nonce, receipt, ct);
            await Outbox.ApplyMinedAsync(connection, transaction, tx.Nonce, receipt.TransactionHash.ToLowerInvariant(), block,
                succeeded, final: _confirmations == 0, outcomes, _options.MaxAttempts, ct);
            await transaction.CommitAsync(ct);
        }
        if (succeeded)
            await _gasModel.LearnAsync(requests, receipt.GasUsed.Value, await CallDataBytesAsync(tx, ct), ItemBytes, SchemaOf, ct);
        else
            _gasModel.Forget();
        _logger.LogInformation("Relayer: {Tx} mined in block {Block}: {Recorded} recorded{Final}, {Failed} failed{Reverted}",
            receipt.TransactionHash, block, outcomes.Count(o => o.Confirmed), _confirmations == 0 ? "" : $" (final after {_confirmations} blocks)",
            outcomes.Count(o => !o.Confirmed), succeeded ? "" : " (transaction reverted; requests re-queued)");
    }

    /// <summary>The transaction's calldata size: remembered from sending it, else (a replacement, another process's) read from its bytes.</summary>
    private async Task<int> CallDataBytesAsync(ChainTransaction tx, CancellationToken ct) => _callDataBytes.Remove(tx.TxHash, out var bytes) ? bytes
        : Hex.Decode(((Nethereum.Model.Transaction1559)Nethereum.Model.TransactionFactory.CreateTransaction((await Sender.WithBytesAsync(tx, ct)).RawTx)).Data ?? "0x").Length;

    private static readonly string AttestedTopic = Indexing.TypedEventDecoder<AttestedEvent>.Instance.Topic0;
    private static readonly string RevokedTopic = Indexing.TypedEventDecoder<RevokedEvent>.Instance.Topic0;
    private static readonly string SkippedTopic = Indexing.TypedEventDecoder<BatchItemSkippedEvent>.Instance.Topic0;

    private static bool IsEvent(FilterLog log, string topic) =>
        log.Topics is { Length: > 0 } && string.Equals(log.Topics[0]?.ToString(), topic, StringComparison.OrdinalIgnoreCase);

    private List<Outbox.Outcome> Outcomes(IReadOnlyList<RelayRequestRow> requests, TransactionReceipt receipt)
    {
        var ours = receipt.Logs.Where(l => string.Equals(l.Address, _registry, StringComparison.OrdinalIgnoreCase)).ToArray();
        // The uid is all we read of Attested (its first data word) and Revoked (its first indexed topic): read directly,
        // since decoding a hundred events through Nethereum's reflection took longer than the rest of the receipt's work.
        var attested = ours.Where(l => IsEvent(l, AttestedTopic) && l.Data is { Length: >= 66 }).Select(l => l.Data[..66].ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var revoked = ours.Where(l => IsEvent(l, RevokedTopic) && l.Topics.Length > 1).Select(l => l.Topics[1].ToString()!.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var skipped = new Dictionary<long, BatchItemSkippedEvent>();
        foreach (var skip in ours.Where(l => IsEvent(l, SkippedTopic)).ToArray().DecodeAllEvents<BatchItemSkippedEvent>().Select(e => e.Event))
        {
            if (!string.Equals(skip.Submitter, Sender.Address, StringComparison.OrdinalIgnoreCase)) continue; // someone else's batch inside ours
            if (skip.Index < requests.Count) skipped.TryAdd((long)skip.Index, skip); // our loop logs one per position
        }

        var outcomes = new List<Outbox.Outcome>(requests.Count);
        foreach (var (request, position) in requests.Select((r, i) => (r, (long)i)))
        {
            var index = request.BatchIndex ?? position; // rows claimed before batch_index existed: id order, as they were sent
            if ((request.Kind == "attest" ? attested : revoked).Contains(request.Uid))
                outcomes.Add(new(request.Id, true, null, null));
            else if (skipped.TryGetValue(index, out var skip) && string.Equals(skip.Signer, request.Signer, StringComparison.OrdinalIgnoreCase)
                     && skip.Nonce.ToString(CultureInfo.InvariantCulture) == request.SignerNonce)
            {
                var (code, detail) = CustomErrors.Registry.Describe(skip.Reason);
                outcomes.Add(new(request.Id, false, code, detail));
            }
            else
                outcomes.Add(new(request.Id, false, "NotInReceipt", $"transaction {receipt.TransactionHash} neither recorded nor skipped it"));
        }
        return outcomes;
    }

    /// <summary>
    /// Requests confirmed (or mined) in transactions the chain no longer has, whatever Chain:Confirmations says, ride
    /// in them again (<see cref="TransactionSender.RecoverLostAsync"/>); a nonce taken meanwhile re-queues them when
    /// settled. True when anything changed.
    /// </summary>
    private async Task<bool> RecheckLostAsync(CancellationToken ct) =>
        (await Sender.RecoverLostAsync((connection, transaction, tx) => Outbox.UnmineAsync(connection, transaction, tx.TxHash, backInPool: true, ct), ct)).Count > 0;

    /// <summary>
    /// With Chain:Confirmations &gt; 0, mined requests are final only that deep. Each new head, every transaction with mined
    /// requests is looked up again: deep enough, its requests are confirmed; moved to another block (re-mined on the
    /// winning fork), they wait from there; gone, they ride in it again if the node still holds it, else go back to
    /// pending and out in a new batch. True when anything changed.
    /// </summary>
    /// <param name="busy">
    /// this step applied a receipt, or transactions are still in flight: the re-check then waits until
    /// <see cref="BusyRecheckInterval"/> has passed since the last one, since on an automining node every batch is a new
    /// head, the node answers nothing while it mines, and the re-check's lookups would hold the relayer's step behind
    /// each block (they took 40% of the relayer's time when only steps that applied a receipt were spared them)
    /// </param>
    private async Task<bool> RecheckMinedAsync(bool busy, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (busy && now - _recheckedAt < BusyRecheckInterval) return false;
        _recheckedAt = now;
        var head = (long)(await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        if (head == _recheckedAtHead) return false;
        if (await RecheckLostAsync(ct)) { _recheckedAtHead = -1; return true; }
        if (_confirmations == 0) { _recheckedAtHead = head; return false; }
        var mined = await _outbox.MinedAsync(ct);
        if (mined.Count == 0) { _recheckedAtHead = head; return false; }
        var changed = false;
        foreach (var tx in mined)
        {
            var receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TxHash);
            var recorded = await Sender.FindAsync(tx.TxHash, ct);
            var block = receipt is null ? tx.BlockNumber : (long)receipt.BlockNumber.Value;
            var moved = receipt is not null && !string.Equals(recorded?.BlockHash, receipt.BlockHash, StringComparison.OrdinalIgnoreCase);
            var deep = receipt is not null && head - block >= _confirmations;
            if (receipt is not null && !moved && !deep) continue;
            var backInPool = receipt is null && await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(tx.TxHash) is not null;

            await using var connection = await _outbox.Database.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (receipt is null)
            {
                if (backInPool) await Sender.MarkUnminedAsync(connection, transaction, tx.TxHash, ct);
                else await Sender.MarkReorgedAsync(connection, transaction, tx.TxHash, tx.BlockNumber, ct);
                await Outbox.UnmineAsync(connection, transaction, tx.TxHash, backInPool, ct);
                _logger.LogWarning("Relayer: {Tx} was reorged out of block {Block}; its requests {What}", tx.TxHash, tx.BlockNumber,
                    backInPool ? "wait for it again (the node still holds it)" : "go out again in a new batch");
            }
            else
            {
                if (moved)
                {
                    await Sender.MarkMinedAtAsync(connection, transaction, tx.TxHash, receipt, ct);
                    await Outbox.MoveMinedAsync(connection, transaction, tx.TxHash, block, ct);
                }
                if (deep) await Outbox.ConfirmMinedAsync(connection, transaction, tx.TxHash, block, ct);
            }
            await transaction.CommitAsync(ct);
            changed = true;
        }
        _recheckedAtHead = changed ? -1 : head;
        return changed;
    }
}

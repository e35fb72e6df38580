using System.Globalization;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;
using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Relaying;

/// <summary>Points in one relay step where a test can simulate a crash.</summary>
public enum RelayStep { Signed, Broadcast, Mined }

/// <summary>
/// Turns the outbox into transactions. One step either settles the transaction in flight
/// (receipt, rebroadcast, fee replacement, or giving up on a vanished nonce: <see cref="TransactionSender"/>)
/// or, with none in flight, signs the next batch, records it, and broadcasts it. All state lives in the
/// database, so a fresh instance after a crash continues where the old one stopped.
/// </summary>
public sealed class Relayer
{
    private readonly string _registry;
    private readonly Outbox _outbox;
    private readonly RelayerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Func<RelayStep, Task>? _afterStep;

    public Relayer(IWeb3 web3, Account account, string registry, Outbox outbox, RelayerOptions options, ILogger logger, TimeProvider time,
        TransactionOptions? sending = null)
    {
        _registry = registry;
        _outbox = outbox;
        _options = options;
        _logger = logger;
        _time = time;
        Sender = new TransactionSender(web3, account, outbox.Database, "relayer", sending ?? new TransactionOptions(), logger, time);
    }

    /// <summary>The relayer key's transactions.</summary>
    public TransactionSender Sender { get; }

    /// <summary>Test hook: called after each step's durable write; throwing simulates a crash there.</summary>
    public Func<RelayStep, Task>? AfterStep
    {
        get => _afterStep;
        set
        {
            _afterStep = value;
            Sender.AfterStep = value is null ? null : step => value(step == SendStep.Signed ? RelayStep.Signed : RelayStep.Broadcast);
        }
    }

    /// <summary>Runs while <paramref name="lease"/> is held; returns when cancelled.</summary>
    public Task RunAsync(Lease lease, CancellationToken ct) => WorkerLoop.RunAsync("Relayer", token => StepAsync(lease, token),
        new WorkerPacing(_options.PollInterval, TimeSpan.FromMilliseconds(200), _options.MaxBackoff), _logger, ct, _time);

    /// <summary>One unit of progress. False when there was nothing to do.</summary>
    public async Task<bool> StepAsync(Lease lease, CancellationToken ct)
    {
        switch (await Sender.SettleAsync(lease, ct))
        {
            case Settlement.Mined mined:
                await ApplyReceiptAsync(mined.Transaction, mined.Receipt, ct);
                await Crash(RelayStep.Mined);
                return true;
            case Settlement.Dropped dropped:
                _logger.LogWarning("Relayer: {Reason}; re-queueing its requests", dropped.Reason);
                await using (var connection = await _outbox.Database.OpenConnectionAsync(ct))
                await using (var transaction = await connection.BeginTransactionAsync(ct))
                {
                    await Sender.MarkDroppedAsync(connection, transaction, dropped.Nonce, dropped.Reason, ct);
                    await Outbox.ReleaseAsync(connection, transaction, dropped.Nonce, _options.MaxAttempts, dropped.Code, dropped.Reason, ct);
                    await transaction.CommitAsync(ct);
                }
                return true;
            case Settlement.Waiting waiting:
                return waiting.Moved;
        }

        var batch = await _outbox.NextBatchAsync(_options.MaxBatchSize, ct);
        if (batch.Count == 0) return false;
        var oldest = DateTimeOffset.Parse(batch[0].CreatedAt, CultureInfo.InvariantCulture);
        if (batch.Count < _options.MaxBatchSize && _time.GetUtcNow() - oldest < _options.BatchWindow) return false;
        return await SendBatchAsync(lease, batch, ct);
    }

    private async Task<bool> SendBatchAsync(Lease lease, IReadOnlyList<RelayRequestRow> batch, CancellationToken ct)
    {
        var callData = CallData(batch);
        var estimate = await Sender.EstimateAsync(_registry, callData);
        if (estimate.Gas is not { } gas)
        {
            // The batch as a whole would revert (it should not: delegated batches skip bad items).
            // Fail only the items that revert alone; the rest go out next step.
            await IsolateFailingItemsAsync(batch, ct);
            return true;
        }
        var ids = batch.Select(r => r.Id).ToList();
        var tx = await Sender.SendAsync(lease, _registry, callData, gas,
            (connection, transaction, signed) => Outbox.ClaimAsync(connection, transaction, signed.Nonce, ids, ct), ct);
        if (tx is null)
        {
            _logger.LogWarning("Relayer: lease lost or requests changed before recording a transaction; not sending");
            return false;
        }
        _logger.LogInformation("Relayer: sent {Count} {Kind} request(s) in {Tx} (nonce {Nonce})", batch.Count, batch[0].Kind, tx.TxHash, tx.Nonce);
        return true;
    }

    private async Task ApplyReceiptAsync(ChainTransaction tx, TransactionReceipt receipt, CancellationToken ct)
    {
        var requests = await _outbox.RequestsOnNonceAsync(tx.Nonce, ct);
        var succeeded = receipt.Status?.Value == 1;
        var outcomes = new List<Outbox.Outcome>();
        if (succeeded)
        {
            var ours = receipt.Logs.Where(l => string.Equals(l.Address, _registry, StringComparison.OrdinalIgnoreCase)).ToArray();
            var attested = ours.DecodeAllEvents<AttestedEvent>().Select(e => Hex.Encode(e.Event.Uid)).ToHashSet();
            var revoked = ours.DecodeAllEvents<RevokedEvent>().Select(e => Hex.Encode(e.Event.Uid)).ToHashSet();
            var skipped = ours.DecodeAllEvents<BatchItemSkippedEvent>()
                .ToDictionary(e => (e.Event.Signer.ToLowerInvariant(), e.Event.Nonce.ToString(CultureInfo.InvariantCulture)), e => e.Event.Reason);
            foreach (var r in requests)
            {
                if (skipped.TryGetValue((r.Signer, r.SignerNonce), out var reason))
                {
                    var (code, detail) = CustomErrors.Registry.Describe(reason);
                    outcomes.Add(new(r.Id, false, code, detail));
                }
                else if ((r.Kind == "attest" ? attested : revoked).Contains(r.Uid))
                {
                    outcomes.Add(new(r.Id, true, null, null));
                }
                else
                {
                    outcomes.Add(new(r.Id, false, "NotInReceipt", $"transaction {receipt.TransactionHash} neither recorded nor skipped it"));
                }
            }
        }
        await using (var connection = await _outbox.Database.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await Sender.MarkMinedAsync(connection, transaction, tx.Nonce, receipt, ct);
            await Outbox.ApplyMinedAsync(connection, transaction, tx.Nonce, receipt.TransactionHash.ToLowerInvariant(), (long)receipt.BlockNumber.Value,
                succeeded, outcomes, _options.MaxAttempts, ct);
            await transaction.CommitAsync(ct);
        }
        _logger.LogInformation("Relayer: {Tx} mined in block {Block}: {Confirmed} confirmed, {Failed} failed{Reverted}",
            receipt.TransactionHash, receipt.BlockNumber.Value, outcomes.Count(o => o.Confirmed), outcomes.Count(o => !o.Confirmed),
            succeeded ? "" : " (transaction reverted; requests re-queued)");
    }

    private async Task IsolateFailingItemsAsync(IReadOnlyList<RelayRequestRow> batch, CancellationToken ct)
    {
        foreach (var request in batch)
        {
            if ((await Sender.EstimateAsync(_registry, CallData([request]))).Refusal is not { } refusal) continue;
            var (code, detail) = CustomErrors.Registry.Describe(refusal);
            await _outbox.FailAsync(request.Id, code, detail, ct);
        }
    }

    private static byte[] CallData(IReadOnlyList<RelayRequestRow> requests) => requests[0].Kind == "attest"
        ? new MultiAttestByDelegationFunction { Requests = [.. requests.Select(r => Payloads.Attestation(r.Payload).ToContract())] }.GetCallData()
        : new MultiRevokeByDelegationFunction { Requests = [.. requests.Select(r => Payloads.Revocation(r.Payload).ToContract())] }.GetCallData();

    private async Task Crash(RelayStep step)
    {
        if (_afterStep is { } hook) await hook(step);
    }
}

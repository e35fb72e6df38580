using System.Globalization;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;
using TrustLedger.Core.Workers;

namespace TrustLedger.Core.Relaying;

/// <summary>Points in one relay step where a test can simulate a crash.</summary>
public enum RelayStep { Signed, Broadcast, Mined }

/// <summary>
/// Turns the outbox into transactions. One step either settles the transaction in flight (receipt, rebroadcast,
/// fee replacement, a vanished nonce, a refused broadcast: <see cref="TransactionSender"/>), re-checks mined requests
/// until they are Chain:Confirmations deep (a reorg sends them back), or signs the next batch, records it and
/// broadcasts it. A batch is budgeted by count, calldata bytes and estimated gas, and halved until it fits; a request
/// that fits no batch, or that the node refuses alone, fails with the reason while the others go on. All state lives
/// in the database, so a fresh instance after a crash continues where the old one stopped.
/// </summary>
public sealed partial class Relayer
{
    /// <summary>Calldata of an empty batch: selector, array offset, array length.</summary>
    private const int EmptyBatchBytes = 4 + 32 + 32;

    private readonly IWeb3 _web3;
    private readonly string _registry;
    private readonly Outbox _outbox;
    private readonly RelayerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _confirmations;
    private readonly Dictionary<long, long> _itemBytes = [];
    private Func<RelayStep, Task>? _afterStep;

    /// <param name="confirmations">Chain:Confirmations: blocks on top of a request's block before it is confirmed (0: at its receipt)</param>
    public Relayer(IWeb3 web3, Account account, string registry, Outbox outbox, RelayerOptions options, ILogger logger, TimeProvider time,
        TransactionOptions? sending = null, int confirmations = 0, ChainWatch? watch = null)
    {
        _web3 = web3;
        _registry = registry;
        _outbox = outbox;
        _options = options;
        _logger = logger;
        _time = time;
        _confirmations = confirmations;
        Sender = new TransactionSender(web3, account, outbox.Database, "relayer", sending ?? new TransactionOptions(), logger, time, watch);
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
                await ApplyDroppedAsync(dropped, ct);
                return true;
            case Settlement.Waiting waiting:
                return waiting.Moved;
        }
        if (await RecheckMinedAsync(ct)) return true;

        var candidates = await _outbox.NextBatchAsync(_options.MaxBatchSize, ct);
        if (candidates.Count == 0) return false;
        var (batch, full) = Budget(candidates);
        if (batch.Count == 0)
        {
            await _outbox.FailAsync(candidates[0].Id, "RequestTooLarge",
                $"the request alone needs more than Relayer:MaxBatchCalldataBytes ({_options.MaxBatchCalldataBytes}) of calldata", ct);
            return true;
        }
        var oldest = DateTimeOffset.Parse(batch[0].CreatedAt, CultureInfo.InvariantCulture);
        if (!full && _time.GetUtcNow() - oldest < _options.BatchWindow) return false;
        return await SendBatchAsync(lease, batch, ct);
    }

    /// <summary>
    /// The longest prefix of <paramref name="candidates"/> within the batch size (and every request's own split limit)
    /// and the calldata budget. Full: the budget, not the queue, ended it, so it goes out without waiting for company.
    /// </summary>
    private (List<RelayRequestRow> Batch, bool Full) Budget(IReadOnlyList<RelayRequestRow> candidates)
    {
        var batch = new List<RelayRequestRow>();
        long limit = _options.MaxBatchSize;
        long bytes = EmptyBatchBytes;
        foreach (var request in candidates)
        {
            var itemLimit = Math.Min(limit, request.MaxBatch ?? long.MaxValue);
            var itemBytes = ItemBytes(request);
            if (batch.Count + 1 > itemLimit || bytes + itemBytes > _options.MaxBatchCalldataBytes) return (batch, true);
            batch.Add(request);
            (limit, bytes) = (itemLimit, bytes + itemBytes);
        }
        return (batch, batch.Count >= limit);
    }

    /// <summary>A request's share of a batch's calldata (its offset word and its encoding), computed once per request.</summary>
    private long ItemBytes(RelayRequestRow request)
    {
        if (_itemBytes.TryGetValue(request.Id, out var bytes)) return bytes;
        if (_itemBytes.Count > 10_000) _itemBytes.Clear();
        return _itemBytes[request.Id] = CallData([request]).Length - EmptyBatchBytes;
    }

    /// <summary>
    /// Estimates the batch and halves it until it estimates within the gas budget: the first half goes out now, the
    /// rest next step. A lone request that still does not fit, or that the node refuses, fails with the reason.
    /// </summary>
    private async Task<bool> SendBatchAsync(Lease lease, List<RelayRequestRow> batch, CancellationToken ct)
    {
        while (true)
        {
            var callData = CallData(batch);
            var estimate = await Sender.EstimateAsync(_registry, callData);
            if (estimate.Gas is { } gas && WithinGasBudget(gas, batch.Count)) return await SendAsync(lease, batch, callData, gas, ct);
            if (batch.Count > 1)
            {
                batch = batch[..(batch.Count / 2)];
                continue;
            }
            var (code, detail) = estimate.Refusal is { } refusal ? ItemRefusal(refusal) : ("GasBudgetExceeded",
                $"the request needs {estimate.Gas} gas; the relayer pays at most {Math.Min(_options.MaxItemGas, _options.MaxBatchGas)} per request");
            _logger.LogWarning("Relayer: request {Id} cannot be relayed: {Detail}", batch[0].Id, detail);
            await _outbox.FailAsync(batch[0].Id, code, detail, ct);
            return true;
        }
    }

    private bool WithinGasBudget(BigInteger gas, int count) => gas <= _options.MaxBatchGas && gas <= _options.MaxItemGas * count;

    /// <summary>Why a lone request cannot go out; the relayer's own lack of funds is not the request's fault (the step fails and retries).</summary>
    private static (string Code, string Detail) ItemRefusal(Exception refusal)
    {
        if (CustomErrors.RevertDataOf(refusal) is null && Fees.IsSenderSideRefusal(NodeErrors.MessageOf(refusal)))
            throw new InvalidOperationException($"the relayer cannot send: {NodeErrors.MessageOf(refusal)}", refusal);
        return CustomErrors.Registry.Describe(refusal);
    }

    private async Task<bool> SendAsync(Lease lease, IReadOnlyList<RelayRequestRow> batch, byte[] callData, BigInteger gas, CancellationToken ct)
    {
        var ids = batch.Select(r => r.Id).ToList();
        var tx = await Sender.SendAsync(lease, _registry, callData, gas,
            (connection, transaction, signed) => Outbox.ClaimAsync(connection, transaction, signed.Nonce, ids, ct), ct);
        if (tx is null)
        {
            _logger.LogWarning("Relayer: lease lost or requests changed before recording a transaction; not sending");
            return false;
        }
        _logger.LogInformation("Relayer: sent {Count} {Kind} request(s) in {Tx} (nonce {Nonce}, {Bytes} bytes, {Gas} gas estimated)",
            batch.Count, batch[0].Kind, tx.TxHash, tx.Nonce, callData.Length, gas);
        return true;
    }

    /// <summary>
    /// The nonce's transactions will never be mined. Refused by the node for what they carry (too large, too much gas):
    /// a batch is split in halves for the next tries, a lone request fails with the node's reason. Otherwise (the nonce
    /// went elsewhere) the requests go back to pending.
    /// </summary>
    private async Task ApplyDroppedAsync(Settlement.Dropped dropped, CancellationToken ct)
    {
        var requests = await _outbox.RequestsOnNonceAsync(dropped.Nonce, ct);
        await using var connection = await _outbox.Database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Sender.MarkDroppedAsync(connection, transaction, dropped.Nonce, dropped.Reason, ct);
        if (dropped.Code == "BroadcastRefused" && requests.Count > 1)
        {
            _logger.LogWarning("Relayer: {Reason}; splitting its {Count} requests into smaller batches", dropped.Reason, requests.Count);
            await Outbox.SplitAsync(connection, transaction, dropped.Nonce, requests.Count / 2, ct);
        }
        else if (dropped.Code == "BroadcastRefused" && requests.Count == 1)
        {
            _logger.LogWarning("Relayer: {Reason}; request {Id} fails alone", dropped.Reason, requests[0].Id);
            await Outbox.FailAsync(connection, transaction, requests[0].Id, "BroadcastRefused", dropped.Reason, ct);
        }
        else
        {
            _logger.LogWarning("Relayer: {Reason}; re-queueing its requests", dropped.Reason);
            await Outbox.ReleaseAsync(connection, transaction, dropped.Nonce, _options.MaxAttempts, dropped.Code, dropped.Reason, ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static byte[] CallData(IReadOnlyList<RelayRequestRow> requests) => requests[0].Kind == "attest"
        ? new MultiAttestByDelegationFunction { Requests = [.. requests.Select(r => Payloads.Attestation(r.Payload).ToContract())] }.GetCallData()
        : new MultiRevokeByDelegationFunction { Requests = [.. requests.Select(r => Payloads.Revocation(r.Payload).ToContract())] }.GetCallData();

    private async Task Crash(RelayStep step)
    {
        if (_afterStep is { } hook) await hook(step);
    }
}

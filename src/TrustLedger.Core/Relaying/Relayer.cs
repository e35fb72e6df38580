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
    private readonly Dictionary<long, (SignedAttestation?, SignedRevocation?)> _signed = [];
    private readonly Dictionary<string, int> _callDataBytes = new(StringComparer.Ordinal);
    private readonly RelayGasModel _gasModel;
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
        _gasModel = new RelayGasModel(outbox.Database);
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

    /// <summary>
    /// One unit of progress: settles every transaction in flight (receipts asked for concurrently), re-checks mined
    /// requests, then records the next batch while fewer than <see cref="RelayerOptions.MaxInFlight"/> transactions and
    /// less than <see cref="RelayerOptions.MaxInFlightGas"/> of gas are in flight; its broadcast runs behind the next
    /// step (<see cref="TransactionSender.BroadcastBehindDoneAsync"/>). False when there was nothing to do.
    /// </summary>
    public async Task<bool> StepAsync(Lease lease, CancellationToken ct)
    {
        // Nothing queued to prepare while the node works: the broadcast running behind us returns first, so this step
        // settles it (as a relayer sending one at a time would).
        if (await _outbox.CountPendingAsync(ct) == 0) await Sender.BroadcastBehindDoneAsync();
        var moved = false;
        var (waiting, waitingGas) = (0, 0L);
        foreach (var (_, gasLimit, settlement) in await Sender.SettleAllAsync(lease, ct))
        {
            switch (settlement)
            {
                case Settlement.Mined mined:
                    await ApplyReceiptAsync(mined.Transaction, mined.Receipt, ct);
                    await Crash(RelayStep.Mined);
                    moved = true;
                    break;
                case Settlement.Dropped dropped:
                    await ApplyDroppedAsync(dropped, ct);
                    moved = true;
                    break;
                case Settlement.Waiting w:
                    moved |= w.Moved;
                    (waiting, waitingGas) = (waiting + 1, waitingGas + gasLimit);
                    break;
            }
        }
        if (await RecheckMinedAsync(busy: moved || waiting > 0, ct)) moved = true;
        if (waiting < _options.MaxInFlight && waitingGas < _options.MaxInFlightGas
            && await SendNextBatchAsync(lease, waiting, _options.MaxInFlightGas - waitingGas, ct))
            return true;
        // Nothing more to send now: the oldest broadcast still running behind us returns before this step does.
        return moved || await Sender.BroadcastBehindDoneAsync();
    }

    /// <summary>
    /// The next batch from the outbox, budgeted and sent; with nothing to send, a gap below the nonces in flight is
    /// filled with a no-op so they are not held behind it. <paramref name="gasLeft"/>: in-flight gas still allowed.
    /// </summary>
    private async Task<bool> SendNextBatchAsync(Lease lease, int waiting, long gasLeft, CancellationToken ct)
    {
        var candidates = await _outbox.NextBatchAsync(_options.MaxBatchSize, ct);
        if (candidates.Count == 0) return waiting > 0 && await Sender.FillGapAsync(lease, ct);
        var (batch, full, encoded) = Budget(candidates);
        if (batch.Count == 0)
        {
            await _outbox.FailAsync(candidates[0].Id, "RequestTooLarge",
                $"the request alone needs more than Relayer:MaxBatchCalldataBytes ({_options.MaxBatchCalldataBytes}) of calldata", ct);
            return true;
        }
        var oldest = DateTimeOffset.Parse(batch[0].CreatedAt, CultureInfo.InvariantCulture);
        if (!full && _time.GetUtcNow() - oldest < _options.BatchWindow) return false;
        return await SendBatchAsync(lease, batch, encoded, waiting == 0 ? long.MaxValue : gasLeft, ct);
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

    private async Task Crash(RelayStep step)
    {
        if (_afterStep is { } hook) await hook(step);
    }
}

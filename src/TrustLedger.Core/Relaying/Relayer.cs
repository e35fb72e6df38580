using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Core.Chain.Contracts;
using TrustLedger.Core.Chain.Contracts.Registry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Relaying;

/// <summary>Points in one relay step where a test can simulate a crash.</summary>
public enum RelayStep { Signed, Broadcast, Mined }

/// <summary>
/// Turns the outbox into transactions. One step either settles the transaction in flight
/// (receipt, rebroadcast, fee replacement, or giving up on a vanished nonce) or, with none in
/// flight, signs the next batch, records it, and broadcasts it. All state lives in the outbox,
/// so a fresh instance after a crash continues where the old one stopped: a recorded transaction
/// is rebroadcast byte for byte (same hash), never rebuilt, so nothing is sent twice.
/// </summary>
public sealed class Relayer(
    IWeb3 web3, Account account, string registry, Outbox outbox, RelayerOptions options, ILogger logger, TimeProvider time)
{
    private int _vanishedChecks;

    /// <summary>Test hook: called after each step's durable write; throwing simulates a crash there.</summary>
    public Func<RelayStep, Task>? AfterStep { get; set; }

    /// <summary>Runs while <paramref name="lease"/> is held; returns when cancelled.</summary>
    public async Task RunAsync(Lease lease, CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await StepAsync(lease, ct)) await Task.Delay(options.PollInterval, time, ct);
                backoff = TimeSpan.FromMilliseconds(200);
            }
            catch (Exception e) when (IsNodeTrouble(e) && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Relayer: node error ({Error}); retrying in {Delay} ms", e.GetBaseException().Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, time, ct);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>One unit of progress. False when there was nothing to do.</summary>
    public async Task<bool> StepAsync(Lease lease, CancellationToken ct)
    {
        var inFlight = await outbox.InFlightAsync(ct);
        if (inFlight.Count > 0) return await SettleAsync(lease, inFlight.Where(t => t.AccountNonce == inFlight[0].AccountNonce).ToList(), ct);

        var batch = await outbox.NextBatchAsync(options.MaxBatchSize, ct);
        if (batch.Count == 0) return false;
        var oldest = DateTimeOffset.Parse(batch[0].CreatedAt, CultureInfo.InvariantCulture);
        if (batch.Count < options.MaxBatchSize && time.GetUtcNow() - oldest < options.BatchWindow) return false;
        return await SendBatchAsync(lease, batch, ct);
    }

    private async Task<bool> SendBatchAsync(Lease lease, IReadOnlyList<RelayRequestRow> batch, CancellationToken ct)
    {
        var callData = CallData(batch);
        var from = account.Address;
        HexBigInteger gas;
        try
        {
            gas = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(
                new CallInput(Hex.Encode(callData), registry) { From = from });
        }
        catch (RpcResponseException e) when (!IsNodeTrouble(e))
        {
            // The batch as a whole would revert (it should not: delegated batches skip bad items).
            // Fail only the items that revert alone; the rest go out next step.
            await IsolateFailingItemsAsync(batch, ct);
            return true;
        }

        var nonce = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(from, BlockParameter.CreatePending())).Value;
        var (maxFee, priorityFee) = await SuggestFeesAsync();
        var tx = await SignAsync(callData, nonce, new BigInteger((double)gas.Value * 1.25) + 50_000, maxFee, priorityFee);
        if (!await outbox.RecordSignedAsync(lease, tx, [.. batch.Select(r => r.Id)], ct))
        {
            logger.LogWarning("Relayer: lease lost or requests changed before recording nonce {Nonce}; not sending", nonce);
            return false;
        }
        await Crash(RelayStep.Signed);
        await BroadcastAsync(tx, ct);
        logger.LogInformation("Relayer: sent {Count} {Kind} request(s) in {Tx} (nonce {Nonce})",
            batch.Count, batch[0].Kind, tx.TxHash, nonce);
        return true;
    }

    private async Task<bool> SettleAsync(Lease lease, IReadOnlyList<RelayTransactionRow> txs, CancellationToken ct)
    {
        foreach (var tx in txs)
        {
            var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TxHash);
            if (receipt is null) continue;
            await ApplyReceiptAsync(tx, receipt, ct);
            _vanishedChecks = 0;
            await Crash(RelayStep.Mined);
            return true;
        }

        var nonce = txs[0].AccountNonce;
        var mined = (long)(await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.Address, BlockParameter.CreateLatest())).Value;
        if (mined > nonce)
        {
            // The nonce is used, but by none of our recorded hashes. Receipts can lag a block
            // behind the nonce on some nodes, so only give up after a few looks.
            if (++_vanishedChecks < 3) return false;
            _vanishedChecks = 0;
            logger.LogWarning("Relayer: nonce {Nonce} was used by a transaction we did not record; re-queueing its requests", nonce);
            await outbox.AbandonNonceAsync(nonce, options.MaxAttempts, $"relayer nonce {nonce} was used by another transaction", ct);
            return true;
        }

        var latest = txs[^1];
        if (latest.Status == "signed")
        {
            // Recorded but perhaps never broadcast (a crash in between): send the same bytes.
            await BroadcastAsync(latest, ct);
            return true;
        }
        var sentAt = DateTimeOffset.Parse(latest.SentAt ?? latest.CreatedAt, CultureInfo.InvariantCulture);
        if (time.GetUtcNow() - sentAt < options.StuckAfter) return false;

        var requests = await outbox.RequestsOnNonceAsync(nonce, ct);
        var bump = 100 + options.ReplacementBumpPercent;
        var replacement = await SignAsync(CallData(requests), nonce, latest.GasLimit,
            BigInteger.Parse(latest.MaxFeePerGas, CultureInfo.InvariantCulture) * bump / 100,
            BigInteger.Parse(latest.MaxPriorityFeePerGas, CultureInfo.InvariantCulture) * bump / 100);
        if (!await outbox.RecordSignedAsync(lease, replacement, [], ct)) return false;
        logger.LogWarning("Relayer: {Tx} stuck for {Seconds:0} s; replacing it with {Replacement} (fees +{Bump}%)",
            latest.TxHash, (time.GetUtcNow() - sentAt).TotalSeconds, replacement.TxHash, options.ReplacementBumpPercent);
        await BroadcastAsync(replacement, ct);
        return true;
    }

    private async Task ApplyReceiptAsync(RelayTransactionRow tx, TransactionReceipt receipt, CancellationToken ct)
    {
        var requests = await outbox.RequestsOnNonceAsync(tx.AccountNonce, ct);
        var succeeded = receipt.Status?.Value == 1;
        var outcomes = new List<Outbox.Outcome>();
        if (succeeded)
        {
            var ours = receipt.Logs.Where(l => string.Equals(l.Address, registry, StringComparison.OrdinalIgnoreCase)).ToArray();
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
        await outbox.ApplyMinedAsync(tx.AccountNonce, receipt.TransactionHash.ToLowerInvariant(), (long)receipt.BlockNumber.Value,
            succeeded, outcomes, options.MaxAttempts, ct);
        logger.LogInformation("Relayer: {Tx} mined in block {Block}: {Confirmed} confirmed, {Failed} failed{Reverted}",
            receipt.TransactionHash, receipt.BlockNumber.Value, outcomes.Count(o => o.Confirmed), outcomes.Count(o => !o.Confirmed),
            succeeded ? "" : " (transaction reverted; requests re-queued)");
    }

    private async Task BroadcastAsync(RelayTransactionRow tx, CancellationToken ct)
    {
        try
        {
            await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(tx.RawTx);
        }
        catch (RpcResponseException e) when (IsAlreadyKnown(e))
        {
            // Same bytes already in the pool or mined: exactly what a rebroadcast wants.
        }
        await outbox.MarkBroadcastAsync(tx.TxHash, ct);
        await Crash(RelayStep.Broadcast);
    }

    private async Task IsolateFailingItemsAsync(IReadOnlyList<RelayRequestRow> batch, CancellationToken ct)
    {
        foreach (var request in batch)
        {
            try
            {
                await web3.Eth.Transactions.EstimateGas.SendRequestAsync(
                    new CallInput(Hex.Encode(CallData([request])), registry) { From = account.Address });
            }
            catch (RpcResponseException e) when (!IsNodeTrouble(e))
            {
                var (code, detail) = CustomErrors.Registry.Describe(e);
                await outbox.FailAsync(request.Id, code, detail, ct);
            }
        }
    }

    private async Task<RelayTransactionRow> SignAsync(byte[] callData, long nonce, BigInteger gasLimit, BigInteger maxFee, BigInteger priorityFee)
    {
        var input = new TransactionInput
        {
            From = account.Address,
            To = registry,
            Data = Hex.Encode(callData),
            Gas = new HexBigInteger(gasLimit),
            MaxFeePerGas = new HexBigInteger(maxFee),
            MaxPriorityFeePerGas = new HexBigInteger(priorityFee),
            Nonce = new HexBigInteger(nonce),
            Type = new HexBigInteger(2),
            ChainId = new HexBigInteger(account.ChainId ?? 0),
            Value = new HexBigInteger(0),
        };
        var raw = await web3.TransactionManager.SignTransactionAsync(input);
        var rawBytes = Hex.Decode(raw);
        return new RelayTransactionRow(0, account.Address.ToLowerInvariant(), nonce, Hex.Encode(Keccak256.Hash(rawBytes)),
            Hex.Encode(rawBytes), maxFee.ToString(CultureInfo.InvariantCulture), priorityFee.ToString(CultureInfo.InvariantCulture),
            (long)gasLimit, "signed", DateTimeOffset.UtcNow.ToString("O"), null, null);
    }

    /// <summary>EIP-1559: tip from the node, fee cap at twice the base fee plus the tip, so a few full blocks do not strand us.</summary>
    private async Task<(BigInteger MaxFee, BigInteger PriorityFee)> SuggestFeesAsync()
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
            tip = BigInteger.Pow(10, 9); // 1 gwei where the node has no suggestion
        }
        if (tip <= 0) tip = BigInteger.Pow(10, 9);
        return (baseFee * 2 + tip, tip);
    }

    private static byte[] CallData(IReadOnlyList<RelayRequestRow> requests) => requests[0].Kind == "attest"
        ? new MultiAttestByDelegationFunction { Requests = [.. requests.Select(r => Payloads.Attestation(r.Payload).ToContract())] }.GetCallData()
        : new MultiRevokeByDelegationFunction { Requests = [.. requests.Select(r => Payloads.Revocation(r.Payload).ToContract())] }.GetCallData();

    private async Task Crash(RelayStep step)
    {
        if (AfterStep is { } hook) await hook(step);
    }

    private static bool IsAlreadyKnown(RpcResponseException e)
    {
        var message = e.RpcError?.Message ?? e.Message;
        return message.Contains("already known", StringComparison.OrdinalIgnoreCase)
               || message.Contains("already imported", StringComparison.OrdinalIgnoreCase)
               || message.Contains("known transaction", StringComparison.OrdinalIgnoreCase)
               || message.Contains("nonce too low", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Errors that say the node is unreachable or struggling, as opposed to a verdict on our request.</summary>
    public static bool IsNodeTrouble(Exception e) => e is HttpRequestException or RpcClientTimeoutException or RpcClientUnknownException
        or TaskCanceledException or IOException || e.InnerException is { } inner && IsNodeTrouble(inner);
}

/// <summary>How signed requests are stored in the outbox: JSON with exact numbers as strings.</summary>
public static class Payloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString
                         | System.Text.Json.Serialization.JsonNumberHandling.WriteAsString,
        Converters = { new BigIntegerAsString() },
    };

    /// <summary>uint96/uint256 values as exact decimal strings.</summary>
    private sealed class BigIntegerAsString : System.Text.Json.Serialization.JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BigInteger.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    public static string Of(SignedAttestation a) => JsonSerializer.Serialize(a, Json);
    public static string Of(SignedRevocation r) => JsonSerializer.Serialize(r, Json);
    public static SignedAttestation Attestation(string json) => JsonSerializer.Deserialize<SignedAttestation>(json, Json)!;
    public static SignedRevocation Revocation(string json) => JsonSerializer.Deserialize<SignedRevocation>(json, Json)!;
}

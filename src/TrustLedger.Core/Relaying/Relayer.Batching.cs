using System.Numerics;
using Nethereum.Contracts;
using TrustLedger.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Relaying;

/// <summary>How the relayer cuts a batch (count, calldata, gas) and sends it through its <see cref="TransactionSender"/>.</summary>
public sealed partial class Relayer
{
    /// <summary>
    /// The longest prefix of <paramref name="candidates"/> within the batch size (and every request's own split limit)
    /// and the calldata budget. Full: the budget, not the queue, ended it, so it goes out without waiting for company.
    /// CallData: the batch's encoding when sizing the candidates produced it (the batch is all of them), else null.
    /// </summary>
    private (List<RelayRequestRow> Batch, bool Full, byte[]? CallData) Budget(IReadOnlyList<RelayRequestRow> candidates)
    {
        var encoded = SizeAll(candidates);
        var batch = new List<RelayRequestRow>();
        long limit = _options.MaxBatchSize;
        long bytes = EmptyBatchBytes;
        foreach (var request in candidates)
        {
            var itemLimit = Math.Min(limit, request.MaxBatch ?? long.MaxValue);
            var itemBytes = ItemBytes(request);
            if (batch.Count + 1 > itemLimit || bytes + itemBytes > _options.MaxBatchCalldataBytes) return (batch, true, null);
            batch.Add(request);
            (limit, bytes) = (itemLimit, bytes + itemBytes);
        }
        return (batch, batch.Count >= limit, encoded);
    }

    /// <summary>A request's share of a batch's calldata (its offset word and its encoding), computed once per request.</summary>
    private long ItemBytes(RelayRequestRow request)
    {
        if (_itemBytes.TryGetValue(request.Id, out var bytes)) return bytes;
        if (_itemBytes.Count > 10_000) _itemBytes.Clear();
        return _itemBytes[request.Id] = CallData([request]).Length - EmptyBatchBytes;
    }

    /// <summary>
    /// Sizes the candidates not sized yet from one encoding of them all, instead of one encoding each: in the ABI
    /// encoding of an array of dynamic structs each item's offset word points at its encoding, so an item's share is
    /// its offset word plus the distance to the next item's offset (the same as <see cref="ItemBytes"/> alone). Null
    /// when every candidate was sized already.
    /// </summary>
    private byte[]? SizeAll(IReadOnlyList<RelayRequestRow> candidates)
    {
        if (candidates.All(r => _itemBytes.ContainsKey(r.Id))) return null;
        if (_itemBytes.Count > 10_000) _itemBytes.Clear();
        var data = CallData(candidates);
        long Offset(int i) => (long)new BigInteger(data.AsSpan(EmptyBatchBytes + 32 * i, 32), isUnsigned: true, isBigEndian: true);
        for (var i = 0; i < candidates.Count; i++)
        {
            var end = i + 1 < candidates.Count ? Offset(i + 1) : data.Length - EmptyBatchBytes;
            _itemBytes[candidates[i].Id] = 32 + end - Offset(i);
        }
        return data;
    }

    /// <summary>
    /// Predicts the batch's gas from mined batches like it (<see cref="RelayGasModel"/>) or else estimates it, and halves it until it estimates within the gas budget: the first half goes out now, the
    /// rest next step. A lone request that still does not fit, or that the node refuses, fails with the reason. A batch
    /// whose gas limit would take the gas in flight past <paramref name="gasLeft"/> waits for what is in flight to settle.
    /// </summary>
    private async Task<bool> SendBatchAsync(Lease lease, List<RelayRequestRow> batch, byte[]? encoded, long gasLeft, CancellationToken ct)
    {
        while (true)
        {
            var callData = encoded ?? CallData(batch);
            encoded = null;
            if (!_options.EstimateEveryBatch && await _gasModel.PredictAsync(batch, callData.Length, ItemBytes, SchemaOf, ct) is { } predicted
                && WithinGasBudget(predicted, batch.Count))
                return Sender.GasLimitFor(predicted) > gasLeft ? false : await SendAsync(lease, batch, callData, predicted, ct);
            var estimate = await Sender.EstimateAsync(_registry, callData);
            if (estimate.Gas is { } gas && WithinGasBudget(gas, batch.Count))
                return Sender.GasLimitFor(gas) > gasLeft ? false : await SendAsync(lease, batch, callData, gas, ct);
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
            (connection, transaction, signed) => Outbox.ClaimAsync(connection, transaction, signed.Nonce, ids, ct), ct,
            inBackground: _options.MaxInFlight > 1);
        if (tx is null)
        {
            _logger.LogWarning("Relayer: lease lost or requests changed before recording a transaction; not sending");
            return false;
        }
        if (_callDataBytes.Count > 1000) _callDataBytes.Clear();
        _callDataBytes[tx.TxHash] = callData.Length;
        _logger.LogInformation("Relayer: sent {Count} {Kind} request(s) in {Tx} (nonce {Nonce}, {Bytes} bytes, {Gas} gas estimated)",
            batch.Count, batch[0].Kind, tx.TxHash, tx.Nonce, callData.Length, gas);
        return true;
    }

    private byte[] CallData(IReadOnlyList<RelayRequestRow> requests) => requests[0].Kind == "attest"
        ? BatchCallData.Attest([.. requests.Select(r => Signed(r).Attestation!)])
        : BatchCallData.Revoke([.. requests.Select(r => Signed(r).Revocation!)]);

    /// <summary>
    /// A request's signed payload, parsed once: a request is sized, encoded, and looked at by the gas model several times
    /// between its first batch and its receipt, and its payload never changes.
    /// </summary>
    private (SignedAttestation? Attestation, SignedRevocation? Revocation) Signed(RelayRequestRow request)
    {
        if (_signed.TryGetValue(request.Id, out var parsed)) return parsed;
        if (_signed.Count > 10_000) _signed.Clear();
        return _signed[request.Id] = request.Kind == "attest" ? (Payloads.Attestation(request.Payload), null) : (null, Payloads.Revocation(request.Payload));
    }

    /// <summary>The schema an attestation request is under (the gas model's question).</summary>
    private string SchemaOf(RelayRequestRow request) => Signed(request).Attestation?.Schema ?? "";
}

using System.Numerics;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Relaying;

/// <summary>
/// What an attestation batch costs, learned from the relayer's own mined batches, so a batch like those already mined
/// needs no eth_estimateGas (which executes the whole batch once more on the node: about as much work as mining it).
/// A prediction is made only for fresh attestations (never sent before) under schemas without a hook (a hook is code
/// we do not know the cost of), each no larger than the largest request already mined, at the highest gas per calldata
/// byte seen. The transaction then gets the sender's usual margin over it; if it still runs out of gas it reverts, its
/// requests go back to the queue and out again estimated, and the model starts over. Revocations are always estimated.
/// </summary>
public sealed class RelayGasModel(Database db)
{
    private readonly Dictionary<string, bool> _hookless = new(StringComparer.Ordinal);
    private double _gasPerByte;
    private long _largestItemBytes;

    /// <summary>The predicted gas of <paramref name="batch"/> (calldata <paramref name="callDataBytes"/>), or null: estimate it.</summary>
    public async Task<BigInteger?> PredictAsync(IReadOnlyList<RelayRequestRow> batch, int callDataBytes, Func<RelayRequestRow, long> itemBytes,
        Func<RelayRequestRow, string> schemaOf, CancellationToken ct)
    {
        if (_gasPerByte <= 0) return null;
        foreach (var request in batch)
            if (request.Kind != "attest" || request.Attempts > 0 || itemBytes(request) > _largestItemBytes || !await HooklessAsync(schemaOf(request), ct))
                return null;
        return new BigInteger(Math.Ceiling(_gasPerByte * callDataBytes));
    }

    /// <summary>A mined attestation batch: its gas used per calldata byte, and its largest request.</summary>
    public async Task LearnAsync(IReadOnlyList<RelayRequestRow> batch, BigInteger gasUsed, int callDataBytes, Func<RelayRequestRow, long> itemBytes,
        Func<RelayRequestRow, string> schemaOf, CancellationToken ct)
    {
        if (batch.Count == 0 || callDataBytes <= 0) return;
        foreach (var request in batch)
            if (request.Kind != "attest" || !await HooklessAsync(schemaOf(request), ct)) return;
        _gasPerByte = Math.Max(_gasPerByte, (double)gasUsed / callDataBytes);
        _largestItemBytes = Math.Max(_largestItemBytes, batch.Max(itemBytes));
    }

    /// <summary>A relayer transaction reverted: predict nothing until batches are mined again.</summary>
    public void Forget() => (_gasPerByte, _largestItemBytes) = (0, 0);

    private async Task<bool> HooklessAsync(string schemaUid, CancellationToken ct)
    {
        var schema = schemaUid.ToLowerInvariant();
        if (_hookless.TryGetValue(schema, out var known)) return known;
        if (_hookless.Count > 1000) _hookless.Clear();
        var hookless = ProductSchemas.ByUid(schema) is not null
                       || await RelaySchemas.FindAsync(db, schema, ct) is { } allowed && allowed.Hook is "" or RegistryUids.ZeroAddress;
        return _hookless[schema] = hookless;
    }
}


using TrustLedger.Contracts.AttestationRegistry;

namespace TrustLedger.Core.Indexing;

/// <summary>The chain changed under a range while it was read; the range is read again.</summary>
public sealed class ChainMovedException(string message) : Exception(message);

/// <summary>Turns the registry's logs into rows, through the typed event bindings (checked against the ABI).</summary>
public static class RegistryLogDecoder
{
    private static readonly string SchemaRegistered = TypedEventDecoder<SchemaRegisteredEvent>.Instance.Topic0;
    private static readonly string Attested = TypedEventDecoder<AttestedEvent>.Instance.Topic0;
    private static readonly string Revoked = TypedEventDecoder<RevokedEvent>.Instance.Topic0;
    private static readonly string Confirmed = TypedEventDecoder<ConfirmedEvent>.Instance.Topic0;

    /// <summary>topic0 of the events the indexer stores; the registry's other events are never fetched.</summary>
    public static readonly string[] Topics = [SchemaRegistered, Attested, Revoked, Confirmed];

    /// <param name="headers">block headers by number, for nodes whose logs carry no timestamp (else empty)</param>
    /// <param name="registry">the registry's address: logs of other contracts (the configured edge sources) are checked
    ///   like the registry's and set aside for <see cref="Sources.EdgeSourceSet"/>; null = every log is the registry's</param>
    public static IndexBatch Decode(long from, BlockRef to, IReadOnlyList<RegistryLog> logs, IReadOnlyDictionary<long, BlockRef> headers,
        string? registry = null)
    {
        var batch = new IndexBatch(from, to);
        batch.BlockHashes[to.Number] = to.Hash;
        foreach (var log in logs)
        {
            var block = log.BlockNumber;
            var blockHash = log.BlockHash;
            if (log.Removed || block < from || block > to.Number
                || (block == to.Number && blockHash != to.Hash)
                || (headers.TryGetValue(block, out var header) && header.Hash != blockHash))
                throw new ChainMovedException($"a log of block {block} is not on the chain of block {to.Number} {to.Hash}");
            batch.BlockHashes[block] = blockHash;
            if (registry is not null && !string.Equals(log.Address, registry, StringComparison.OrdinalIgnoreCase))
            {
                batch.SourceLogs.Add(log);
                continue;
            }

            var time = log.BlockTimestamp ?? headers[block].Timestamp;
            var tx = log.TransactionHash;
            var index = log.LogIndex;
            var topic = log.Topics.Length > 0 ? log.Topics[0] : "";
            if (topic == Attested)
            {
                var e = TypedEventDecoder<AttestedEvent>.Instance.Decode(log);
                batch.Attestations.Add(new AttestationRow(
                    Hex(e.Uid), Hex(e.Schema), e.Attester.ToLowerInvariant(), e.Subject.ToLowerInvariant(),
                    e.RefUid.Any(b => b != 0) ? Hex(e.RefUid) : null, (long)e.Expiration, e.Data, block, time, tx, index));
            }
            else if (topic == Revoked)
            {
                var e = TypedEventDecoder<RevokedEvent>.Instance.Decode(log);
                batch.Revocations.Add(new RevocationRow(Hex(e.Uid), block, time, tx));
            }
            else if (topic == Confirmed)
            {
                var e = TypedEventDecoder<ConfirmedEvent>.Instance.Decode(log);
                batch.Confirmations.Add(new ConfirmationRow(Hex(e.Uid), Hex(e.ConfirmationUid), block, tx, index));
            }
            else if (topic == SchemaRegistered)
            {
                var e = TypedEventDecoder<SchemaRegisteredEvent>.Instance.Decode(log);
                batch.Schemas.Add(new SchemaRow(
                    Hex(e.Uid), e.Schema, e.Hook.ToLowerInvariant(), e.Revocable, e.Registerer.ToLowerInvariant(), block, tx, index));
            }
        }
        return batch;
    }

    /// <summary>0x-prefixed lower-case hex, the form every bytes32 column holds.</summary>
    public static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}

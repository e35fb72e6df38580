using System.Numerics;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using TrustLedger.Contracts.Standards.Eas;
using TrustLedger.Core.Attestations;

namespace TrustLedger.Core.Indexing.Sources;

/// <summary>
/// EAS's Attested / Revoked events for the configured schemas. Attested carries no payload, so the
/// attestation is read with getAttestation(uid) at the event's block. Revocation and expiry as EAS
/// records them: a Revoked event ends the edge at its block's time, expirationTime ends it then (EAS's
/// own isAttestationValid checks neither: we do). refUID and the attestation's value are ignored.
/// </summary>
public sealed class EasEdgeSource : IEdgeSource
{
    public const string Kind = "eas";
    public const string RecipientField = "recipient";
    public const string Endorsement = "Endorsement";
    public const string NegativeReport = "NegativeReport";

    private static readonly string AttestedTopic = Topic<EasAttestedEvent>();
    private static readonly string RevokedTopic = Topic<EasRevokedEvent>();

    private readonly Dictionary<string, EasSchemaMapping> _schemas;

    public EasEdgeSource(EasSourceOptions options)
    {
        Address = options.Contract.ToLowerInvariant();
        _schemas = options.Schemas.ToDictionary(s => s.Uid.ToLowerInvariant(), StringComparer.Ordinal);
        Topics = [new[] { AttestedTopic, RevokedTopic }, null, null, _schemas.Keys.Order(StringComparer.Ordinal).ToArray()];
    }

    public string Address { get; }
    public object?[] Topics { get; }

    public async Task DecodeAsync(RegistryLog log, long blockTime, IndexBatch batch, PinnedCalls calls)
    {
        var topic = log.Topics.Length > 0 ? log.Topics[0] : "";
        var block = log.BlockNumber;
        var tx = log.TransactionHash;
        if (topic == RevokedTopic)
        {
            var revoked = TypedEventDecoder<EasRevokedEvent>.Instance.Decode(log);
            batch.SourceRevocations.Add(new SourceRevocationRow(Address, RegistryLogDecoder.Hex(revoked.Uid), block, blockTime, tx));
            return;
        }
        if (topic != AttestedTopic) return;
        var attested = TypedEventDecoder<EasAttestedEvent>.Instance.Decode(log);
        if (!_schemas.TryGetValue(RegistryLogDecoder.Hex(attested.SchemaUid), out var mapping)) return;
        var call = new EasGetAttestationFunction { Uid = attested.Uid };
        var output = await calls.CallAsync(Address, Crypto.Hex.Encode(call.GetCallData()), block, log.BlockHash);
        var attestation = new FunctionCallDecoder().DecodeFunctionOutput<EasGetAttestationOutput>(output).Attestation;
        if (Map(attestation, mapping) is not { } edge) return;
        batch.SourceEdges.Add(new SourceEdgeRow(Kind, Address, RegistryLogDecoder.Hex(attested.Uid), mapping.Uid.ToLowerInvariant(),
            attestation.Attester.ToLowerInvariant(), edge.Subject, edge.Rating, edge.Category, (long)attestation.ExpirationTime,
            block, blockTime, tx, log.LogIndex));
    }

    /// <summary>The declared mapping applied to one attestation; null when it counts nothing (undecodable data, rating out of range).</summary>
    public static (string Subject, double Rating, string? Category)? Map(EasAttestation attestation, EasSchemaMapping mapping)
    {
        if (!mapping.Parsed.TryDecode(attestation.Data, out var fields)) return null;
        var subject = mapping.Subject == RecipientField ? attestation.Recipient : fields[mapping.Subject] as string;
        if (subject is null) return null;
        double stars = 5;
        if (mapping.Rating is { } ratingField)
        {
            double value = fields[ratingField] switch
            {
                BigInteger n => (double)n,
                bool b => b ? mapping.RatingMax : mapping.RatingMin,
                _ => double.NaN,
            };
            if (!(value >= mapping.RatingMin && value <= mapping.RatingMax)) return null;
            stars = 1 + 4 * (value - mapping.RatingMin) / (mapping.RatingMax - mapping.RatingMin);
        }
        string? category = mapping.Category is { } c
            ? fields[c] switch { string s => s, byte[] word => ProductSchemas.FromBytes32(word), _ => null }
            : null;
        return (subject.ToLowerInvariant(), mapping.Kind == NegativeReport ? -stars : stars, category);
    }

    /// <summary>What is wrong with a schema mapping, or null.</summary>
    public static string? MappingProblem(EasSchemaMapping m)
    {
        if (!Crypto.Hex.TryDecode(m.Uid, out var uid) || uid.Length != 32) return "Uid is not a bytes32";
        if (!SchemaDefinition.TryParse(m.Definition, out var schema, out var error)) return $"Definition: {error}";
        var types = schema!.Fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);
        if (m.Subject != RecipientField && types.GetValueOrDefault(m.Subject) != "address")
            return $"Subject '{m.Subject}' is neither '{RecipientField}' nor an address field";
        if (m.Rating is { } r && !(types.GetValueOrDefault(r) is { } t && (t == "bool" || t.StartsWith("uint", StringComparison.Ordinal) || t.StartsWith("int", StringComparison.Ordinal))))
            return $"Rating '{r}' is not a numeric or bool field";
        if (!(m.RatingMin < m.RatingMax) || double.IsInfinity(m.RatingMin) || double.IsInfinity(m.RatingMax))
            return $"RatingMin {m.RatingMin} must be below RatingMax {m.RatingMax}";
        if (m.Kind is not (Endorsement or NegativeReport)) return $"Kind '{m.Kind}' is not {Endorsement} or {NegativeReport}";
        if (m.Category is { } c && types.GetValueOrDefault(c) is not ("string" or "bytes32")) return $"Category '{c}' is not a string or bytes32 field";
        return null;
    }

    internal static string Topic<TEvent>() where TEvent : Nethereum.ABI.FunctionEncoding.Attributes.IEventDTO, new() =>
        "0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature.Replace("0x", "", StringComparison.Ordinal).ToLowerInvariant();
}

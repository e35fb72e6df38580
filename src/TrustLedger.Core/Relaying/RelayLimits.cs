using System.Text;
using TrustLedger.Core.Attestations;

namespace TrustLedger.Core.Relaying;

/// <summary>The size limits of one schema's data: the whole encoding, and each string or bytes member.</summary>
public sealed record SchemaLimits(int MaxDataBytes, IReadOnlyDictionary<string, int> MaxMemberBytes)
{
    /// <summary>The limit of a dynamic member (string, bytes) by name.</summary>
    public int MemberLimit(string name) => MaxMemberBytes[name];
}

/// <summary>
/// How large a signed request's data may be, per schema, so no request can fill a batch, a block or a node's size
/// limit for everyone else. The product's schemas have fixed limits per text member (docs/security.md lists them);
/// the whole data may be no larger than those members at their limits encode to. An admin-allowed schema gets the
/// configured Relayer:MaxDataBytes and Relayer:MaxStringBytes for every string and bytes member.
/// </summary>
public static class RelayLimits
{
    /// <summary>Bytes (UTF-8 for text) each text member of the product's schemas may hold.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ProductMembers =
        new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal)
        {
            [ProductSchemas.Endorsement.Name] = new Dictionary<string, int> { ["comment"] = 1024 },
            [ProductSchemas.Reciprocity.Name] = new Dictionary<string, int> { ["reference"] = 256 },
            [ProductSchemas.NegativeReport.Name] = new Dictionary<string, int> { ["comment"] = 1024 },
            [ProductSchemas.CredentialAnchor.Name] = new Dictionary<string, int> { ["credentialId"] = 512 },
        };

    /// <summary>The limits of <paramref name="definition"/>: the product's own table, else the configured ones for every dynamic member.</summary>
    public static SchemaLimits For(string schemaUid, SchemaDefinition definition, RelayerOptions options)
    {
        var dynamic = definition.Fields.Where(f => f.Type is "string" or "bytes").Select(f => f.Name).ToList();
        if (ProductSchemas.ByUid(schemaUid) is { } product)
        {
            var members = ProductMembers[product.Name];
            return new SchemaLimits(EncodedSize(definition, members), members);
        }
        return new SchemaLimits(options.MaxDataBytes, dynamic.ToDictionary(name => name, _ => options.MaxStringBytes, StringComparer.Ordinal));
    }

    /// <summary>The largest ABI encoding of the schema's fields with every dynamic member at its limit (static types only otherwise).</summary>
    private static int EncodedSize(SchemaDefinition definition, IReadOnlyDictionary<string, int> members) =>
        definition.Fields.Sum(f => 32 + (members.TryGetValue(f.Name, out var max) ? 32 + (max + 31) / 32 * 32 : 0));

    /// <summary>
    /// The first limit <paramref name="data"/> breaks: DataTooLarge (answered 413) for the whole, FieldTooLong (422)
    /// for a member. <paramref name="values"/> are the decoded fields (checked after <see cref="CheckSize"/> passed).
    /// </summary>
    public static RelayRejection? CheckMembers(IReadOnlyDictionary<string, object?> values, SchemaLimits limits)
    {
        foreach (var (name, max) in limits.MaxMemberBytes)
        {
            var length = values.GetValueOrDefault(name) switch
            {
                string text => Encoding.UTF8.GetByteCount(text),
                byte[] bytes => bytes.Length,
                _ => 0,
            };
            if (length > max) return new("FieldTooLong", $"{name} is {length} bytes; this schema allows at most {max}", $"data.{name}");
        }
        return null;
    }

    /// <summary>DataTooLarge when the data's hex holds more bytes than the schema's encoding can, before anything decodes it.</summary>
    public static RelayRejection? CheckSize(string dataHex, SchemaLimits limits)
    {
        var bytes = (dataHex.Length - (dataHex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0)) / 2;
        return bytes > limits.MaxDataBytes
            ? new("DataTooLarge", $"data is {bytes} bytes; this schema allows at most {limits.MaxDataBytes}", "data")
            : null;
    }

    /// <summary>Before the schema is known: no data beyond the largest any relayed schema can have.</summary>
    public static RelayRejection? CheckAbsoluteSize(string dataHex, RelayerOptions options)
    {
        var largest = Math.Max(options.MaxDataBytes, ProductSchemas.All.Max(s => EncodedSize(s.Parsed, ProductMembers[s.Name])));
        return CheckSize(dataHex, new SchemaLimits(largest, new Dictionary<string, int>()));
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Core.Credentials.Eip712Proofs;

/// <summary>
/// Derives explicit EIP-712 types for a whole credential (proof included, without proofValue and
/// eip712), so that any EIP-712 verifier can check it without guessing. Unlike Veramo's generator
/// it handles structs at any depth and arrays of numbers, booleans, objects and arrays.
/// Rules: string -> string, non-negative integer -> uint256, negative integer -> int256, boolean
/// -> bool, object -> a struct named after its member (PascalCase), array -> T[] of one element
/// type (empty: string[]). Members sorted by name. Fractions and null cannot be signed: the
/// generator throws <see cref="Eip712Exception"/> naming the path.
/// </summary>
public static class Eip712TypeGenerator
{
    public static JsonObject Generate(JsonElement message, string primaryType)
    {
        var structs = new Dictionary<string, List<(string Name, string Type)>>(StringComparer.Ordinal);
        var namesBySignature = new Dictionary<string, string>(StringComparer.Ordinal);
        StructFor(message, primaryType, "", primaryType, structs, namesBySignature);
        var types = new JsonObject { [Eip712TypeSet.DomainTypeName] = DomainFields() };
        foreach (var (name, fields) in structs)
            types[name] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]);
        return types;
    }

    /// <summary>EIP712Domain {name, version, chainId} in the canonical order ethers derives from a domain object.</summary>
    public static JsonArray DomainFields() =>
    [
        new JsonObject { ["name"] = "name", ["type"] = "string" },
        new JsonObject { ["name"] = "version", ["type"] = "string" },
        new JsonObject { ["name"] = "chainId", ["type"] = "uint256" },
    ];

    private static string StructFor(JsonElement value, string suggestedName, string path, string primaryType,
        Dictionary<string, List<(string Name, string Type)>> structs, Dictionary<string, string> namesBySignature)
    {
        var fields = new List<(string Name, string Type)>();
        foreach (var member in value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
            fields.Add((member.Name, TypeFor(member.Value, TypeName(member.Name), $"{path}.{member.Name}".TrimStart('.'), primaryType, structs, namesBySignature)));
        if (fields.Count == 0) throw new Eip712Exception("an empty object cannot be typed in EIP-712", path);

        string signature = suggestedName + "|" + string.Join(",", fields.Select(f => f.Type + " " + f.Name));
        if (namesBySignature.TryGetValue(signature, out var existing)) return existing; // same shape, same struct
        string name = suggestedName;
        for (int suffix = 2; structs.ContainsKey(name) || (path.Length > 0 && name == primaryType); suffix++)
            name = suggestedName + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        structs[name] = fields;
        namesBySignature[signature] = name;
        return name;
    }

    private static string TypeFor(JsonElement value, string suggestedName, string path, string primaryType,
        Dictionary<string, List<(string Name, string Type)>> structs, Dictionary<string, string> namesBySignature)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return "string";
            case JsonValueKind.True or JsonValueKind.False: return "bool";
            case JsonValueKind.Number:
                if (value.TryGetInt64(out long integer)) return integer < 0 ? "int256" : "uint256";
                if (System.Numerics.BigInteger.TryParse(value.GetRawText(), out var big)) return big.Sign < 0 ? "int256" : "uint256";
                throw new Eip712Exception("EIP-712 has no type for fractional numbers; write the value as a string", path);
            case JsonValueKind.Object: return StructFor(value, suggestedName, path, primaryType, structs, namesBySignature);
            case JsonValueKind.Array:
                string? element = null;
                int index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    string itemType = TypeFor(item, suggestedName, $"{path}[{index++}]", primaryType, structs, namesBySignature);
                    if (element is not null && element != itemType)
                        throw new Eip712Exception($"array elements must share one EIP-712 type ({element} vs {itemType})", path);
                    element = itemType;
                }
                return (element ?? "string") + "[]";
            default:
                throw new Eip712Exception("EIP-712 has no type for null", path);
        }
    }

    /// <summary>"credentialSubject" -> "CredentialSubject", "@context" -> "Context"; never a reserved name.</summary>
    private static string TypeName(string memberName)
    {
        var builder = new StringBuilder();
        bool upper = true;
        foreach (char c in memberName)
        {
            if (!char.IsAsciiLetterOrDigit(c)) { upper = true; continue; }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        string name = builder.Length == 0 || char.IsAsciiDigit(builder[0]) ? "T" + builder : builder.ToString();
        return name == Eip712TypeSet.DomainTypeName ? name + "Member" : name;
    }
}

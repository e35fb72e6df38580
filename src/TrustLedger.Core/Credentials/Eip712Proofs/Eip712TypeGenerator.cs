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
        var state = new State(primaryType);
        state.StructFor(message, primaryType, isRoot: true);
        var types = new JsonObject { [Eip712TypeSet.DomainTypeName] = DomainFields() };
        foreach (var (name, fields) in state.Structs)
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

    private sealed class State(string primaryType)
    {
        public readonly Dictionary<string, (string Name, string Type)[]> Structs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _namesBySignature = new(StringComparer.Ordinal);
        private readonly StringBuilder _signature = new();

        public string StructFor(JsonElement value, string suggestedName, bool isRoot = false)
        {
            var members = new List<JsonProperty>();
            foreach (var member in value.EnumerateObject()) members.Add(member);
            if (members.Count == 0) throw new Eip712Exception("an empty object cannot be typed in EIP-712");
            members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var fields = new (string Name, string Type)[members.Count];
            for (int i = 0; i < fields.Length; i++)
            {
                // The path is only built when something fails.
                try { fields[i] = (members[i].Name, TypeFor(members[i].Value, members[i].Name)); }
                catch (Eip712Exception e) { throw e.Under(members[i].Name); }
            }

            _signature.Clear().Append(suggestedName).Append('|');
            foreach (var (name, type) in fields) _signature.Append(type).Append(' ').Append(name).Append(',');
            string signature = _signature.ToString();
            if (_namesBySignature.TryGetValue(signature, out var existing)) return existing; // same shape, same struct
            string structName = suggestedName;
            for (int suffix = 2; Structs.ContainsKey(structName) || (!isRoot && structName == primaryType); suffix++)
                structName = suggestedName + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Structs[structName] = fields;
            _namesBySignature[signature] = structName;
            return structName;
        }

        private string TypeFor(JsonElement value, string memberName)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return "string";
                case JsonValueKind.True or JsonValueKind.False: return "bool";
                case JsonValueKind.Number:
                    if (value.TryGetInt64(out long integer)) return integer < 0 ? "int256" : "uint256";
                    if (System.Numerics.BigInteger.TryParse(value.GetRawText(), out var big)) return big.Sign < 0 ? "int256" : "uint256";
                    throw new Eip712Exception("EIP-712 has no type for fractional numbers; write the value as a string");
                case JsonValueKind.Object: return StructFor(value, TypeName(memberName));
                case JsonValueKind.Array:
                    string? element = null;
                    int index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        string itemType;
                        try { itemType = TypeFor(item, memberName); }
                        catch (Eip712Exception e) { throw e.Under($"[{index}]"); }
                        if (element is not null && element != itemType)
                            throw new Eip712Exception($"array elements must share one EIP-712 type ({element} vs {itemType})");
                        element = itemType;
                        index++;
                    }
                    return (element ?? "string") + "[]";
                default:
                    throw new Eip712Exception("EIP-712 has no type for null");
            }
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

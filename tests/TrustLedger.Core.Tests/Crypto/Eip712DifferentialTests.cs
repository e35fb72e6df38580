using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Core.Tests.Crypto;

/// <summary>Our EIP-712 encoder against ethers v6 on seeded random typed data: nested structs, nested and fixed arrays, every atomic type.</summary>
public class Eip712DifferentialTests
{
    [Fact]
    public void RandomTypedData_HashesLikeEthers()
    {
        var random = new Random(712_712);
        var items = new JsonArray();
        for (int i = 0; i < 150; i++) items.Add(RandomTypedData(random, i));
        // The corpus must exercise what it claims to: nested arrays, fixed arrays, arrays of structs, nested structs.
        var fieldTypes = items.SelectMany(item => item!["types"]!.AsObject().SelectMany(t => t.Value!.AsArray().Select(f => f!["type"]!.GetValue<string>()))).ToList();
        Assert.Contains(fieldTypes, t => t.Contains("][") || t.EndsWith("[][]"));
        Assert.Contains(fieldTypes, t => t.EndsWith("[2]"));
        Assert.Contains(fieldTypes, t => t.StartsWith("Root") && t.EndsWith("[]"));
        Assert.Contains(fieldTypes, t => t.StartsWith("Root") && !t.Contains('['));
        var ethers = NodeScripts.Run("hash-typed-data.mjs", items).AsArray();
        for (int i = 0; i < items.Count; i++)
        {
            Assert.True(ethers[i] is JsonValue, $"ethers refused item {i}: {ethers[i]?.ToJsonString()}\n{items[i]!.ToJsonString()}");
            var ours = Hex.Encode(Eip712.HashTypedData(JsonDocument.Parse(items[i]!.ToJsonString()).RootElement, Eip712Mode.Strict));
            Assert.True(ethers[i]!.GetValue<string>() == ours, $"item {i} differs\n{items[i]!.ToJsonString()}");
        }
    }

    [Fact]
    public void SharedVectors_HashLikeEthers()
    {
        var items = new JsonArray([.. SharedVectors.Eip712Cases.Select(c => JsonNode.Parse(c.TypedData.GetRawText()))]);
        var ethers = NodeScripts.Run("hash-typed-data.mjs", items).AsArray();
        for (int i = 0; i < items.Count; i++)
            Assert.Equal(SharedVectors.Eip712Cases[i].ExpectedDigest, ethers[i]!.GetValue<string>());
    }

    [Fact]
    public void EthersSignatures_EqualOursByteForByte()
    {
        using var key = EthPrivateKey.FromHex(EthSignerTests.HardhatKey0);
        var random = new Random(27);
        var items = new JsonArray();
        for (int i = 0; i < 20; i++) items.Add(RandomTypedData(random, i));
        var ethers = NodeScripts.Run("sign-eip712.mjs", new JsonObject { ["privateKey"] = EthSignerTests.HardhatKey0, ["items"] = items.DeepClone() }).AsArray();
        for (int i = 0; i < items.Count; i++)
        {
            var digest = Eip712.HashTypedData(JsonDocument.Parse(items[i]!.ToJsonString()).RootElement);
            Assert.Equal(ethers[i]!.GetValue<string>(), Hex.Encode(EthSigner.Sign(digest, key)));
        }
    }

    private static readonly string[] Atomics = ["uint8", "uint64", "uint256", "int8", "int128", "int256", "bool", "address", "bytes1", "bytes4", "bytes32", "string", "bytes"];

    private static JsonObject RandomTypedData(Random random, int seed)
    {
        var types = new JsonObject
        {
            ["EIP712Domain"] = new JsonArray(
                new JsonObject { ["name"] = "name", ["type"] = "string" }, new JsonObject { ["name"] = "version", ["type"] = "string" },
                new JsonObject { ["name"] = "chainId", ["type"] = "uint256" }, new JsonObject { ["name"] = "verifyingContract", ["type"] = "address" }),
        };
        var message = RandomStruct(random, types, "Root", depth: 0);
        var domain = new JsonObject { ["name"] = $"Differential {seed}", ["version"] = "1", ["chainId"] = random.Next(1, 100_000), ["verifyingContract"] = RandomHex(random, 20) };
        return new JsonObject { ["types"] = types, ["primaryType"] = "Root", ["domain"] = domain, ["message"] = message };
    }

    private static JsonObject RandomStruct(Random random, JsonObject types, string name, int depth)
    {
        var fields = new JsonArray();
        var value = new JsonObject();
        types[name] = fields;
        int count = random.Next(1, 5);
        for (int i = 0; i < count; i++)
        {
            string field = $"f{i}";
            var (type, fieldValue) = RandomField(random, types, $"{name}S{i}", depth);
            fields.Add(new JsonObject { ["name"] = field, ["type"] = type });
            value[field] = fieldValue;
        }
        return value;
    }

    private static (string Type, JsonNode Value) RandomField(Random random, JsonObject types, string structName, int depth)
    {
        int pick = random.Next(10);
        if (pick == 0 && depth < 3) return (structName, RandomStruct(random, types, structName, depth + 1));
        if (pick is 1 or 2 && depth < 3)
        {
            // Arrays of atomics, of structs, nested arrays and fixed-size arrays.
            var (elementType, _) = pick == 1 || depth >= 2 ? (Atomics[random.Next(Atomics.Length)], (JsonNode?)null) : (structName, null);
            bool nested = random.Next(3) == 0;
            int? fixedLength = random.Next(3) == 0 ? random.Next(0, 3) : null;
            int length = fixedLength ?? random.Next(0, 4);
            var array = new JsonArray();
            // Define the element struct even when no element uses it, as ethers needs every referenced type.
            if (elementType == structName && !types.ContainsKey(structName)) RandomStruct(random, types, structName, depth + 1);
            for (int i = 0; i < length; i++)
            {
                if (nested)
                {
                    var inner = new JsonArray();
                    for (int j = random.Next(0, 3); j > 0; j--) inner.Add(ElementValue(random, types, elementType, structName, depth));
                    array.Add(inner);
                }
                else array.Add(ElementValue(random, types, elementType, structName, depth));
            }
            string suffix = fixedLength is { } n ? $"[{n}]" : "[]";
            return (nested ? elementType + "[]" + suffix : elementType + suffix, array);
        }
        string atomic = Atomics[random.Next(Atomics.Length)];
        return (atomic, AtomicValue(random, atomic));
    }

    private static JsonNode ElementValue(Random random, JsonObject types, string elementType, string structName, int depth) =>
        elementType == structName
            ? SameShape(random, types, structName)
            : AtomicValue(random, elementType);

    // A second value for an existing struct type: same fields, new values (atomic fields only, to stay simple).
    private static JsonObject SameShape(Random random, JsonObject types, string structName)
    {
        var value = new JsonObject();
        foreach (var field in types[structName]!.AsArray())
        {
            string type = field!["type"]!.GetValue<string>();
            value[field["name"]!.GetValue<string>()] = Atomics.Contains(type) ? AtomicValue(random, type) : FirstValueShape(random, types, type);
        }
        return value;
    }

    private static JsonNode FirstValueShape(Random random, JsonObject types, string type) =>
        type.EndsWith(']') ? (type.EndsWith("[0]") ? new JsonArray() : type.EndsWith("[1]") ? new JsonArray(ArrayElement(random, types, type))
            : type.EndsWith("[2]") ? new JsonArray(ArrayElement(random, types, type), ArrayElement(random, types, type)) : new JsonArray())
        : SameShape(random, types, type);

    private static JsonNode ArrayElement(Random random, JsonObject types, string arrayType)
    {
        string element = arrayType[..arrayType.LastIndexOf('[')];
        return Atomics.Contains(element) ? AtomicValue(random, element) : FirstValueShape(random, types, element);
    }

    private static JsonNode AtomicValue(Random random, string type) => type switch
    {
        "uint8" => random.Next(256),
        "uint64" => (long)(random.NextInt64() & 0x1F_FFFF_FFFF_FFFF), // within JavaScript's safe integers
        "uint256" => random.Next(2) == 0 ? random.Next() : (JsonNode)random.NextInt64(0, 9_007_199_254_740_991),
        "int8" => random.Next(-128, 128),
        "int128" or "int256" => random.NextInt64(-9_007_199_254_740_991, 9_007_199_254_740_991),
        "bool" => random.Next(2) == 0,
        "address" => RandomHex(random, 20),
        "bytes1" => RandomHex(random, 1),
        "bytes4" => RandomHex(random, 4),
        "bytes32" => RandomHex(random, 32),
        "bytes" => RandomHex(random, random.Next(0, 70)),
        _ => RandomText(random),
    };

    private static string RandomHex(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return Hex.Encode(bytes);
    }

    private static string RandomText(Random random)
    {
        string[] pieces = ["", "a", "Grüße", "日本", "😀", "quote\"back\\slash", "line\nbreak", "@context", new string('x', 200)];
        return string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
    }
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace TrustLedger.Core.Crypto.Eip712;

/// <summary>
/// The "types" member of EIP-712 typed data, parsed once: struct definitions, their encodeType
/// strings and type hashes. Follows eth-sig-util V4: dependencies are found through array types
/// too, sorted by name after the primary type; an unknown type fails only when it is encoded.
/// </summary>
public sealed class Eip712TypeSet
{
    public const string DomainTypeName = "EIP712Domain";

    // Type hashes depend only on the encodeType string; many credentials share one schema.
    // Bounded so that untrusted typed data cannot grow it without end.
    private static readonly ConcurrentDictionary<string, byte[]> TypeHashCache = new(StringComparer.Ordinal);
    private const int TypeHashCacheLimit = 4096;

    // Bounds for untrusted typed data (a verify endpoint parses types it did not write): generous for
    // any real message, small enough that encodeType and hashing stay cheap.
    public const int MaxStructs = 256;
    public const int MaxFieldsPerStruct = 256;
    public const int MaxArrayDimensions = 8;

    private readonly Dictionary<string, Eip712StructType> _structs = new(StringComparer.Ordinal);

    private Eip712TypeSet() { }

    public IEnumerable<string> TypeNames => _structs.Keys;

    public bool Contains(string typeName) => _structs.ContainsKey(typeName);

    /// <summary>Field (name, type) pairs of a struct in declaration order.</summary>
    public IReadOnlyList<(string Name, string Type)> FieldsOf(string typeName) =>
        Get(typeName).Fields.Select(f => (f.Name, f.TypeName)).ToArray();

    private static readonly ConcurrentDictionary<string, Eip712TypeSet> ParsedCache = new(StringComparer.Ordinal);
    private const int ParsedCacheLimit = 256;

    /// <summary>
    /// Like <see cref="Parse"/>, but reuses the parsed set when the same "types" JSON text was seen
    /// before: credentials of one kind share their types, and parsing them is most of the hashing cost.
    /// </summary>
    public static Eip712TypeSet ParseCached(JsonElement types, bool strict = false) =>
        types.ValueKind != JsonValueKind.Object ? Parse(types, strict) : ParseCached(types.GetRawText(), strict, types);

    /// <summary>The same from the JSON text of "types"; parses only when this text was not seen before.</summary>
    public static Eip712TypeSet ParseCached(string typesJson, bool strict = false) => ParseCached(typesJson, strict, null);

    private static Eip712TypeSet ParseCached(string typesJson, bool strict, JsonElement? parsedElement)
    {
        string key = (strict ? "S" : "C") + typesJson;
        if (ParsedCache.TryGetValue(key, out var cached)) return cached;
        Eip712TypeSet parsed;
        if (parsedElement is { } element) parsed = Parse(element, strict);
        else
        {
            using var document = JsonDocument.Parse(typesJson);
            parsed = Parse(document.RootElement, strict);
        }
        foreach (var name in parsed._structs.Keys) parsed.TypeHash(name); // fill lazily-set hashes before sharing across threads
        if (ParsedCache.Count < ParsedCacheLimit) ParsedCache.TryAdd(key, parsed);
        return parsed;
    }

    /// <param name="strict">Also refuse field definitions with members other than name and type (eth-sig-util ignores them).</param>
    public static Eip712TypeSet Parse(JsonElement types, bool strict = false)
    {
        if (types.ValueKind != JsonValueKind.Object) throw new Eip712Exception("types must be an object", "types");
        var set = new Eip712TypeSet();
        foreach (var entry in types.EnumerateObject())
        {
            if (set._structs.Count >= MaxStructs) throw new Eip712Exception($"more than {MaxStructs} struct types", "types");
            if (entry.Value.ValueKind == JsonValueKind.Array && entry.Value.GetArrayLength() > MaxFieldsPerStruct)
                throw new Eip712Exception($"more than {MaxFieldsPerStruct} fields", $"types.{entry.Name}");
            if (entry.Value.ValueKind != JsonValueKind.Array)
                throw new Eip712Exception("a struct definition must be an array of {name, type}", $"types.{entry.Name}");
            var fields = new Eip712Field[entry.Value.GetArrayLength()];
            int i = 0;
            foreach (var field in entry.Value.EnumerateArray())
            {
                if (field.ValueKind != JsonValueKind.Object
                    || !field.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !field.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    throw new Eip712Exception("each field needs a string name and a string type", $"types.{entry.Name}[{i}]");
                if (strict && field.EnumerateObject().Count() != 2)
                    throw new Eip712Exception("a field definition holds only name and type", $"types.{entry.Name}[{i}]");
                fields[i++] = new Eip712Field(name.GetString()!, type.GetString()!);
            }
            if (!set._structs.TryAdd(entry.Name, new Eip712StructType(entry.Name, fields)))
                throw new Eip712Exception("duplicate struct name", $"types.{entry.Name}");
        }
        // eth-sig-util's sanitizeData: a missing EIP712Domain is an empty struct.
        set._structs.TryAdd(DomainTypeName, new Eip712StructType(DomainTypeName, []));
        foreach (var definition in set._structs.Values)
            foreach (var field in definition.Fields) field.Type = set.Resolve(field.TypeName);
        return set;
    }

    internal Eip712StructType Get(string typeName) =>
        _structs.TryGetValue(typeName, out var definition) ? definition : throw new Eip712Exception($"no struct type named '{typeName}'");

    /// <summary>encodeType: "Primary(type name,...)Dep1(...)Dep2(...)" with dependencies sorted by name.</summary>
    public string EncodeType(string typeName)
    {
        var primary = Get(typeName);
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(primary, dependencies);
        dependencies.Remove(primary.Name);
        var builder = new StringBuilder();
        AppendStruct(builder, primary);
        foreach (var dependency in dependencies) AppendStruct(builder, _structs[dependency]);
        return builder.ToString();
    }

    /// <summary>Struct names other than EIP712Domain that <paramref name="primaryType"/> does not reach (ethers refuses such typed data).</summary>
    public IReadOnlyList<string> UnusedTypes(string primaryType)
    {
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        if (_structs.TryGetValue(primaryType, out var primary)) CollectDependencies(primary, reached);
        return _structs.Keys.Where(name => name != DomainTypeName && !reached.Contains(name)).ToArray();
    }

    public byte[] TypeHash(string typeName) => TypeHashOf(Get(typeName));

    internal byte[] TypeHashOf(Eip712StructType definition)
    {
        if (definition.TypeHash is { } known) return known;
        string encoded = EncodeType(definition.Name);
        if (!TypeHashCache.TryGetValue(encoded, out var hash))
        {
            hash = Keccak256.Hash(Encoding.UTF8.GetBytes(encoded));
            if (TypeHashCache.Count < TypeHashCacheLimit) TypeHashCache.TryAdd(encoded, hash);
        }
        definition.TypeHash = hash;
        return hash;
    }

    // Iterative, so that a long chain of struct types in untrusted typed data cannot exhaust the stack.
    private void CollectDependencies(Eip712StructType root, SortedSet<string> found)
    {
        var pending = new Stack<Eip712StructType>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var definition = pending.Pop();
            if (!found.Add(definition.Name)) continue;
            foreach (var field in definition.Fields)
            {
                // eth-sig-util takes the leading word of the type ("Person[2][]" -> "Person").
                int end = 0;
                while (end < field.TypeName.Length && (char.IsAsciiLetterOrDigit(field.TypeName[end]) || field.TypeName[end] == '_')) end++;
                if (_structs.TryGetValue(field.TypeName[..end], out var dependency) && !found.Contains(dependency.Name)) pending.Push(dependency);
            }
        }
    }

    private static void AppendStruct(StringBuilder builder, Eip712StructType definition)
    {
        builder.Append(definition.Name).Append('(');
        for (int i = 0; i < definition.Fields.Length; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append(definition.Fields[i].TypeName).Append(' ').Append(definition.Fields[i].Name);
        }
        builder.Append(')');
    }

    private Eip712Type Resolve(string typeName, int dimensions = 0)
    {
        if (typeName.EndsWith(']'))
        {
            if (dimensions >= MaxArrayDimensions) return new Eip712Type.Invalid($"more than {MaxArrayDimensions} array dimensions in '{typeName}'");
            int open = typeName.LastIndexOf('[');
            if (open <= 0) return new Eip712Type.Invalid($"invalid array type '{typeName}'");
            var lengthText = typeName.AsSpan(open + 1, typeName.Length - open - 2);
            int? length = null;
            if (lengthText.Length > 0)
            {
                if (!int.TryParse(lengthText, System.Globalization.NumberStyles.None, null, out int fixedLength))
                    return new Eip712Type.Invalid($"invalid array length in '{typeName}'");
                length = fixedLength;
            }
            return new Eip712Type.Array(Resolve(typeName[..open], dimensions + 1), length);
        }
        if (_structs.TryGetValue(typeName, out var definition)) return new Eip712Type.Struct(definition);
        return ResolveAtomic(typeName);
    }

    private static Eip712Type ResolveAtomic(string typeName)
    {
        switch (typeName)
        {
            case "string": return new Eip712Type.Dynamic(IsString: true);
            case "bytes": return new Eip712Type.Dynamic(IsString: false);
            case "bool": return new Eip712Type.Atomic(AtomicKind.Bool, 8);
            case "address": return new Eip712Type.Atomic(AtomicKind.Address, 160);
            case "uint": return new Eip712Type.Atomic(AtomicKind.Uint, 256);
            case "int": return new Eip712Type.Atomic(AtomicKind.Int, 256);
        }
        if (TrySize(typeName, "uint", out int bits) && bits % 8 == 0 && bits is >= 8 and <= 256)
            return new Eip712Type.Atomic(AtomicKind.Uint, bits);
        if (TrySize(typeName, "int", out bits) && bits % 8 == 0 && bits is >= 8 and <= 256)
            return new Eip712Type.Atomic(AtomicKind.Int, bits);
        if (TrySize(typeName, "bytes", out int size) && size is >= 1 and <= 32)
            return new Eip712Type.Atomic(AtomicKind.FixedBytes, size);
        return new Eip712Type.Invalid($"unknown type '{typeName}'");
    }

    private static bool TrySize(string typeName, string prefix, out int size)
    {
        size = 0;
        return typeName.StartsWith(prefix, StringComparison.Ordinal)
            && typeName.Length > prefix.Length && typeName[prefix.Length] != '0'
            && int.TryParse(typeName.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, null, out size);
    }
}

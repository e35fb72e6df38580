using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrustLedger.Core.Crypto.Eip712;

/// <summary>encodeData / hashStruct over System.Text.Json values, one 32-byte word per field.</summary>
internal readonly struct Eip712Encoder(Eip712TypeSet types, bool strict)
{
    public void HashDomain(JsonElement domain, Span<byte> output32)
    {
        var definition = types.Get(Eip712TypeSet.DomainTypeName);
        // A domain left out is only acceptable when the domain type has no fields.
        if (domain.ValueKind == JsonValueKind.Undefined && definition.Fields.Length == 0) domain = EmptyObject;
        try { HashStruct(definition, domain, output32); }
        catch (Eip712Exception e) { throw e.Under("domain"); }
    }

    public void HashRoot(string typeName, JsonElement data, string path, Span<byte> output32)
    {
        try { HashStruct(types.Get(typeName), data, output32); }
        catch (Eip712Exception e) { throw e.Under(path); }
    }

    private void HashStruct(Eip712StructType definition, JsonElement data, Span<byte> output32)
    {
        if (data.ValueKind != JsonValueKind.Object) throw new Eip712Exception($"expected an object of type {definition.Name}");
        int size = 32 * (definition.Fields.Length + 1);
        byte[]? rented = null;
        Span<byte> buffer = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            types.TypeHashOf(definition).CopyTo(buffer);
            int offset = 32;
            foreach (var field in definition.Fields)
            {
                data.TryGetProperty(field.Name, out var value);
                try { EncodeField(field.Type, value, buffer.Slice(offset, 32)); }
                catch (Eip712Exception e) { throw e.Under(field.Name); }
                offset += 32;
            }
            if (strict) RequireOnlyTypedMembers(definition, data);
            Keccak256.Hash(buffer[..size], output32);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void RequireOnlyTypedMembers(Eip712StructType definition, JsonElement data)
    {
        int count = 0;
        foreach (var member in data.EnumerateObject())
        {
            count++;
            bool declared = false;
            foreach (var field in definition.Fields)
                if (member.NameEquals(field.Name)) { declared = true; break; }
            if (!declared) throw new Eip712Exception($"member not declared in type {definition.Name}", member.Name);
        }
        if (count != definition.Fields.Length) throw new Eip712Exception($"object does not match type {definition.Name}");
    }

    private void EncodeField(Eip712Type type, JsonElement value, Span<byte> word)
    {
        switch (type)
        {
            case Eip712Type.Struct s:
                if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                {
                    if (strict) throw new Eip712Exception($"missing value of type {s.Definition.Name}");
                    word.Clear(); // eth-sig-util V4: a null or missing struct encodes as bytes32(0)
                    return;
                }
                HashStruct(s.Definition, value, word);
                return;
            case Eip712Type.Invalid invalid:
                throw new Eip712Exception(invalid.Reason);
        }
        if (value.ValueKind == JsonValueKind.Undefined) throw new Eip712Exception("missing value");
        switch (type)
        {
            case Eip712Type.Dynamic { IsString: true }:
                HashString(value, word);
                return;
            case Eip712Type.Dynamic:
                HashBytes(value, word);
                return;
            case Eip712Type.Array array:
                HashArray(array, value, word);
                return;
            case Eip712Type.Atomic atomic:
                Eip712Atomic.Encode(atomic, value, strict, word);
                return;
        }
        throw new Eip712Exception("unsupported type");
    }

    private void HashArray(Eip712Type.Array array, JsonElement value, Span<byte> word)
    {
        if (value.ValueKind != JsonValueKind.Array) throw new Eip712Exception("expected an array");
        int length = value.GetArrayLength();
        if (array.FixedLength is { } fixedLength && fixedLength != length)
            throw new Eip712Exception($"expected {fixedLength} elements, got {length}");
        int size = 32 * length;
        byte[]? rented = null;
        Span<byte> buffer = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            int index = 0;
            foreach (var element in value.EnumerateArray())
            {
                try { EncodeField(array.Element, element, buffer.Slice(32 * index, 32)); }
                catch (Eip712Exception e) { throw e.Under($"[{index}]"); }
                index++;
            }
            Keccak256.Hash(buffer[..size], word);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void HashString(JsonElement value, Span<byte> word)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                HashUtf8(value, word);
                return;
            case JsonValueKind.Null when !strict:  // eth-sig-util: value ?? ''
                Keccak256.Hash([], word);
                return;
            case JsonValueKind.Number when !strict: // eth-sig-util hashes the number's big-endian bytes
                Keccak256.Hash(Eip712Atomic.NumberBytes(value), word);
                return;
            default:
                throw new Eip712Exception("expected a string");
        }
    }

    private void HashBytes(JsonElement value, Span<byte> word)
    {
        if (value.ValueKind == JsonValueKind.Number && !strict)
        {
            Keccak256.Hash(Eip712Atomic.NumberBytes(value), word);
            return;
        }
        if (value.ValueKind != JsonValueKind.String) throw new Eip712Exception("expected a 0x hex string");
        string text = value.GetString()!;
        if (Eip712Atomic.IsHexString(text))
        {
            // eth-sig-util's hexToBytes pads an odd digit count with a leading zero.
            string digits = text.Length % 2 == 0 ? text[2..] : "0" + text[2..];
            Keccak256.Hash(Convert.FromHexString(digits), word);
            return;
        }
        if (strict) throw new Eip712Exception("expected a 0x hex string");
        HashUtf8(value, word); // eth-sig-util hashes non-hex text as UTF-8
    }

    private static void HashUtf8(JsonElement value, Span<byte> word)
    {
        // Fast path: a JSON string without escapes is its own UTF-8 value between the quotes.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"' && raw.IndexOf((byte)'\\') < 0)
        {
            Keccak256.Hash(raw[1..^1], word);
            return;
        }
        string text = value.GetString()!;
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int length = Encoding.UTF8.GetBytes(text, buffer);
        Keccak256.Hash(buffer[..length], word);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}

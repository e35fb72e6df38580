using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace TrustLedger.Core.Crypto.Eip712;

/// <summary>
/// Encodes uintN, intN, bool, address and bytesN into one ABI word. Numbers may come as JSON
/// numbers, decimal strings or 0x hex strings (as eth-sig-util accepts); strict mode takes only
/// JSON numbers for integers, JSON booleans for bool, and exact-length hex for address/bytesN.
/// Out-of-range values fail rather than wrap.
/// </summary>
internal static class Eip712Atomic
{
    public static void Encode(Eip712Type.Atomic type, JsonElement value, bool strict, Span<byte> word)
    {
        word.Clear();
        switch (type.Kind)
        {
            case AtomicKind.Bool:
                word[31] = Truthy(value, strict) ? (byte)1 : (byte)0;
                return;
            case AtomicKind.Address:
                EncodeAddress(value, strict, word);
                return;
            case AtomicKind.FixedBytes:
                EncodeFixedBytes(type.Size, value, strict, word);
                return;
            case AtomicKind.Uint:
            case AtomicKind.Int:
                EncodeInteger(type, value, strict, word);
                return;
        }
    }

    private static bool Truthy(JsonElement value, bool strict) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ when strict => throw new Eip712Exception("expected true or false"),
        // JavaScript truthiness, as eth-sig-util's rawEncode applies it.
        JsonValueKind.Null => false,
        JsonValueKind.Number => !ParseInteger(value).IsZero,
        JsonValueKind.String => value.GetString()!.Length > 0,
        _ => true,
    };

    private static void EncodeAddress(JsonElement value, bool strict, Span<byte> word)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && IsHexString(text)
            && text.Length <= 42 && (!strict || text.Length == 42))
        {
            WriteUnsigned(ParseHex(text), word, 160);
            return;
        }
        if (value.ValueKind == JsonValueKind.Number && !strict)
        {
            WriteUnsigned(ParseInteger(value), word, 160);
            return;
        }
        throw new Eip712Exception("expected an address (0x + 40 hex digits)");
    }

    private static void EncodeFixedBytes(int size, JsonElement value, bool strict, Span<byte> word)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && IsHexString(text))
        {
            int digits = text.Length - 2;
            if (digits % 2 == 0 && digits <= 2 * size && (!strict || digits == 2 * size))
            {
                Convert.FromHexString(text.AsSpan(2), word, out _, out _); // right-padded with zeros
                return;
            }
        }
        else if (value.ValueKind == JsonValueKind.Number && !strict)
        {
            var bytes = NumberBytes(value);
            if (bytes.Length <= size)
            {
                bytes.CopyTo(word);
                return;
            }
        }
        throw new Eip712Exception($"expected bytes{size} as 0x hex of {size} bytes");
    }

    private static void EncodeInteger(Eip712Type.Atomic type, JsonElement value, bool strict, Span<byte> word)
    {
        BigInteger number = value.ValueKind switch
        {
            JsonValueKind.Number => ParseInteger(value),
            JsonValueKind.String when !strict => ParseIntegerText(value.GetString()!),
            _ => throw new Eip712Exception($"expected a number for {(type.Kind == AtomicKind.Uint ? "u" : "")}int{type.Size}"),
        };
        if (type.Kind == AtomicKind.Uint)
        {
            if (number.Sign < 0) throw new Eip712Exception($"negative value for uint{type.Size}");
            WriteUnsigned(number, word, type.Size);
            return;
        }
        var limit = BigInteger.One << (type.Size - 1);
        if (number >= limit || number < -limit) throw new Eip712Exception($"value out of range for int{type.Size}");
        if (number.Sign < 0) number += BigInteger.One << 256; // two's complement in 256 bits
        WriteUnsigned(number, word, 256);
    }

    private static void WriteUnsigned(BigInteger number, Span<byte> word, int bits)
    {
        if (number.Sign < 0 || number.GetBitLength() > bits) throw new Eip712Exception($"value does not fit in {bits} bits");
        int length = number.GetByteCount(isUnsigned: true);
        number.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>A JSON number as an integer; fractions (1.5) fail, integral forms (1e3, 2.0) pass as JavaScript would read them.</summary>
    public static BigInteger ParseInteger(JsonElement value)
    {
        if (value.TryGetInt64(out long small)) return small;
        string raw = value.GetRawText();
        // 2^256 has 78 digits; longer text is refused before BigInteger's quadratic parse sees it.
        if (raw.Length > 100) throw new Eip712Exception("number too long for a 256-bit integer");
        if (BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)) return big;
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var dec) && decimal.Truncate(dec) == dec)
            return new BigInteger(dec);
        throw new Eip712Exception("expected an integer");
    }

    private static BigInteger ParseIntegerText(string text)
    {
        if (text.Length > 100) throw new Eip712Exception("number too long for a 256-bit integer");
        bool negative = text.StartsWith('-');
        string body = negative ? text[1..] : text;
        BigInteger number;
        if (IsHexString(body) && body.Length > 2) number = ParseHex(body);
        else if (body.Length > 0 && body.All(char.IsAsciiDigit)) number = BigInteger.Parse(body, CultureInfo.InvariantCulture);
        else throw new Eip712Exception("expected an integer (decimal or 0x hex)");
        return negative ? -number : number;
    }

    private static BigInteger ParseHex(string text) =>
        text.Length == 2 ? BigInteger.Zero : BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>eth-sig-util's numberToBuffer: the big-endian bytes of a non-negative integer (0 gives one zero byte).</summary>
    public static byte[] NumberBytes(JsonElement value)
    {
        var number = ParseInteger(value);
        if (number.Sign < 0) throw new Eip712Exception("negative number where bytes are expected");
        return number.IsZero ? [0] : number.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    public static bool IsHexString(string text) =>
        text.Length >= 2 && text[0] == '0' && text[1] == 'x' && text.AsSpan(2).IndexOfAnyExcept(HexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustLedger.Core.Crypto;

/// <summary>
/// JSON Canonicalization Scheme (RFC 8785): members sorted by UTF-16 code units, no whitespace,
/// strings escaped as ECMAScript JSON.stringify does, numbers in ECMAScript Number-to-String form.
/// Gives the same bytes for the same credential whatever order or spacing it arrived in.
/// </summary>
public static class Jcs
{
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    public static byte[] Canonicalize(JsonElement value)
    {
        var builder = new StringBuilder(1024);
        Write(value, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The same canonical bytes from a JsonNode tree (what the issuer holds), without a serialize/parse round trip.</summary>
    public static byte[] Canonicalize(JsonNode? value)
    {
        var builder = new StringBuilder(1024);
        Write(value, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Write(JsonNode? node, StringBuilder output)
    {
        switch (node)
        {
            case null: output.Append("null"); return;
            case JsonObject obj:
                var members = new KeyValuePair<string, JsonNode?>[obj.Count];
                int count = 0;
                foreach (var member in obj) members[count++] = member;
                Array.Sort(members, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                output.Append('{');
                for (int i = 0; i < members.Length; i++)
                {
                    if (i > 0) output.Append(',');
                    WriteString(members[i].Key, output);
                    output.Append(':');
                    Write(members[i].Value, output);
                }
                output.Append('}');
                return;
            case JsonArray array:
                output.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0) output.Append(',');
                    Write(array[i], output);
                }
                output.Append(']');
                return;
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(value.GetValue<string>(), output); return;
                    case JsonValueKind.Number: output.Append(FormatNumber(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture))); return;
                    case JsonValueKind.True: output.Append("true"); return;
                    case JsonValueKind.False: output.Append("false"); return;
                    default: output.Append("null"); return;
                }
        }
    }

    private static void Write(JsonElement value, StringBuilder output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                foreach (var member in value.EnumerateObject()) members.Add(member);
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                output.Append('{');
                for (int m = 0; m < members.Count; m++)
                {
                    if (m > 0) output.Append(',');
                    WriteString(members[m].Name, output);
                    output.Append(':');
                    Write(members[m].Value, output);
                }
                output.Append('}');
                return;
            case JsonValueKind.Array:
                output.Append('[');
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) output.Append(',');
                    Write(item, output);
                }
                output.Append(']');
                return;
            case JsonValueKind.String: WriteString(value.GetString()!, output); return;
            case JsonValueKind.Number: output.Append(FormatNumber(value.GetDouble())); return;
            case JsonValueKind.True: output.Append("true"); return;
            case JsonValueKind.False: output.Append("false"); return;
            case JsonValueKind.Null: output.Append("null"); return;
            default: throw new ArgumentException("not a JSON value", nameof(value));
        }
    }

    private static void WriteString(string text, StringBuilder output)
    {
        output.Append('"');
        if (text.AsSpan().IndexOfAny(MustEscape) < 0)
        {
            output.Append(text).Append('"'); // the common case: nothing to escape
            return;
        }
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (c < 0x20) output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else output.Append(c);
                    break;
            }
        }
        output.Append('"');
    }

    /// <summary>ECMAScript Number::toString for finite doubles (RFC 8785 §3.2.2.3).</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException("JCS has no NaN or Infinity", nameof(value));
        if (value == 0) return "0";
        string sign = value < 0 ? "-" : "";
        // "R" gives the shortest round-trip digits; split them into digits and a decimal exponent.
        string roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int exponentAt = roundTrip.IndexOfAny(['E', 'e']);
        string mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        int exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa[..dot] + mantissa[(dot + 1)..];
        int n = (dot < 0 ? mantissa.Length : dot) + exponent; // position of the decimal point
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leadingZeros;
        int k = digits.Length;
        if (k <= n && n <= 21) return sign + digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + digits;
        string e = (n - 1) >= 0 ? "+" + (n - 1) : (n - 1).ToString(CultureInfo.InvariantCulture);
        return sign + digits[..1] + (k > 1 ? "." + digits[1..] : "") + "e" + e;
    }
}

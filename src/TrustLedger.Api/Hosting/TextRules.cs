using System.Text;
using System.Text.Json;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// What text the service accepts from a request, wherever it comes from (query, route, JSON body).
/// PostgreSQL cannot store U+0000 in text (22021) and encodes strictly to UTF-8, while SQLite stores
/// both silently; refusing them at input makes both databases answer the same. Multi-line text may
/// hold tab, line feed and carriage return; single-line fields (names, queries, route values) none.
/// </summary>
public static class TextRules
{
    /// <summary>Why <paramref name="value"/> is refused, or null when it is acceptable text.</summary>
    public static string? Problem(string value, bool multiLine = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return $"not valid Unicode text (an unpaired surrogate at position {i})";
            if (!char.IsControl(c)) continue;
            if (multiLine && c is '\t' or '\n' or '\r') continue;
            return $"contains the control character U+{(int)c:X4} at position {i}";
        }
        return null;
    }

    /// <summary>The first refused string (name or value) or out-of-range number in a JSON document, as (path, reason); null when all are fine.</summary>
    public static (string Path, string Reason)? FirstProblem(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = StringOf(element);
                if (text is null) return (Field(path), "not valid Unicode text (an unpaired surrogate)");
                return Problem(text, multiLine: true) is { } reason ? (Field(path), reason) : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = NameOf(property);
                    if (name is null || Problem(name) is not null) return (Field(path), "a member name is not valid text");
                    if (FirstProblem(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found) return found;
                }
                return null;
            case JsonValueKind.Number:
                // 1e400 parses as JSON but is no IEEE 754 double: nothing downstream (JCS, EIP-712) can represent it.
                return double.IsFinite(element.GetDouble()) ? null : (Field(path), "a number out of range");
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FirstProblem(item, $"{path}[{index++}]") is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    private static string Field(string path) => path.Length == 0 ? "body" : path;

    // System.Text.Json throws rather than return text with an unpaired surrogate escape (\ud800).
    private static string? StringOf(JsonElement element)
    {
        try { return element.GetString(); }
        catch (InvalidOperationException) { return null; }
    }

    private static string? NameOf(JsonProperty property)
    {
        try { return property.Name; }
        catch (InvalidOperationException) { return null; }
    }

    /// <summary>Visible ASCII, space and tab: what a header value may hold (RFC 9110 field-vchar without obs-text).</summary>
    public static bool IsHeaderText(string value)
    {
        foreach (var c in value)
            if (c is not ('\t' or (>= ' ' and <= '~'))) return false;
        return true;
    }

    /// <summary>The byte length of <paramref name="value"/> in UTF-8 (for size limits).</summary>
    public static int Utf8Length(string value) => Encoding.UTF8.GetByteCount(value);
}

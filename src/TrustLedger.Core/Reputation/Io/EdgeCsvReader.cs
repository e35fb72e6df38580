using System.Globalization;

namespace TrustLedger.Core.Reputation;

/// <summary>
/// Reads `source,target,rating[,time]` edge lists (SNAP soc-sign-bitcoin format; time in unix seconds,
/// integer or decimal). Comma-separated, or
/// whitespace-separated when a line has no comma. Blank lines and lines starting with '#' are skipped. The
/// first line may be a header: it is one when its third field is a column name (rating, weight, value,
/// score, sign). Every problem is reported with its 1-based line number; nothing is guessed.
/// </summary>
public static class EdgeCsvReader
{
    public const int MaxErrors = 20;
    private static readonly string[] RatingHeaders = ["rating", "weight", "value", "score", "sign"];

    public static EdgeCsvResult Read(TextReader reader)
    {
        var table = new EdgeTable();
        var errors = new List<EdgeCsvError>();
        var firstLine = new Dictionary<(int, int), int>();
        int lineNumber = 0;
        bool sawContent = false;
        string? line;
        while ((line = reader.ReadLine()) is not null && errors.Count < MaxErrors)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#') continue;
            string[] fields = Split(text);
            bool first = !sawContent;
            sawContent = true;
            if (first && fields.Length >= 3 && IsHeader(fields[2])) continue;
            if (Parse(fields, lineNumber, table, firstLine) is { } error) errors.Add(error);
        }
        return new EdgeCsvResult(table, errors);
    }

    private static string[] Split(ReadOnlySpan<char> text)
    {
        var parts = text.Contains(',') ? text.ToString().Split(',') : text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++) parts[i] = parts[i].Trim();
        return parts;
    }

    private static bool IsHeader(string field) =>
        RatingHeaders.Contains(field.Trim('"').ToLowerInvariant());

    private static EdgeCsvError? Parse(string[] f, int line, EdgeTable table, Dictionary<(int, int), int> firstLine)
    {
        if (f.Length < 3)
            return new(line, $"expected source,target,rating[,time] but found {f.Length} column{(f.Length == 1 ? "" : "s")}");
        if (f.Length > 4)
            return new(line, $"expected at most 4 columns (source,target,rating,time) but found {f.Length}");
        if (f[0].Length == 0) return new(line, "source is empty");
        if (f[1].Length == 0) return new(line, "target is empty");
        if (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double rating) || !double.IsFinite(rating))
            return new(line, $"rating '{f[2]}' is not a number");
        long time = 0;
        if (f.Length == 4 && !TryParseTime(f[3], out time))
            return new(line, $"time '{f[3]}' is not a unix time in seconds");
        if (f[0] == f[1]) return new(line, $"self-loop: '{f[0]}' rates itself");
        int s = table.Party(f[0]), t = table.Party(f[1]);
        if (firstLine.TryGetValue((s, t), out int earlier))
            return new(line, $"duplicate edge '{f[0]}' -> '{f[1]}' (first on line {earlier})");
        firstLine.Add((s, t), line);
        table.Add(s, t, rating, EdgeKind.Endorsement, time);
        return null;
    }

    /// <summary>Unix seconds, integer or decimal (soc-sign-bitcoinotc has fractions); fractions are floored.</summary>
    private static bool TryParseTime(string text, out long time)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out time)) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            && double.IsFinite(seconds) && Math.Abs(seconds) < 9e15)
        {
            time = (long)Math.Floor(seconds);
            return true;
        }
        return false;
    }
}

public sealed record EdgeCsvError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

public sealed record EdgeCsvResult(EdgeTable Table, IReadOnlyList<EdgeCsvError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace TrustLedger.Core.Credentials.Validation;

/// <summary>XML Schema dateTime / dateTimeStamp lexical forms as VC validFrom, validUntil and issuanceDate use them.</summary>
public static partial class XmlDateTime
{
    [GeneratedRegex(@"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Lexical();

    /// <summary>Parses a dateTime; <paramref name="requireTimezone"/> makes it a dateTimeStamp (VC 2.0). No time zone means UTC.</summary>
    public static bool TryParse(string? text, bool requireTimezone, out DateTimeOffset value)
    {
        value = default;
        if (text is null) return false;
        var match = Lexical().Match(text);
        if (!match.Success || (requireTimezone && !match.Groups[2].Success)) return false;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out value);
    }

    /// <summary>The form we write: UTC, whole seconds, "Z" (2026-11-26T10:00:00Z).</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

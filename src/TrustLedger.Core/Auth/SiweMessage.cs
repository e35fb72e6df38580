using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Auth;

/// <summary>
/// A Sign-In with Ethereum (EIP-4361) message. <see cref="TryParse"/> accepts exactly the ABNF
/// of the EIP: LF line ends only, fields in their fixed order, no trailing newline, the address
/// EIP-55 checksummed. <see cref="ToString"/> writes the same text back (as the siwe library does).
/// </summary>
public sealed partial record SiweMessage(
    string? Scheme,
    string Domain,
    string Address,
    string? Statement,
    string Uri,
    long ChainId,
    string Nonce,
    string IssuedAt,
    string? ExpirationTime = null,
    string? NotBefore = null,
    string? RequestId = null,
    IReadOnlyList<string>? Resources = null)
{
    public const string Version = "1";
    private const string HeaderSuffix = " wants you to sign in with your Ethereum account:";

    public DateTimeOffset IssuedAtTime => ParseTime(IssuedAt);
    public DateTimeOffset? ExpirationTimeValue => ExpirationTime is null ? null : ParseTime(ExpirationTime);
    public DateTimeOffset? NotBeforeTime => NotBefore is null ? null : ParseTime(NotBefore);

    public static bool TryParse(string text, out SiweMessage? message, out string error)
    {
        message = null;
        error = Parse(text, ref message) ?? "";
        return message is not null;
    }

    // Returns an error, or sets message. One line at a time, in the ABNF's order.
    private static string? Parse(string text, ref SiweMessage? message)
    {
        if (text.Contains('\r')) return "lines must end in LF, not CR LF";
        var lines = text.Split('\n');
        var at = 0;
        string? Next() => at < lines.Length ? lines[at++] : null;
        string? Field(string name, out string? error)
        {
            error = null;
            var line = Next();
            if (line is null || !line.StartsWith(name + ": ", StringComparison.Ordinal))
            {
                error = $"expected the line '{name}: ...' here (line {at})";
                return null;
            }
            return line[(name.Length + 2)..];
        }

        var header = Next()!;
        if (!header.EndsWith(HeaderSuffix, StringComparison.Ordinal))
            return $"the first line must be '<domain>{HeaderSuffix}'";
        var origin = header[..^HeaderSuffix.Length];
        string? scheme = null;
        var schemeEnd = origin.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = origin[..schemeEnd];
            origin = origin[(schemeEnd + 3)..];
            if (!SchemePattern().IsMatch(scheme)) return "the scheme before the domain is not an RFC 3986 scheme";
        }
        if (!AuthorityPattern().IsMatch(origin)) return "the domain is not an RFC 3986 authority";

        var address = Next();
        if (address is null || !AddressPattern().IsMatch(address)) return "the second line must be the address (0x + 40 hex digits)";
        if (!EthAddress.TryParse(address, out var parsed) || parsed.ToString() != address) return "the address must be written with its EIP-55 checksum";
        if (Next() != "") return "an empty line must follow the address";

        // [ statement LF ] LF: either an empty line, or a statement line and then an empty line.
        string? statement = null;
        var line = Next();
        if (line is null) return "the message ends after the address";
        if (line != "" || (at < lines.Length && lines[at] == ""))
        {
            if (!StatementPattern().IsMatch(line)) return "the statement may hold only printable ASCII allowed in URIs and spaces";
            statement = line;
            if (Next() != "") return "an empty line must follow the statement";
        }

        var uri = Field("URI", out var error);
        if (error is not null) return error;
        if (!IsUri(uri!)) return "URI is not an absolute RFC 3986 URI";
        var version = Field("Version", out error);
        if (error is not null) return error;
        if (version != Version) return "Version must be 1";
        var chain = Field("Chain ID", out error);
        if (error is not null) return error;
        if (!DigitsPattern().IsMatch(chain!) || !long.TryParse(chain, NumberStyles.None, CultureInfo.InvariantCulture, out var chainId))
            return "Chain ID must be a decimal number";
        var nonce = Field("Nonce", out error);
        if (error is not null) return error;
        if (!NoncePattern().IsMatch(nonce!)) return "Nonce must be at least 8 letters and digits";
        var issuedAt = Field("Issued At", out error);
        if (error is not null) return error;
        if (!IsTime(issuedAt!)) return "Issued At is not an RFC 3339 date-time";

        string? expiration = null, notBefore = null, requestId = null;
        List<string>? resources = null;
        line = Next();
        if (line is not null && line.StartsWith("Expiration Time: ", StringComparison.Ordinal))
        {
            expiration = line["Expiration Time: ".Length..];
            if (!IsTime(expiration)) return "Expiration Time is not an RFC 3339 date-time";
            line = Next();
        }
        if (line is not null && line.StartsWith("Not Before: ", StringComparison.Ordinal))
        {
            notBefore = line["Not Before: ".Length..];
            if (!IsTime(notBefore)) return "Not Before is not an RFC 3339 date-time";
            line = Next();
        }
        if (line is not null && line.StartsWith("Request ID: ", StringComparison.Ordinal))
        {
            requestId = line["Request ID: ".Length..];
            if (!RequestIdPattern().IsMatch(requestId)) return "Request ID may hold only URI path characters";
            line = Next();
        }
        if (line == "Resources:")
        {
            resources = [];
            while ((line = Next()) is not null)
            {
                if (!line.StartsWith("- ", StringComparison.Ordinal) || !IsUri(line[2..])) return $"each resource must be '- ' and a URI (line {at})";
                resources.Add(line[2..]);
            }
        }
        if (line is not null)
            return line == "" && at == lines.Length ? "the message must not end in a newline" : $"unexpected line {at}: fields are in the wrong order or unknown";

        message = new SiweMessage(scheme, origin, address, statement, uri!, chainId, nonce!, issuedAt!, expiration, notBefore, requestId, resources);
        return null;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        if (Scheme is not null) text.Append(Scheme).Append("://");
        text.Append(Domain).Append(HeaderSuffix).Append('\n').Append(Address).Append("\n\n");
        if (!string.IsNullOrEmpty(Statement)) text.Append(Statement).Append('\n');
        text.Append("\nURI: ").Append(Uri)
            .Append("\nVersion: ").Append(Version)
            .Append("\nChain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture))
            .Append("\nNonce: ").Append(Nonce)
            .Append("\nIssued At: ").Append(IssuedAt);
        if (ExpirationTime is not null) text.Append("\nExpiration Time: ").Append(ExpirationTime);
        if (NotBefore is not null) text.Append("\nNot Before: ").Append(NotBefore);
        if (RequestId is not null) text.Append("\nRequest ID: ").Append(RequestId);
        if (Resources is not null)
        {
            text.Append("\nResources:");
            foreach (var resource in Resources) text.Append("\n- ").Append(resource);
        }
        return text.ToString();
    }

    /// <summary>RFC 3339 as JavaScript's toISOString writes it (milliseconds, Z).</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static bool IsTime(string text) =>
        TimePattern().IsMatch(text)
        && DateTimeOffset.TryParse(text.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private static bool IsUri(string text) =>
        UriPattern().IsMatch(text) && PercentPattern().IsMatch(text) && System.Uri.TryCreate(text, UriKind.Absolute, out _);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*$")]
    private static partial Regex SchemePattern();

    // RFC 3986 authority: [ userinfo "@" ] host [ ":" port ], host a reg-name, IPv4 or [IP-literal].
    [GeneratedRegex(@"^(?:[A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@?(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2}|\[[0-9A-Fa-f:.vV]+\])+(?::[0-9]*)?$")]
    private static partial Regex AuthorityPattern();

    [GeneratedRegex("^0x[0-9A-Fa-f]{40}$")]
    private static partial Regex AddressPattern();

    // reserved / unreserved / " " (RFC 3986 §2.2, §2.3).
    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;= ]*$")]
    private static partial Regex StatementPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")]
    private static partial Regex UriPattern();

    [GeneratedRegex("^(?:[^%]|%[0-9A-Fa-f]{2})*$")]
    private static partial Regex PercentPattern();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex DigitsPattern();

    [GeneratedRegex("^[A-Za-z0-9]{8,}$")]
    private static partial Regex NoncePattern();

    // pchar = unreserved / pct-encoded / sub-delims / ":" / "@".
    [GeneratedRegex(@"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$")]
    private static partial Regex RequestIdPattern();

    // RFC 3339 date-time; "T" and "Z" may be lower case (RFC 3339 §5.6 note).
    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$")]
    private static partial Regex TimePattern();
}

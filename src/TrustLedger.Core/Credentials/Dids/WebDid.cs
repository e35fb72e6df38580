using System.Globalization;
using System.Net;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>
/// did:web (W3C CCG did:web): did:web:&lt;host&gt;[%3A&lt;port&gt;][:&lt;path&gt;:…] names the document at
/// https://&lt;host&gt;[:&lt;port&gt;]/&lt;path&gt;/…/did.json, or /.well-known/did.json without a path. A
/// loopback host (127.0.0.1, localhost, [::1]) is read over http: that is a development run on this
/// machine (the spec has https only), as the status list fetcher allows http for loopback only.
/// </summary>
public sealed record WebDid(string Did, Uri DocumentUrl)
{
    public const string Prefix = "did:web:";

    public static bool IsWebDid(string? did) => did is not null && did.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string? did, out WebDid? parsed, out string error)
    {
        parsed = null;
        if (!IsWebDid(did)) { error = "not a did:web"; return false; }
        if (did!.Length > 512 || did.Contains('#') || did.Contains('?') || did.Contains('/')) { error = "a did:web, not a DID URL"; return false; }
        var segments = did[Prefix.Length..].Split(':');
        string authority = Uri.UnescapeDataString(segments[0]);
        int colon = authority.LastIndexOf(':');
        string host = colon < 0 ? authority : authority[..colon];
        int port = -1;
        if (colon >= 0 && (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        { error = "did:web port (after %3A) must be 1-65535"; return false; }
        if (host.Length == 0 || Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        { error = "did:web must start with a host name (its port percent-encoded as %3A)"; return false; }
        var path = new List<string>();
        foreach (var segment in segments.Skip(1))
        {
            string decoded = Uri.UnescapeDataString(segment);
            if (decoded.Length == 0 || decoded is "." or ".." || decoded.IndexOfAny(['/', '\\', '?', '#']) >= 0)
            { error = "did:web path segments must be non-empty names"; return false; }
            path.Add(Uri.EscapeDataString(decoded));
        }
        string scheme = IsLoopback(host) ? "http" : "https";
        string where = path.Count == 0 ? "/.well-known/did.json" : "/" + string.Join('/', path) + "/did.json";
        var builder = new UriBuilder(scheme, host.ToLowerInvariant(), port, where);
        parsed = new WebDid(did, builder.Uri);
        error = "";
        return true;
    }

    /// <summary>The did:web of a public base URL (ours): host, port when not the scheme's default, the path as segments.</summary>
    public static string ForBase(string baseUrl)
    {
        var uri = new Uri(baseUrl);
        string did = Prefix + uri.Host.ToLowerInvariant() + (uri.IsDefaultPort ? "" : "%3A" + uri.Port.ToString(CultureInfo.InvariantCulture));
        foreach (var segment in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)) did += ":" + segment;
        return did;
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

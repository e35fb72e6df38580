using System.Globalization;

namespace TrustLedger.Core.Credentials;

/// <summary>
/// Every URL our credentials name, derived from one public base (Credentials:PublicBaseUrl): the
/// JSON-LD context, the JSON Schemas, the status lists and each credential's status. The service
/// serves each at its path, so every one resolves. URLs under a former base (<see cref="Aliases"/>:
/// the example base of credentials issued before these URLs resolved, and any configured former
/// bases) are still read as ours, so credentials signed with them keep verifying; nothing is fetched
/// for them, their documents are the ones shipped in this build.
/// </summary>
public sealed class CredentialUrls
{
    /// <summary>The base credentials named before issue 17: it never resolved anywhere, and old credentials still carry it.</summary>
    public const string ExampleBase = "https://trustledger.example";

    public const string ContextPath = "/contexts/v1";
    public const string SchemaPathPrefix = "/schemas/";
    public const string StatusListPathPrefix = "/v1/status-lists/";

    /// <summary>The example base only: what unit tests and credentials built without a configured base use.</summary>
    public static CredentialUrls Example { get; } = new(ExampleBase);

    public CredentialUrls(string publicBaseUrl, IEnumerable<string>? formerBases = null)
    {
        Base = Normalize(publicBaseUrl);
        Aliases = [.. (formerBases ?? []).Append(ExampleBase).Select(Normalize).Where(b => b != Base).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>scheme://host[:port][/path] without a trailing slash.</summary>
    public string Base { get; }

    /// <summary>Former bases whose URLs are still ours (always includes <see cref="ExampleBase"/> unless it is the base).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Our JSON-LD context (application/ld+json).</summary>
    public string Context => Base + ContextPath;

    /// <summary>A JSON Schema of ours by file name, e.g. endorsement-credential-v1.json (application/schema+json).</summary>
    public string Schema(string fileName) => Base + SchemaPathPrefix + fileName;

    /// <summary>A Bitstring Status List credential's URL (statusListCredential).</summary>
    public string StatusList(long list) => Base + StatusListPathPrefix + list.ToString(CultureInfo.InvariantCulture);

    /// <summary>The anchor status URL of one credential (credentialStatus.id of TrustLedgerAnchorStatus).</summary>
    public string CredentialStatus(string credentialId) => $"{Base}/v1/credentials/{Uri.EscapeDataString(credentialId)}/status";

    /// <summary>The issuer metadata (our issuer DIDs, verification methods and public keys).</summary>
    public string Issuers => Base + "/v1/issuers";

    /// <summary>
    /// The path (e.g. /contexts/v1) that <paramref name="url"/> names under our base or a former one;
    /// null when the URL is not ours. Comparison of scheme and host ignores case, the path does not.
    /// </summary>
    public string? OurPath(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        foreach (var candidate in Aliases.Prepend(Base))
            if (url.Length > candidate.Length && url[candidate.Length] == '/' && url.StartsWith(candidate, StringComparison.OrdinalIgnoreCase))
                return url[candidate.Length..];
        return null;
    }

    /// <summary>True when <paramref name="url"/> is our context under the current or a former base.</summary>
    public bool IsOurContext(string? url) => OurPath(url) == ContextPath;

    /// <summary>The file name of our schema that <paramref name="url"/> names, or null.</summary>
    public string? OurSchemaFile(string? url) =>
        OurPath(url) is { } path && path.StartsWith(SchemaPathPrefix, StringComparison.Ordinal) ? path[SchemaPathPrefix.Length..] : null;

    private static string Normalize(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ArgumentException($"a public base URL must be an absolute http(s) URL without query or fragment, not '{baseUrl}'", nameof(baseUrl));
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public override string ToString() => Base;
}

using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;

namespace TrustLedger.Core.Credentials.Contexts;

/// <summary>
/// The JSON-LD contexts we know, loaded from embedded resources (never from the network): the W3C
/// ones at their URLs, and ours at <see cref="CredentialUrls.Context"/> under the configured public
/// base or a former one (the document is the same under every base: its terms map to one vocabulary).
/// A credential whose @context names any other URL is rejected with <c>context.unknown</c>.
/// </summary>
public static class ContextCache
{
    private static readonly FrozenDictionary<string, byte[]> W3c = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        [VcConstants.CredentialsV2Context] = Load("credentials-v2.jsonld"),
        [VcConstants.CredentialsV1Context] = Load("credentials-v1.jsonld"),
        [VcConstants.CredentialsExamplesV2Context] = Load("credentials-examples-v2.jsonld"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly byte[] Ours = Load("trustledger-v1.jsonld");

    public const string MediaType = "application/ld+json";

    /// <summary>A strong ETag of our context's bytes (they change only with the build).</summary>
    public static string OurETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(Ours))[..32] + "\"";

    /// <summary>The context URLs known under <paramref name="urls"/>' current base (former bases are known too).</summary>
    public static IEnumerable<string> KnownUrls(CredentialUrls urls) => W3c.Keys.Append(urls.Context);

    public static bool IsKnown(string url, CredentialUrls urls) => W3c.ContainsKey(url) || urls.IsOurContext(url);

    /// <summary>The context document's bytes exactly as shipped (for serving it over HTTP and for the JSON-LD check).</summary>
    public static bool TryGet(string url, CredentialUrls urls, out ReadOnlyMemory<byte> document)
    {
        document = default;
        if (W3c.TryGetValue(url, out var bytes)) document = bytes;
        else if (urls.IsOurContext(url)) document = Ours;
        else return false;
        return true;
    }

    /// <summary>Our own context document.</summary>
    public static ReadOnlyMemory<byte> Our => Ours;

    public static JsonDocument Parse(string url, CredentialUrls? urls = null) =>
        TryGet(url, urls ?? CredentialUrls.Example, out var bytes) ? JsonDocument.Parse(bytes) : throw new KeyNotFoundException($"context {url} is not in the local cache");

    private static byte[] Load(string fileName)
    {
        using var stream = typeof(ContextCache).Assembly.GetManifestResourceStream("TrustLedger.Contexts." + fileName)
            ?? throw new InvalidOperationException($"embedded context {fileName} missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

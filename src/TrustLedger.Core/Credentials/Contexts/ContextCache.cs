using System.Collections.Frozen;
using System.Text.Json;

namespace TrustLedger.Core.Credentials.Contexts;

/// <summary>
/// The JSON-LD contexts we know, loaded from embedded resources (never from the network). A
/// credential whose @context names any other URL is rejected with <c>context.unknown</c>.
/// The API serves <see cref="VcConstants.TrustLedgerContext"/> from here.
/// </summary>
public static class ContextCache
{
    private static readonly FrozenDictionary<string, byte[]> Documents = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        [VcConstants.CredentialsV2Context] = Load("credentials-v2.jsonld"),
        [VcConstants.CredentialsV1Context] = Load("credentials-v1.jsonld"),
        [VcConstants.CredentialsExamplesV2Context] = Load("credentials-examples-v2.jsonld"),
        [VcConstants.TrustLedgerContext] = Load("trustledger-v1.jsonld"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const string MediaType = "application/ld+json";

    public static IEnumerable<string> KnownUrls => Documents.Keys;

    public static bool IsKnown(string url) => Documents.ContainsKey(url);

    /// <summary>The context document's bytes exactly as shipped (for serving it over HTTP).</summary>
    public static bool TryGet(string url, out ReadOnlyMemory<byte> document)
    {
        document = default;
        if (!Documents.TryGetValue(url, out var bytes)) return false;
        document = bytes;
        return true;
    }

    public static JsonDocument Parse(string url) =>
        TryGet(url, out var bytes) ? JsonDocument.Parse(bytes) : throw new KeyNotFoundException($"context {url} is not in the local cache");

    private static byte[] Load(string fileName)
    {
        using var stream = typeof(ContextCache).Assembly.GetManifestResourceStream("TrustLedger.Contexts." + fileName)
            ?? throw new InvalidOperationException($"embedded context {fileName} missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

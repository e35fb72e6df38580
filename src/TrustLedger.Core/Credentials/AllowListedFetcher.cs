using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.StatusLists;

namespace TrustLedger.Core.Credentials;

/// <summary>A document as fetched: its text, or why there is none.</summary>
public sealed record FetchedDocument(string? Text, string? Error);

/// <summary>
/// The one way the verifier reads anything over the network: other issuers' Bitstring Status List
/// credentials and did:web documents. Only from an origin in Credentials:StatusListOrigins (https;
/// http only for a loopback host, a development run), with no redirects (one could leave the
/// allow-list), a size limit (StatusListMaxBytes) and a timeout (StatusListFetchTimeout), kept for
/// StatusListCacheTime; a failure is not cached. The verifier asks only on behalf of issuers it
/// trusts or DIDs it must resolve; a URL outside the allow-list is refused before any connection.
/// </summary>
public sealed class AllowListedFetcher : IStatusListSource, IDisposable
{
    private const int CacheEntries = 1024;
    private readonly CredentialOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly HashSet<string> _origins;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, string Text)> _cache = new(StringComparer.Ordinal);

    public AllowListedFetcher(IOptions<CredentialOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _origins = new(_options.StatusListOrigins.Select(o => new Uri(o).GetLeftPart(UriPartial.Authority)), StringComparer.OrdinalIgnoreCase);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = _options.StatusListFetchTimeout })
        {
            Timeout = _options.StatusListFetchTimeout,
            MaxResponseContentBufferSize = _options.StatusListMaxBytes,
        };
    }

    /// <summary>Number of requests actually sent (cache hits and refused URLs send none).</summary>
    public int RequestsSent => _requests;
    private int _requests;

    /// <summary>Whether <paramref name="url"/> may be fetched at all: its origin is allowed, https, or http on a loopback host.</summary>
    public bool Allows(string url, out Uri? uri) =>
        Uri.TryCreate(url, UriKind.Absolute, out uri) && (uri.Scheme == "https" || (uri.Scheme == "http" && WebDid.IsLoopback(uri.Host)))
        && _origins.Contains(uri.GetLeftPart(UriPartial.Authority));

    /// <summary>The text at <paramref name="url"/>, asking for <paramref name="accept"/> (media types, most wanted first).</summary>
    public async ValueTask<FetchedDocument> GetTextAsync(string url, IReadOnlyList<string> accept, CancellationToken cancellationToken)
    {
        if (!Allows(url, out var uri))
            return new(null, "not fetched: its origin is not in Credentials:StatusListOrigins (https, or http for a loopback host)");
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(url, out var cached) && cached.Until > now) return new(cached.Text, null);

        var fetched = await FetchAsync(uri!, accept, cancellationToken);
        if (fetched.Text is { } text)
        {
            if (_cache.Count >= CacheEntries) _cache.Clear();
            _cache[url] = (now + _options.StatusListCacheTime, text);
        }
        return fetched;
    }

    /// <summary>A status list credential: its compact vc+jwt (served as is, or inside an EnvelopedVerifiableCredential).</summary>
    public async ValueTask<StatusListDocument> GetAsync(string url, CancellationToken cancellationToken)
    {
        var fetched = await GetTextAsync(url, ["application/vc+jwt", "application/vc"], cancellationToken);
        if (fetched.Text is not { } text) return StatusListDocument.Failed(fetched.Error ?? "not fetched");
        if (!text.StartsWith('{')) return new(text, null);
        // An EnvelopedVerifiableCredential holding the vc+jwt is the other form a list may be served in.
        if (StrictJson.TryParse(text, out var json) && VcJwt.TryUnwrapEnvelope(json, out var enveloped)) return new(enveloped, null);
        return StatusListDocument.Failed($"{url} serves a status list secured other than by vc+jwt (not supported)");
    }

    private async Task<FetchedDocument> FetchAsync(Uri uri, IReadOnlyList<string> accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        for (var i = 0; i < accept.Count; i++)
            request.Headers.Accept.Add(i == 0 ? new MediaTypeWithQualityHeaderValue(accept[i]) : new MediaTypeWithQualityHeaderValue(accept[i], 0.5));
        byte[] body;
        Interlocked.Increment(ref _requests);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) return new(null, $"{uri} answered {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > _options.StatusListMaxBytes)
                return new(null, $"{uri} is larger than {_options.StatusListMaxBytes} bytes");
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException e) { return new(null, $"{uri}: {e.Message}"); }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, $"{uri} did not answer within {_options.StatusListFetchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        return new(Encoding.UTF8.GetString(body).Trim(), null);
    }

    public void Dispose() => _http.Dispose();
}

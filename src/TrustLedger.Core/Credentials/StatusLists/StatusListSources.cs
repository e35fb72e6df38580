using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials.Jose;

namespace TrustLedger.Core.Credentials.StatusLists;

/// <summary>
/// Where the verifier's status lists come from: ours (under Credentials:PublicBaseUrl) from the
/// database through the publisher, never over the network; anyone else's through <see cref="HttpStatusLists"/>.
/// </summary>
public sealed class StatusListSources(StatusListPublisher ours, HttpStatusLists others) : IStatusListSource
{
    public async ValueTask<StatusListDocument> GetAsync(string url, CancellationToken cancellationToken)
    {
        if (!ours.TryParseOwnUrl(url, out long list)) return await others.GetAsync(url, cancellationToken);
        return await ours.CurrentAsync(list, cancellationToken) is { } version ? new(version.Jws, null) : StatusListDocument.Failed("no such status list of ours");
    }
}

/// <summary>
/// Status lists of other issuers, fetched over HTTP only when the URL's origin is in
/// Credentials:StatusListOrigins, with no redirects (one could leave the allow-list), a size limit
/// (StatusListMaxBytes) and a timeout (StatusListFetchTimeout), and kept for StatusListCacheTime;
/// a failure is not cached. The verifier asks only for lists of issuers it trusts.
/// </summary>
public sealed class HttpStatusLists : IStatusListSource, IDisposable
{
    private const int CacheEntries = 1024;
    private readonly CredentialOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly HashSet<string> _origins;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, string Jws)> _cache = new(StringComparer.Ordinal);

    public HttpStatusLists(IOptions<CredentialOptions> options, TimeProvider time)
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

    public async ValueTask<StatusListDocument> GetAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !_origins.Contains(uri.GetLeftPart(UriPartial.Authority)))
            return StatusListDocument.Failed("not fetched: its origin is not in Credentials:StatusListOrigins");
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(url, out var cached) && cached.Until > now) return new(cached.Jws, null);

        var fetched = await FetchAsync(uri, cancellationToken);
        if (fetched.Jws is { } jws)
        {
            if (_cache.Count >= CacheEntries) _cache.Clear();
            _cache[url] = (now + _options.StatusListCacheTime, jws);
        }
        return fetched;
    }

    private async Task<StatusListDocument> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vc+jwt"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vc", 0.5));
        byte[] body;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) return StatusListDocument.Failed($"{uri} answered {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > _options.StatusListMaxBytes)
                return StatusListDocument.Failed($"{uri} is larger than {_options.StatusListMaxBytes} bytes");
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException e) { return StatusListDocument.Failed($"{uri}: {e.Message}"); }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StatusListDocument.Failed($"{uri} did not answer within {_options.StatusListFetchTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        string text = Encoding.UTF8.GetString(body).Trim();
        if (text.StartsWith('{'))
        {
            // An EnvelopedVerifiableCredential holding the vc+jwt is the other form a list may be served in.
            if (StrictJson.TryParse(text, out var json) && VcJwt.TryUnwrapEnvelope(json, out var enveloped)) return new(enveloped, null);
            return StatusListDocument.Failed($"{uri} serves a status list secured other than by vc+jwt (not supported)");
        }
        return new(text, null);
    }

    public void Dispose() => _http.Dispose();
}

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
/// database through the publisher, never over the network; anyone else's through <see cref="AllowListedFetcher"/>.
/// </summary>
public sealed class StatusListSources(StatusListPublisher ours, AllowListedFetcher others) : IStatusListSource
{
    public async ValueTask<StatusListDocument> GetAsync(string url, CancellationToken cancellationToken)
    {
        if (!ours.TryParseOwnUrl(url, out long list, out string purpose)) return await others.GetAsync(url, cancellationToken);
        return await ours.CurrentAsync(list, cancellationToken, purpose) is { } version ? new(version.Jws, null) : StatusListDocument.Failed("no such status list of ours");
    }
}

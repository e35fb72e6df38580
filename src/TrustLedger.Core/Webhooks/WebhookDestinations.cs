using System.Net;
using System.Net.Sockets;

namespace TrustLedger.Core.Webhooks;

/// <summary>A destination we will not call, with the reason (shown to the subscriber and in the delivery log).</summary>
public sealed class WebhookDestinationRefusedException(string reason) : Exception(reason);

/// <summary>
/// Where webhooks may go. Outside development a destination is an https URL whose host resolves to public
/// addresses only: no loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast or
/// unspecified ranges, so a subscriber cannot make the service call into its own network. The check runs
/// twice: on the URL when a subscription is saved, and on the address actually connected to for every
/// delivery (DNS may answer differently later). Redirects are not followed and no proxy is used.
/// </summary>
public static class WebhookDestinations
{
    public const int MaxUrlLength = 2000;

    /// <summary>Why <paramref name="url"/> cannot be a destination, or null when it can.</summary>
    public static string? Refusal(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url)) return "required";
        if (url.Length > MaxUrlLength) return $"at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")) return "not an http(s) URL";
        if (uri.Scheme == "http" && !allowPrivate) return "must be https";
        if (uri.UserInfo.Length > 0) return "must not carry a user name or password";
        if (uri.Fragment.Length > 0) return "must not have a #fragment";
        if (allowPrivate) return null;
        if (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase))
            return "loopback and local hosts are not allowed";
        if (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && !IsPublic(ip)) return $"{ip} is a private or reserved address";
        return null;
    }

    /// <summary>True for a globally routable unicast address.</summary>
    public static bool IsPublic(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast)) return false;
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)   // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)               // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19));        // benchmarking
        }
        var v6 = ip.GetAddressBytes();
        return !(ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || (v6[0] & 0xfe) == 0xfc // unique local fc00::/7
            || ip.IsIPv6Teredo || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)); // documentation
    }

    /// <summary>The HTTP handler every delivery uses: checked connect, no redirects, no proxy, no cookies, bounded response headers.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = connectTimeout,
        MaxResponseHeadersLength = 16, // KiB
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal) ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToArray();
            if (allowed.Length == 0)
                throw new WebhookDestinationRefusedException($"{context.DnsEndPoint.Host} resolves to private or reserved addresses only");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using TrustLedger.Core;

namespace TrustLedger.Api.Hosting;

/// <summary>Configuration section "ForwardedHeaders": the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of the service (e.g. "10.0.0.5"). None by default.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies live in, in CIDR notation (e.g. "10.0.0.0/24"). None by default.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxy hops to unwind from the right of X-Forwarded-For.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// Who the client is. The per-client rate limit and the logs key on the connection's address; a
/// forwarded header is believed only when the connection itself comes from a configured proxy, so
/// behind no proxy (the default) an X-Forwarded-For a client sends cannot buy it a fresh budget,
/// and behind a configured proxy each real client gets its own. ASP.NET's own default trusts
/// loopback; that default is cleared: a local process is no proxy unless configured as one.
/// </summary>
public static class TrustedProxies
{
    public static void UseTrustedProxies(this WebApplication app)
    {
        var settings = app.Configuration.GetSection(TrustedProxyOptions.Section).Get<TrustedProxyOptions>() ?? new TrustedProxyOptions();
        if (settings.KnownProxies.Length == 0 && settings.KnownNetworks.Length == 0) return;
        if (settings.ForwardLimit < 1) throw new StartupFailure($"{TrustedProxyOptions.Section}:ForwardLimit must be at least 1");
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = settings.ForwardLimit,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
            options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address) ? address
                : throw new StartupFailure($"{TrustedProxyOptions.Section}:KnownProxies holds '{proxy}', which is not an IP address"));
        foreach (var network in settings.KnownNetworks)
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed) ? parsed
                : throw new StartupFailure($"{TrustedProxyOptions.Section}:KnownNetworks holds '{network}', which is not a CIDR network (e.g. 10.0.0.0/24)"));
        app.UseForwardedHeaders(options);
        app.Logger.LogInformation("Forwarded headers believed from {Proxies} {Networks}",
            string.Join(", ", settings.KnownProxies), string.Join(", ", settings.KnownNetworks));
    }
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;

namespace TrustLedger.Api.Hosting;

/// <summary>Configuration section "Limits".</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Largest request body accepted, in bytes (413 above).</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Requests per client IP per 10-second window (429 above).</summary>
    public int PerClientPer10Seconds { get; set; } = 1000;

    /// <summary>Signed submissions per signing address per minute (429 above).</summary>
    public int SubmissionsPerAddressPerMinute { get; set; } = 120;

    /// <summary>Longest path plus query string, in bytes (414 above).</summary>
    public int MaxUrlBytes { get; set; } = 8 * 1024;

    /// <summary>Largest total of request header names and values, in bytes (431 above).</summary>
    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Most request headers (431 above).</summary>
    public int MaxHeaderCount { get; set; } = 100;

    /// <summary>
    /// Kestrel refuses requests over its own limits before any middleware runs, with an empty body. Its
    /// limits are set this many times above ours, so that what a client can plausibly send reaches the
    /// pipeline and is answered with problem details (see docs/api.md, "Errors Kestrel answers itself").
    /// </summary>
    public const int KestrelHeadroom = 8;
}

/// <summary>Body size limits and rate limits, both answered with problem details.</summary>
public static class RequestLimits
{
    public const string PerAddressPolicy = "per-address";

    public static void AddRequestLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LimitOptions.Section).Get<LimitOptions>() ?? new LimitOptions();
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.MaxRequestLineSize = Math.Max(k.Limits.MaxRequestLineSize, options.MaxUrlBytes * LimitOptions.KestrelHeadroom);
            k.Limits.MaxRequestHeadersTotalSize = Math.Max(k.Limits.MaxRequestHeadersTotalSize, options.MaxHeaderBytes * LimitOptions.KestrelHeadroom);
            k.Limits.MaxRequestHeaderCount = Math.Max(k.Limits.MaxRequestHeaderCount, options.MaxHeaderCount * LimitOptions.KestrelHeadroom);
            // Bytes above 0x7F in a header: Kestrel's default is to refuse the request itself (empty 400);
            // read as Latin-1 they reach the pipeline, where InputPipeline refuses them with problem details.
            k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerClientPer10Seconds, Window = TimeSpan.FromSeconds(10) }));
            // Submissions are also limited per signer, so one address cannot flood the relayer from many IPs.
            limiter.AddPolicy(PerAddressPolicy, http =>
                RateLimitPartition.GetSlidingWindowLimiter(SignerOf(http),
                    _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = options.SubmissionsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6,
                    }));
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.Of(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests",
                    "slow down and retry later").ExecuteAsync(context.HttpContext);
            };
        });
    }

    public static void UseRequestLimits(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<LimitOptions>();
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > options.MaxBodyBytes)
            {
                // The body is left unread and too large for Kestrel to drain: it will close the connection after
                // this answer, so say so, or a client may send its next request on a connection about to close.
                http.Response.Headers.Connection = "close";
                await Problems.Of(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large",
                    $"at most {options.MaxBodyBytes} bytes").ExecuteAsync(http);
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = options.MaxBodyBytes;
            await next(http);
        });
        app.UseRateLimiter();
    }

    /// <summary>The signed-in address, else the client IP (anonymous submitters share their IP's budget).</summary>
    private static string SignerOf(HttpContext http) =>
        http.User.FindFirst("sub")?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "local";
}

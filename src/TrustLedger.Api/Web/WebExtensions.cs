using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace TrustLedger.Api.Web;

/// <summary>
/// Serves the dashboard (built by scripts/web.sh from web/) at <c>/</c>, with index.html for any
/// page path so deep links such as /supplier/0x… work. API paths never fall back to the page: an
/// unknown API route stays a 404 problem (and a wrong method a 405), which is how the page tells
/// "not available yet".
/// </summary>
public static class WebExtensions
{
    private static readonly string[] ApiPrefixes = ["/v1", "/health", "/livez", "/docs", "/openapi", "/.well-known", "/credentials", "/presentations"];

    /// <summary>
    /// The dashboard asks wallets to sign, so no other site may frame it (clickjacking a signature)
    /// and it runs only its own code. script-src 'self': Vite's build has no inline script. Styles:
    /// our stylesheet, plus the one rule cytoscape injects (by its hash); the page sets element styles
    /// through the CSSOM only. connect-src: this API, and the JSON-RPC node the supplier page checks a
    /// score against in the browser, which the user chooses (any https endpoint, or a local node).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; " +
        "style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; " +
        "img-src 'self' data:; font-src 'self'; connect-src 'self' https: http://127.0.0.1:* http://localhost:*; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static bool IsApiPath(PathString path) => ApiPrefixes.Any(prefix => path.StartsWithSegments(prefix));

    /// <summary>A page of the dashboard: no file extension, not under one of the API's own prefixes.</summary>
    private static bool IsPagePath(PathString path) => !Path.HasExtension(path.Value) && !IsApiPath(path);

    public static void UseDashboard(this WebApplication app)
    {
        // Every dashboard response (pages, assets, its 404s); the API's JSON and /docs keep their own.
        app.Use((http, next) =>
        {
            if (!IsApiPath(http.Request.Path))
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            }
            return next(http);
        });
        var root = FindRoot(app);
        if (root is null)
        {
            app.Logger.LogWarning("Dashboard not built (no wwwroot/index.html): run scripts/web.sh; the API works without it");
            return;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Vite names assets by content hash, so they never change; index.html must always be fresh.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] =
                context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        var index = files.GetFileInfo("index.html");
        // Not a fallback endpoint: one would also match API paths during routing and turn their
        // 405s into 404s. Only a GET that no endpoint and no file answered, on a page path, gets the page.
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint() is null && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) && IsPagePath(http.Request.Path))
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                await http.Response.SendFileAsync(index, http.RequestAborted);
                return;
            }
            await next(http);
        });
        app.Logger.LogInformation("Dashboard served from {Root}", root);
    }

    /// <summary>
    /// Dashboard:Root if set; else wwwroot beside the binary (a published host); else the source
    /// tree's wwwroot that scripts/web.sh writes, found from a build output folder (bin/Debug/net10.0).
    /// </summary>
    private static string? FindRoot(WebApplication app)
    {
        var configured = app.Configuration["Dashboard:Root"];
        if (!string.IsNullOrEmpty(configured)) return HasIndex(configured) ? Path.GetFullPath(configured) : null;
        var published = Path.Combine(app.Environment.ContentRootPath, "wwwroot");
        if (HasIndex(published)) return published;
        for (var dir = new DirectoryInfo(app.Environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var source = Path.Combine(dir.FullName, "TrustLedger.Api.csproj");
            if (File.Exists(source)) return HasIndex(Path.Combine(dir.FullName, "wwwroot")) ? Path.Combine(dir.FullName, "wwwroot") : null;
        }
        return null;
    }

    private static bool HasIndex(string dir) => File.Exists(Path.Combine(dir, "index.html"));
}

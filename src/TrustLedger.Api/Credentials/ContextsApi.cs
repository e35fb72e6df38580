using System.Security.Cryptography;
using System.Text.Json;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Contexts;
using TrustLedger.Core.Credentials.Schemas;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// Serves the documents our credentials name by URL, at those URLs' paths under
/// Credentials:PublicBaseUrl (<see cref="CredentialUrls"/>): the JSON-LD context (/contexts/v1,
/// application/ld+json, the exact bytes the verifier's local cache holds) and the JSON Schemas named
/// in credentialSchema (/schemas/{file}, application/schema+json, $id = the URL served at). Each has
/// a strong ETag (If-None-Match answers 304) and may be cached for a day: v1 documents do not change
/// (a change is a new version at a new URL).
/// </summary>
public static class ContextsApi
{
    private const string CacheControl = "public, max-age=86400";

    public static void MapContexts(this IEndpointRouteBuilder routes)
    {
        var urls = routes.ServiceProvider.GetRequiredService<CredentialUrls>();
        var context = ContextCache.Our.ToArray();
        routes.MapGet(CredentialUrls.ContextPath, (HttpContext http) => Document(http, context, ContextCache.OurETag, ContextCache.MediaType))
            .WithTags("Credentials").AllowAnonymous().NeedsNoDependency()
            .Documented("TrustLedger's JSON-LD context (application/ld+json)",
                "The @context our credentials name ({PublicBaseUrl}/contexts/v1): the exact bytes the verifier's local cache holds, `@protected` terms. "
                + "Strong ETag; cacheable for a day.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, ContextCache.MediaType);

        foreach (var file in LocalSchemaValidator.FileNames)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(LocalSchemaValidator.Document(file, urls), new JsonSerializerOptions { WriteIndented = true });
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
            routes.MapGet(CredentialUrls.SchemaPathPrefix + file, (HttpContext http) => Document(http, bytes, etag, LocalSchemaValidator.MediaType))
                .WithTags("Credentials").AllowAnonymous().NeedsNoDependency()
                .Documented("A credential type's JSON Schema (draft 2020-12, application/schema+json)",
                    "Named in credentialSchema of the product's credentials (endorsement, reciprocity, reputation); its $id is the URL it is served at. Strong ETag; cacheable for a day.")
                .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, LocalSchemaValidator.MediaType);
        }
    }

    private static IResult Document(HttpContext http, byte[] bytes, string etag, string mediaType)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        // Readable by a JSON-LD processor or schema validator running in a browser on another origin.
        http.Response.Headers.AccessControlAllowOrigin = "*";
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Tag.Value == etag || t.Tag.Value == "*")) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(bytes, mediaType);
    }
}

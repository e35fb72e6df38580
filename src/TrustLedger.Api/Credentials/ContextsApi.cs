using TrustLedger.Api.Hosting;
using System.Text.Json;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Contexts;
using TrustLedger.Core.Credentials.Schemas;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// Serves the documents our credentials name by URL, at those URLs' paths: the JSON-LD context
/// (<see cref="VcConstants.TrustLedgerContext"/>, path /contexts/v1, application/ld+json, the exact
/// bytes the verifier's local cache holds) and the three JSON Schemas named in credentialSchema.
/// </summary>
public static class ContextsApi
{
    public static void MapContexts(this IEndpointRouteBuilder routes)
    {
        var contextPath = new Uri(VcConstants.TrustLedgerContext).AbsolutePath;
        routes.MapGet(contextPath, (HttpContext http) =>
        {
            ContextCache.TryGet(VcConstants.TrustLedgerContext, out var document);
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return TypedResults.Bytes(document.ToArray(), ContextCache.MediaType);
        }).WithTags("Credentials").AllowAnonymous().NeedsNoDependency()
            .Documented("TrustLedger's JSON-LD context (application/ld+json)", "The exact bytes the verifier's local cache holds; cacheable for a day.")
            .Produces<System.Text.Json.Nodes.JsonObject>(Microsoft.AspNetCore.Http.StatusCodes.Status200OK, ContextCache.MediaType);

        foreach (var schemaId in new[] { LocalSchemaValidator.EndorsementSchema, LocalSchemaValidator.ReciprocitySchema, LocalSchemaValidator.ReputationSchema })
        {
            LocalSchemaValidator.TryGet(schemaId, out var schema);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(schema);
            routes.MapGet(new Uri(schemaId).AbsolutePath, () => TypedResults.Bytes(bytes, "application/schema+json"))
                .WithTags("Credentials").AllowAnonymous().NeedsNoDependency()
                .Documented("A credential type's JSON Schema", "Named in credentialSchema of the product's credentials (endorsement, reciprocity, reputation).")
                .Produces<System.Text.Json.Nodes.JsonObject>(Microsoft.AspNetCore.Http.StatusCodes.Status200OK, "application/schema+json");
        }
    }
}

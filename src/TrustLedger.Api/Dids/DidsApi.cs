using System.Text.Json.Nodes;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials.Dids;

namespace TrustLedger.Api.Dids;

/// <summary>
/// DID resolution for did:pkh and did:ethr (built locally by <see cref="DidDocuments"/>, nothing
/// fetched). By default the DID document itself (application/did+ld+json); a client asking for
/// the DID Resolution profile gets {didDocument, didResolutionMetadata, didDocumentMetadata}.
/// Errors follow the DID Resolution HTTP binding: invalidDid 400, methodNotSupported 501.
/// </summary>
public static class DidsApi
{
    public const string DidDocumentMediaType = "application/did+ld+json";
    public const string ResolutionMediaType = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

    public static void MapDids(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/dids/{did}", Resolve).WithTags("DIDs").AllowAnonymous()
            .WithSummary("Resolve a did:pkh or did:ethr DID to its DID document");

    private static IResult Resolve(string did, HttpRequest request)
    {
        did = Uri.UnescapeDataString(did);
        bool wantsResolution = request.GetTypedHeaders().Accept.Any(a =>
            a.Parameters.Any(p => p.Name.Equals("profile", StringComparison.OrdinalIgnoreCase) && p.Value.ToString().Contains("did-resolution", StringComparison.Ordinal)));
        if (!DidDocuments.TryResolve(did, out var document, out var error))
        {
            bool unsupported = did.StartsWith("did:", StringComparison.Ordinal) && !did.StartsWith("did:pkh:", StringComparison.Ordinal)
                && !did.StartsWith("did:ethr:", StringComparison.Ordinal) && !did.Contains('#');
            return Problems.Of(unsupported ? StatusCodes.Status501NotImplemented : StatusCodes.Status400BadRequest,
                unsupported ? "method-not-supported" : "invalid-did", unsupported ? "DID method not supported" : "Not a valid DID", error,
                new Dictionary<string, object?> { ["didResolutionMetadata"] = new { error = unsupported ? "methodNotSupported" : "invalidDid" } });
        }
        if (!wantsResolution) return TypedResults.Text(document!.ToJsonString(), DidDocumentMediaType);
        var result = new JsonObject
        {
            ["@context"] = "https://w3id.org/did-resolution/v1",
            ["didDocument"] = document,
            ["didResolutionMetadata"] = new JsonObject { ["contentType"] = DidDocumentMediaType },
            ["didDocumentMetadata"] = new JsonObject(),
        };
        return TypedResults.Text(result.ToJsonString(), ResolutionMediaType);
    }
}

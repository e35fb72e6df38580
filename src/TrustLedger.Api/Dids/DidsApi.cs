using System.Text.Json.Nodes;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials.Dids;

namespace TrustLedger.Api.Dids;

/// <summary>
/// DID resolution for did:pkh and did:ethr (built locally by <see cref="DidDocuments"/>, nothing
/// fetched). By default the DID document itself (application/did+ld+json); a client asking for
/// the DID Resolution profile gets {didDocument, didResolutionMetadata, didDocumentMetadata}.
/// Errors carry the DID Resolution error codes: invalidDid and methodNotSupported, both 400 (the binding's 501 for
/// methodNotSupported is not used: no request a client can fix gets a 5xx here).
/// </summary>
public static class DidsApi
{
    public const string DidDocumentMediaType = "application/did+ld+json";
    public const string ResolutionMediaType = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

    public static void MapDids(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/dids/{did}", Resolve).WithTags("DIDs").AllowAnonymous().NeedsNoDependency()
            .Documented("Resolve a did:pkh or did:ethr DID to its DID document",
                "Built locally, nothing fetched. The DID document (application/did+ld+json), or with Accept `application/ld+json;profile=\"https://w3id.org/did-resolution\"` the DID Resolution result.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, DidDocumentMediaType)
            .WithProblems("invalid-did", "method-not-supported");

    private static IResult Resolve(string did, HttpRequest request)
    {
        did = Uri.UnescapeDataString(did);
        bool wantsResolution = request.GetTypedHeaders().Accept.Any(a =>
            a.Parameters.Any(p => p.Name.Equals("profile", StringComparison.OrdinalIgnoreCase) && p.Value.ToString().Contains("did-resolution", StringComparison.Ordinal)));
        if (!DidDocuments.TryResolve(did, out var document, out var error))
        {
            bool unsupported = did.StartsWith("did:", StringComparison.Ordinal) && !did.StartsWith("did:pkh:", StringComparison.Ordinal)
                && !did.StartsWith("did:ethr:", StringComparison.Ordinal) && !did.Contains('#');
            // The DID Resolution HTTP binding answers methodNotSupported with 501; this API answers no request a client
            // could fix with a 5xx, so it is a 400 here, with the binding's error code in didResolutionMetadata as usual.
            return Problems.Of(StatusCodes.Status400BadRequest,
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

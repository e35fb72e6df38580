using System.Text.Json.Nodes;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;

namespace TrustLedger.Api.Dids;

/// <summary>
/// DID resolution through the service's <see cref="DidResolver"/>: did:pkh built locally, did:ethr
/// read from the ERC-1056 registry of the connected chain (Credentials:EthrDidRegistry; as of
/// ?versionId=&lt;block&gt; or ?versionTime=&lt;date-time&gt; when asked). By default the DID document
/// itself (application/did+ld+json); a client asking for the DID Resolution profile gets
/// {didDocument, didResolutionMetadata, didDocumentMetadata}. Errors carry the DID Resolution error
/// codes: invalidDid and methodNotSupported, both 400 (the binding's 501 for methodNotSupported is
/// not used: no request a client can fix gets a 5xx here); a registry the node cannot read is 503.
/// </summary>
public static class DidsApi
{
    public const string DidDocumentMediaType = "application/did+ld+json";
    public const string DidJsonMediaType = "application/did+json";
    public const string ResolutionMediaType = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

    public static void MapDids(this IEndpointRouteBuilder routes)
    {
        routes.MapIssuerKeys();
        // Our issuer as did:web of the public base: /.well-known/did.json without a base path, <path>/did.json with one.
        foreach (var path in new[] { "/.well-known/did.json", "/did.json" })
            routes.MapGet(path, (IssuerDidWeb web) => TypedResults.Text(web.Document().ToJsonString(), DidJsonMediaType))
                .WithTags("DIDs").AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/v1/dids/{did}", Resolve).WithTags("DIDs").AllowAnonymous()
            .Documented("Resolve a DID to its DID document",
                "did:pkh and did:key (secp256k1, P-256, Ed25519; Multikey document) built locally; did:web fetched from its origin when Credentials:StatusListOrigins allows it (ours built locally); did:ethr read from the ERC-1056 registry of the connected chain when one is configured (`versionId` = a block number or `versionTime` = a date-time selects an earlier version). "
                + "The DID document (application/did+ld+json), or with Accept `application/ld+json;profile=\"https://w3id.org/did-resolution\"` the DID Resolution result.")
            .Produces<JsonObject>(StatusCodes.Status200OK, DidDocumentMediaType)
            .WithProblems("validation", "invalid-did", "method-not-supported", "did-not-found");
    }

    private static async Task<IResult> Resolve(string did, string? versionId, string? versionTime, HttpRequest request, DidResolver resolver,
        CancellationToken cancellationToken)
    {
        did = Uri.UnescapeDataString(did);
        var f = new InputFields();
        DidVersion? version = null;
        var query = string.Join('&', new[] { ("versionId", versionId), ("versionTime", versionTime) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        if (query.Length > 0)
        {
            if (DidResolver.TryParseVersion(query, out var asked, out string problem)) version = asked;
            else f.Fail(versionId is not null ? "versionId" : "versionTime", problem);
        }
        if (!f.Valid) return f.Problem();

        bool wantsResolution = request.GetTypedHeaders().Accept.Any(a =>
            a.Parameters.Any(p => p.Name.Equals("profile", StringComparison.OrdinalIgnoreCase) && p.Value.ToString().Contains("did-resolution", StringComparison.Ordinal)));
        var resolution = await resolver.ResolveAsync(did, version, cancellationToken);
        if (resolution.Document is null)
        {
            if (WebDid.IsWebDid(did) && resolution.Error is "notFound" or "invalidDidDocument")
                return Problems.Of(StatusCodes.Status404NotFound, "did-not-found", "The did:web document could not be read", resolution.Message,
                    new Dictionary<string, object?> { ["didResolutionMetadata"] = new { error = resolution.Error } });
            if (resolution.Error == "notFound")
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "chain-unavailable", "The chain node cannot be reached", resolution.Message);
            bool unsupported = resolution.Error == "methodNotSupported";
            // The DID Resolution HTTP binding answers methodNotSupported with 501; this API answers no request a client
            // could fix with a 5xx, so it is a 400 here, with the binding's error code in didResolutionMetadata as usual.
            return Problems.Of(StatusCodes.Status400BadRequest,
                unsupported ? "method-not-supported" : "invalid-did", unsupported ? "DID method not supported" : "Not a valid DID", resolution.Message,
                new Dictionary<string, object?> { ["didResolutionMetadata"] = new { error = resolution.Error } });
        }
        if (!wantsResolution) return TypedResults.Text(resolution.Document.ToJsonString(), DidDocumentMediaType);
        var result = new JsonObject
        {
            ["@context"] = "https://w3id.org/did-resolution/v1",
            ["didDocument"] = resolution.Document,
            ["didResolutionMetadata"] = new JsonObject { ["contentType"] = DidDocumentMediaType },
            ["didDocumentMetadata"] = resolution.DocumentMetadata,
        };
        return TypedResults.Text(result.ToJsonString(), ResolutionMediaType);
    }
}

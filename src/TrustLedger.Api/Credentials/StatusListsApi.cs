using Microsoft.Net.Http.Headers;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials.StatusLists;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

public sealed record StatusListVersionView(long Version, string BitstringHash, long RevokedCount, string PublishedAt, string AnchoredId,
    string AnchorUid, long? AnchorRequestId);

public sealed record StatusListVersionsView(long List, string Url, string Purpose, IReadOnlyList<StatusListVersionView> Versions);

/// <summary>
/// Our Bitstring Status Lists at the URLs credentials name (statusListCredential =
/// {Credentials:PublicBaseUrl}/v1/status-lists/{list}): the current BitstringStatusListCredential as
/// application/vc+jwt, and the history of its versions with the anchor of each bitstring's hash.
/// </summary>
public static class StatusListsApi
{
    public const string MediaType = "application/vc+jwt";

    public static void MapStatusLists(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(StatusListPublisher.PathPrefix.TrimEnd('/')).WithTags("Credentials").AllowAnonymous();
        group.MapGet("/{list}", Current)
            .Documented("A Bitstring Status List credential (application/vc+jwt)",
                "W3C Bitstring Status List v1.0, purpose revocation, signed by our issuer as vc+jwt: bit statusListIndex is 1 once the credential is revoked. "
                + "A new version is published (and its bitstring's keccak256 anchored on chain) whenever a bit changes; the ETag is the version.")
            .Produces<string>(StatusCodes.Status200OK, MediaType).WithProblems("validation", "not-found");
        group.MapGet("/{list}/versions", Versions)
            .Documented("Every version of a status list, newest first, with its on-chain anchor",
                "Each version's `bitstringHash` is keccak256 of the uncompressed bitstring, anchored as a CredentialAnchor with credentialId `anchoredId` at `anchorUid`: decode the served list, hash it and compare.")
            .Produces<StatusListVersionsView>().WithProblems("validation", "not-found");
        group.MapGet("/{list}" + StatusListPublisher.SuspensionPathSuffix, (string list, StatusListPublisher lists, HttpContext http, CancellationToken ct) =>
                Current(list, lists, http, ct, StatusListPublisher.SuspensionPurpose))
            .Documented("A suspension list (Bitstring Status List, purpose suspension, application/vc+jwt)",
                "The same slots as list {list}: bit statusListIndex is 1 while the credential is suspended, 0 again once reinstated; anchored like the revocation list.")
            .Produces<string>(StatusCodes.Status200OK, MediaType).WithProblems("validation", "not-found");
        group.MapGet("/{list}" + StatusListPublisher.SuspensionPathSuffix + "/versions", (string list, StatusListPublisher lists, Core.Data.Database db, CancellationToken ct) =>
                Versions(list, lists, db, ct, StatusListPublisher.SuspensionPurpose))
            .Documented("Every version of a suspension list, newest first, with its on-chain anchor", "As /v1/status-lists/{list}/versions.")
            .Produces<StatusListVersionsView>().WithProblems("validation", "not-found");
    }

    private static async Task<IResult> Current(string list, StatusListPublisher lists, HttpContext http, CancellationToken ct,
        string purpose = StatusListPublisher.RevocationPurpose)
    {
        var f = new InputFields();
        int number = f.Int("list", list, 1, int.MaxValue);
        if (!f.Valid) return f.Problem();
        if (await lists.CurrentAsync(number, ct, purpose) is not { } version)
            return Problems.Of(StatusCodes.Status404NotFound, "not-found", "No such status list", $"there is no status list {number}");
        var etag = new EntityTagHeaderValue($"\"{version.Version}\"");
        http.Response.Headers.ETag = etag.ToString();
        // Revocations must show at once: caches revalidate every time (the ETag keeps that cheap).
        http.Response.Headers.CacheControl = "no-cache";
        if (http.Request.Headers.IfNoneMatch.Any(v => v == etag.Tag.Value || v == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Text(version.Jws, MediaType);
    }

    private static async Task<IResult> Versions(string list, StatusListPublisher lists, Core.Data.Database db, CancellationToken ct,
        string purpose = StatusListPublisher.RevocationPurpose)
    {
        var f = new InputFields();
        int number = f.Int("list", list, 1, int.MaxValue);
        if (!f.Valid) return f.Problem();
        if (await lists.CurrentAsync(number, ct, purpose) is null)
            return Problems.Of(StatusCodes.Status404NotFound, "not-found", "No such status list", $"there is no status list {number}");
        // Suspension lists' versions are kept under the negated number (StatusListPublisher, migration 018).
        var versions = await StatusListStore.VersionsAsync(db, purpose == StatusListPublisher.SuspensionPurpose ? -number : number, 1000, ct);
        return TypedResults.Ok(new StatusListVersionsView(number, lists.ListUrl(number, purpose), purpose,
            [.. versions.Select(v => new StatusListVersionView(v.Version, v.BitstringHash, v.RevokedCount, v.PublishedAt, v.AnchoredId, v.AnchorUid, v.AnchorRequestId))]));
    }
}

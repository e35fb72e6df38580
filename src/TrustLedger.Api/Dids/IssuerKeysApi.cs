using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Credentials.Issuance;

namespace TrustLedger.Api.Dids;

/// <param name="RevokePrevious">revoke the signing key in use now (default true: a rotation usually follows a suspected leak)</param>
/// <param name="ValidityDays">how long the registry lists the new key (1..3650, default 365); rotate again before then</param>
public sealed record IssuerKeyRotationRequest(bool? RevokePrevious, int? ValidityDays);

/// <summary>The admin's rotation of the issuer's signing key through the ERC-1056 registry (<see cref="IssuerKeyRotation"/>).</summary>
public static class IssuerKeysApi
{
    public static void MapIssuerKeys(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/issuers/keys/rotate", Rotate).WithTags("Credentials").RequireAuthorization(Roles.Admin)
            .Documented("Rotate the issuer's signing key without changing its DID",
                "Admin only. Adds the next signing key as a veriKey delegate of the issuer's did:ethr in the ERC-1056 registry (one transaction of the issuer key), "
                + "revokes the previous one unless `revokePrevious` is false, and signs from then on with the new key as did:ethr:…#delegate-N. "
                + "Credentials signed before keep verifying: verifiers read the DID as it stood at their validFrom. Other replicas pick the new key up when they restart.")
            .Produces<IssuerKeyRotationResult>()
            .WithProblems("validation", "did-registry-not-configured", "rotation-in-progress", "rotation-limit", "rotation-refused");

    private static async Task<IResult> Rotate(IssuerKeyRotationRequest? request, IssuerKeyRotation rotation, CancellationToken ct)
    {
        var f = new InputFields();
        int days = request?.ValidityDays ?? 365;
        if (days is < 1 or > 3650) f.Fail("validityDays", "must be 1..3650");
        if (!f.Valid) return f.Problem();
        try
        {
            return TypedResults.Ok(await rotation.RotateAsync(request?.RevokePrevious ?? true, TimeSpan.FromDays(days), ct));
        }
        catch (IssuerKeyRotationException e)
        {
            int status = e.Code switch { "rotation-refused" => 422, "chain-unavailable" => 503, _ => 409 };
            string title = ProblemCatalog.All.FirstOrDefault(p => p.Code == e.Code)?.Title ?? "Rotation failed";
            return Problems.Of(status, e.Code, title, e.Message);
        }
    }
}

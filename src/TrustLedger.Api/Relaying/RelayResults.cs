using System.Security.Claims;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Relaying;

public sealed record SubmittedResponse(string Uid, long RequestId, string Status);

/// <summary>How every endpoint that relays a signed request answers: 202 with where to follow it, or the refusal.</summary>
public static class RelayResults
{
    /// <summary>Relays <paramref name="request"/> for its signer, who must be the one signed in.</summary>
    /// <param name="location">where the client follows the request, from its uid</param>
    public static async Task<IResult> SubmitAsync(RelayIntake intake, ClaimsPrincipal user, SignedAttestation request, Func<string, string> location, CancellationToken ct)
    {
        if (user.RequireSelf(request.Attester) is { } notSelf) return notSelf;
        var (submission, rejection) = await intake.SubmitAsync(request, ct);
        return rejection is not null ? Rejected(rejection) : Accepted(submission!, location(submission!.Request.Uid));
    }

    /// <inheritdoc cref="SubmitAsync(RelayIntake, ClaimsPrincipal, SignedAttestation, Func{string, string}, CancellationToken)"/>
    public static async Task<IResult> SubmitAsync(RelayIntake intake, ClaimsPrincipal user, SignedRevocation request, Func<string, string> location, CancellationToken ct)
    {
        if (user.RequireSelf(request.Revoker) is { } notSelf) return notSelf;
        var (submission, rejection) = await intake.SubmitAsync(request, ct);
        return rejection is not null ? Rejected(rejection) : Accepted(submission!, location(submission!.Request.Uid));
    }

    /// <summary>202 with where to follow the request (<paramref name="location"/>), the same for a repeated submission.</summary>
    public static IResult Accepted(RelaySubmission submission, string location) => TypedResults.Accepted(
        location,
        new SubmittedResponse(submission.Request.Uid, submission.Request.Id,
            submission.Request.Status == "confirmed" ? "confirmed" : AttestationView.StatusOf(submission.Request)));

    /// <summary>
    /// Refused before relaying: 409 for a nonce another request holds, 413 for data beyond its schema's size limit,
    /// 422 for the registry's own rules and the relayer's other limits (a member too long, a deadline too far, a schema
    /// it does not relay).
    /// </summary>
    public static IResult Rejected(RelayRejection rejection) => Problems.Of(
        rejection.Code switch
        {
            "NonceAlreadyRequested" => StatusCodes.Status409Conflict,
            "DataTooLarge" => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        rejection.Code, $"The request was refused: {rejection.Code}", rejection.Detail,
        rejection.Field is null ? null : new Dictionary<string, object?> { ["field"] = rejection.Field });
}

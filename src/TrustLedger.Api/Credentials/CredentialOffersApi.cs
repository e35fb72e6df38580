using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.OpenId4Vci;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Data;
using StatusCodes = Microsoft.AspNetCore.Http.StatusCodes;

namespace TrustLedger.Api.Credentials;

/// <summary>
/// Credential offers (OpenID4VCI 1.0 section 4): a holder, signed in, offers one of its own
/// credentials to its wallet; the wallet fetches the offer by reference and runs the pre-authorized
/// code flow (<see cref="OpenId4VciApi"/>).
/// </summary>
public static class CredentialOffersApi
{
    public const string PathPrefix = "/v1/credential-offers/";
    public const string OfferScheme = "openid-credential-offer://";

    public static void MapCredentialOffers(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/credential-offers", Create).WithTags("OpenID4VCI").RequireAuthorization(Roles.Party)
            .RequireRateLimiting(RequestLimits.PerAddressPolicy)
            .Documented("Offer one of your credentials to your wallet (OpenID4VCI pre-authorized code)",
                "A holder of the credential (signed in) gets an offer: `offerLink` (openid-credential-offer://?credential_offer_uri=...) for a QR code or link, "
                + "`txCode` (unless `txCode: false`) to type into the wallet, valid for OpenId4Vci:OfferLifetime, redeemable once. "
                + "Endorsement, reciprocity and reputation credentials; dc+sd-jwt always, jwt_vc_json too when the credential was issued as vc+jwt.")
            .Accepts<CreateOfferRequest>("application/json").Produces<CreatedOfferView>(StatusCodes.Status201Created)
            .WithProblems("not-found", "not-self", "offer-unavailable")
            .WithRequestExample(new CreateOfferRequest("urn:uuid:3f1c0e0a-8a1e-4f4b-9a52-1b2c3d4e5f60", true));
        routes.MapGet(PathPrefix + "{id}", Get).WithTags("OpenID4VCI").AllowAnonymous()
            .Documented("A credential offer by reference (credential_offer_uri)",
                "The offer object a wallet reads: credential_issuer, credential_configuration_ids, the pre-authorized code grant. 404 once redeemed or expired.")
            .Produces<System.Text.Json.Nodes.JsonObject>().WithProblems("not-found");
    }

    private static async Task<IResult> Create([FromBody] CreateOfferRequest? body, HttpContext http, Database db, OpenId4VciIssuer issuer,
        CredentialUrls urls, IOptions<OpenId4VciOptions> options, CancellationToken ct)
    {
        var f = new InputFields();
        string id = f.Text("credentialId", body?.CredentialId, 512, required: true);
        if (!f.Valid) return f.Problem();
        var row = await CredentialStore.GetAsync(db, id, ct);
        if (row is null) return Problems.NotFound($"no credential {id}");
        if (http.User.Address() is not { } caller || !(await CredentialStore.HoldersAsync(db, row.Id, ct)).Contains(caller.ToLowerHex()))
            return AuthProblem.NotSelf($"only a holder of {row.Id} offers it to a wallet").ToResult();
        try
        {
            var created = await issuer.CreateOfferAsync(row, caller, body!.TxCode ?? true, ct);
            string baseUrl = urls.Base;
            string byReference = baseUrl + PathPrefix + created.Handle;
            var offer = IssuerMetadata.Offer(baseUrl, created.Offer.ConfigurationIds, created.PreAuthorizedCode,
                created.TxCode is null ? null : options.Value.TransactionCodeLength);
            return TypedResults.Created(PathPrefix + created.Handle, new CreatedOfferView(created.Handle, row.Id, created.Offer.ConfigurationIds, byReference,
                OfferScheme + "?credential_offer_uri=" + Uri.EscapeDataString(byReference),
                OfferScheme + "?credential_offer=" + Uri.EscapeDataString(offer.ToJsonString()), created.TxCode, created.Offer.ExpiresAt));
        }
        catch (SdJwtIssueException e)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "offer-unavailable", "The credential cannot be offered to a wallet", e.Message,
                new Dictionary<string, object?> { ["reason"] = e.Code });
        }
    }

    /// <summary>
    /// The offer as the wallet reads it. It carries the pre-authorized code, so its handle is a
    /// 256-bit random value only the QR code and link carry; the tx_code (the second factor) never is.
    /// </summary>
    private static async Task<IResult> Get(string id, OpenId4VciStore store, CredentialUrls urls,
        IOptions<OpenId4VciOptions> options, HttpContext http, CancellationToken ct)
    {
        if (id.Length > 64 || await store.FindOpenAsync(id, ct) is not { } offer) return Problems.NotFound("no open credential offer under this handle");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(IssuerMetadata.Offer(urls.Base, offer.ConfigurationIds, OpenId4VciStore.CodeOf(id),
            offer.HasTxCode ? options.Value.TransactionCodeLength : null));
    }
}

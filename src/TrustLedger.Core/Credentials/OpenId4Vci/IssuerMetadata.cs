using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.SdJwt;

namespace TrustLedger.Core.Credentials.OpenId4Vci;

/// <summary>
/// What OpenID4VCI 1.0 publishes: the credential issuer metadata (section 12.2) and the OAuth
/// authorization server metadata (RFC 8414) of the pre-authorized code grant. The credential issuer
/// identifier is Credentials:PublicBaseUrl; the service is its own authorization server. Two
/// configurations per credential type: "{Type}_sd_jwt" (dc+sd-jwt, bound to any ES256K or ES256 key
/// the wallet proves) and "{Type}_jwt" (jwt_vc_json: our vc+jwt as issued, whose subject is the
/// party's did:pkh, so the wallet must prove that account's secp256k1 key).
/// </summary>
public static class IssuerMetadata
{
    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
    public const string ProofType = "openid4vci-proof+jwt";
    public const string SdJwtSuffix = "_sd_jwt";
    public const string JwtSuffix = "_jwt";
    public const string JwtVcJson = "jwt_vc_json";
    public const string TokenPath = "/oid4vci/token";
    public const string NoncePath = "/oid4vci/nonce";
    public const string CredentialPath = "/oid4vci/credential";

    public static string IssuerId(string publicBaseUrl) => publicBaseUrl.TrimEnd('/');

    /// <summary>(type, format) of a configuration id we publish, or null.</summary>
    public static (string Type, string Format)? Parse(string? configurationId)
    {
        if (configurationId is null) return null;
        foreach (var type in SdJwtVcTypes.Known.Keys)
        {
            if (configurationId == type + SdJwtSuffix) return (type, SdJwtVcTypes.Format);
            if (configurationId == type + JwtSuffix) return (type, JwtVcJson);
        }
        return null;
    }

    public static JsonObject CredentialIssuer(string publicBaseUrl)
    {
        string issuer = IssuerId(publicBaseUrl);
        var configurations = new JsonObject();
        foreach (var (type, info) in SdJwtVcTypes.Known)
        {
            configurations[type + SdJwtSuffix] = new JsonObject
            {
                ["format"] = SdJwtVcTypes.Format,
                ["scope"] = type,
                ["vct"] = SdJwtVcTypes.Vct(publicBaseUrl, type),
                ["cryptographic_binding_methods_supported"] = new JsonArray("jwk"),
                ["credential_signing_alg_values_supported"] = new JsonArray(VcConstants.JwsAlgorithm),
                ["proof_types_supported"] = Proofs("ES256K", "ES256"),
                ["credential_metadata"] = Display(info, name => new JsonArray(name)),
            };
            configurations[type + JwtSuffix] = new JsonObject
            {
                ["format"] = JwtVcJson,
                ["scope"] = type,
                ["cryptographic_binding_methods_supported"] = new JsonArray("did:pkh"),
                ["credential_signing_alg_values_supported"] = new JsonArray(VcConstants.JwsAlgorithm),
                ["proof_types_supported"] = Proofs("ES256K"),
                ["credential_definition"] = new JsonObject { ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, type) },
                ["credential_metadata"] = Display(info, name => new JsonArray("credentialSubject", name)),
            };
        }
        return new JsonObject
        {
            ["credential_issuer"] = issuer,
            ["credential_endpoint"] = issuer + CredentialPath,
            ["nonce_endpoint"] = issuer + NoncePath,
            ["display"] = new JsonArray(new JsonObject { ["name"] = "TrustLedger", ["locale"] = "en" }),
            ["credential_configurations_supported"] = configurations,
        };
    }

    public static JsonObject AuthorizationServer(string publicBaseUrl)
    {
        string issuer = IssuerId(publicBaseUrl);
        return new JsonObject
        {
            ["issuer"] = issuer,
            ["token_endpoint"] = issuer + TokenPath,
            ["response_types_supported"] = new JsonArray(),
            ["grant_types_supported"] = new JsonArray(PreAuthorizedGrant),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
            ["pre-authorized_grant_anonymous_access_supported"] = true,
        };
    }

    /// <summary>The offer object (section 4.1.1) for <paramref name="configurations"/>, with the code and, when set, how to ask for the tx_code.</summary>
    public static JsonObject Offer(string publicBaseUrl, IReadOnlyList<string> configurations, string code, int? txCodeLength)
    {
        var grant = new JsonObject { ["pre-authorized_code"] = code };
        if (txCodeLength is { } length)
            grant["tx_code"] = new JsonObject
            {
                ["input_mode"] = "numeric", ["length"] = length, ["description"] = "The code shown beside the QR code in your TrustLedger dashboard",
            };
        return new JsonObject
        {
            ["credential_issuer"] = IssuerId(publicBaseUrl),
            ["credential_configuration_ids"] = new JsonArray([.. configurations.Select(c => (JsonNode)c)]),
            ["grants"] = new JsonObject { [PreAuthorizedGrant] = grant },
        };
    }

    private static JsonObject Proofs(params string[] algorithms) => new()
    {
        ["jwt"] = new JsonObject { ["proof_signing_alg_values_supported"] = new JsonArray([.. algorithms.Select(a => (JsonNode)a)]) },
    };

    private static JsonObject Display(SdJwtVcTypes.TypeInfo info, Func<string, JsonArray> path) => new()
    {
        ["display"] = new JsonArray(new JsonObject { ["name"] = info.Name, ["locale"] = "en", ["description"] = info.Description }),
        ["claims"] = new JsonArray([.. info.Claims.Select(c => (JsonNode)new JsonObject
        {
            ["path"] = path(c.Key),
            ["display"] = new JsonArray(new JsonObject { ["name"] = c.Value, ["locale"] = "en" }),
        })]),
    };
}

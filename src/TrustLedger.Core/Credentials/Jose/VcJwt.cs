using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Jose;

/// <summary>A compact JWS split into its parts; <see cref="Payload"/> is the credential.</summary>
public sealed record ParsedJws(string Compact, JsonElement Header, JsonElement Payload, byte[] SigningInputHash, byte[] Signature)
{
    public string? Kid => Header.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String ? kid.GetString() : null;
}

/// <summary>
/// VC-JOSE-COSE with JWS: header {alg: ES256K, kid: issuer DID URL, typ: vc+jwt, cty: vc}, payload
/// the credential itself (no vc/vp claims), signature r || s over SHA-256 of the signing input.
/// Also the EnvelopedVerifiableCredential form (id = data:application/vc+jwt,&lt;jws&gt;).
/// </summary>
public static class VcJwt
{
    public static string Sign(JsonObject credential, EthPrivateKey key, string kid) =>
        Sign(credential, key, kid, VcConstants.JwtType, VcConstants.JwtContentType);

    /// <summary>A vp+jwt (cty vp): the presentation is the payload; the kid is the holder's DID URL.</summary>
    public static string SignPresentation(JsonObject presentation, EthPrivateKey key, string kid) =>
        Sign(presentation, key, kid, VcConstants.PresentationJwtType, VcConstants.PresentationJwtContentType);

    private static string Sign(JsonObject payload, EthPrivateKey key, string kid, string typ, string cty) => Jws.Sign(new JsonObject
    {
        ["alg"] = VcConstants.JwsAlgorithm,
        ["kid"] = kid,
        ["typ"] = typ,
        ["cty"] = cty,
    }, payload, key);

    public static bool TryParse(string? compact, out ParsedJws? jws, out string error)
    {
        jws = null;
        error = "";
        if (string.IsNullOrEmpty(compact)) { error = "empty JWS"; return false; }
        var parts = compact.Split('.');
        if (parts.Length != 3) { error = "a compact JWS has three dot-separated parts"; return false; }
        if (!Base64Url.TryDecode(parts[0], out var headerBytes) || !Base64Url.TryDecode(parts[1], out var payloadBytes)
            || !Base64Url.TryDecode(parts[2], out var signature))
        { error = "JWS parts must be unpadded base64url"; return false; }
        if (!StrictJson.TryParse(headerBytes, out var header) || header.ValueKind != JsonValueKind.Object)
        { error = "JWS header is not a JSON object"; return false; }
        if (!StrictJson.TryParse(payloadBytes, out var payload))
        { error = "JWS payload is not JSON"; return false; }
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(compact.AsSpan(0, parts[0].Length + 1 + parts[1].Length).ToString()));
        jws = new ParsedJws(compact, header, payload, hash, signature);
        return true;
    }

    /// <summary>The algorithms a JWS we verify may use: ES256K (our issuer, Ethereum keys), ES256 and EdDSA (did:key, did:web keys).</summary>
    public static readonly IReadOnlySet<string> Algorithms = new HashSet<string>(StringComparer.Ordinal) { VcConstants.JwsAlgorithm, "ES256", "EdDSA" };

    /// <summary>
    /// Checks alg (one of <see cref="Algorithms"/>; the key that verifies must be of that alg), typ
    /// (vc+jwt, or vp+jwt when <paramref name="presentation"/>) and kid; crit is refused since we understand no extensions.
    /// </summary>
    public static bool TryCheckHeader(ParsedJws jws, out string error, bool presentation = false)
    {
        error = "";
        string? Get(string name) => jws.Header.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string typ = presentation ? VcConstants.PresentationJwtType : VcConstants.JwtType;
        if (Get("alg") is not { } alg || !Algorithms.Contains(alg)) error = "alg must be ES256K, ES256 or EdDSA";
        else if (Get("typ") != typ && Get("typ") != "application/" + typ) error = $"typ must be {typ}";
        else if (jws.Kid is null) error = "kid (the issuer's DID URL) is required";
        else if (jws.Header.TryGetProperty("crit", out _)) error = "crit extensions are not supported";
        return error.Length == 0;
    }

    /// <summary>
    /// Verifies the signature with the public key when known, else against the address (trying both
    /// recovery ids). High s is accepted here, as JOSE libraries do not normalize it.
    /// </summary>
    public static bool VerifySignature(ParsedJws jws, EthPublicKey? key, EthAddress address)
    {
        if (jws.Signature.Length != 64) return false;
        Span<byte> normalized = stackalloc byte[64];
        if (!EthSigner.TryNormalizeCompact(jws.Signature, normalized)) return false;
        return key is not null ? key.Address == address && EthSigner.VerifyCompact(jws.SigningInputHash, normalized, key)
                               : EthSigner.VerifyCompact(jws.SigningInputHash, normalized, address);
    }

    /// <summary>{"@context": [credentials v2], "id": "data:application/vc+jwt,&lt;jws&gt;", "type": "EnvelopedVerifiableCredential"}.</summary>
    public static JsonObject Envelope(string compactJws) => new()
    {
        ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
        ["id"] = VcConstants.EnvelopeDataUrlPrefix + compactJws,
        ["type"] = VcConstants.EnvelopedCredentialType,
    };

    public static bool IsEnvelope(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == VcConstants.EnvelopedCredentialType
            : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == VcConstants.EnvelopedCredentialType));

    /// <summary>
    /// The JWS inside an enveloped credential (or presentation) whose id is a data: URL of
    /// application/vc+jwt (application/vp+jwt), or of the generic application/jwt the W3C test suite sends.
    /// </summary>
    public static bool TryUnwrapEnvelope(JsonElement envelope, out string compactJws, bool presentation = false)
    {
        compactJws = "";
        if (!(presentation ? IsPresentationEnvelope(envelope) : IsEnvelope(envelope))
            || !envelope.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String) return false;
        string url = id.GetString()!;
        string prefix = presentation ? VcConstants.PresentationEnvelopeDataUrlPrefix : VcConstants.EnvelopeDataUrlPrefix;
        foreach (var accepted in new[] { prefix, "data:application/jwt," })
            if (url.StartsWith(accepted, StringComparison.Ordinal)) compactJws = url[accepted.Length..];
        return compactJws.Length > 0 && !compactJws.Contains(',');
    }

    public static bool IsPresentationEnvelope(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == VcConstants.EnvelopedPresentationType
            : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == VcConstants.EnvelopedPresentationType));

    /// <summary>The public JWK {kty, crv, x, y} of a key, as jose's importJWK wants it.</summary>
    public static JsonObject PublicJwk(EthPublicKey key)
    {
        var (x, y) = key.JwkCoordinates();
        return new JsonObject { ["kty"] = "EC", ["crv"] = "secp256k1", ["x"] = x, ["y"] = y };
    }
}

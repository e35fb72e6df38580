using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>An SD-JWT VC just issued: the compact form (ends in '~', no KB-JWT) and what it holds.</summary>
public sealed record IssuedSdJwtVc(string Compact, string Vct, string Subject, IReadOnlyList<string> DisclosedNames);

/// <summary>
/// Builds an SD-JWT VC (RFC 9901 + draft-ietf-oauth-sd-jwt-vc, typ dc+sd-jwt, ES256K) from one of our
/// W3C credentials: the same issuer, validity and status slot, the holder's subject members as
/// selectively disclosable top-level claims, bound to the holder's key (cnf.jwk). One W3C credential
/// can be delivered as many SD-JWT VCs (one per holder key); revoking it revokes them all, because
/// they name its status list slot.
/// </summary>
public static class SdJwtVc
{
    /// <param name="credential">the unsigned W3C credential (VC 2.0) of one of our types</param>
    /// <param name="subjectDid">which subject (a reciprocity credential has two): the holder's DID</param>
    /// <param name="status">the status claim (<see cref="TokenStatusList.StatusClaim"/>)</param>
    public static IssuedSdJwtVc Issue(JsonObject credential, string subjectDid, HolderKey holder, IssuerKey issuer, string publicBaseUrl,
        JsonObject status, DateTimeOffset now)
    {
        string type = ProductType(credential) ?? throw new ArgumentException("not one of our credential types", nameof(credential));
        var subject = Subjects(credential).FirstOrDefault(s => Text(s["id"]) == subjectDid)
            ?? throw new ArgumentException($"{subjectDid} is not a subject of the credential", nameof(subjectDid));
        var payload = new JsonObject
        {
            ["iss"] = issuer.Did.Did,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = Seconds(credential["validFrom"]) ?? now.ToUnixTimeSeconds(),
        };
        if (Seconds(credential["validUntil"]) is { } exp) payload["exp"] = exp;
        payload["vct"] = SdJwtVcTypes.Vct(publicBaseUrl, type);
        payload["sub"] = subjectDid;
        payload["cnf"] = new JsonObject { ["jwk"] = holder.Jwk.DeepClone() };
        payload["status"] = status.DeepClone();

        var disclosures = subject.Where(m => m.Key != "id").Select(m => Disclosure.Create(m.Key, m.Value)).ToList();
        // Sorted, so the order of the digests says nothing about the order of the claims (RFC 9901 section 4.2.4.1).
        payload["_sd"] = new JsonArray([.. disclosures.Select(d => (JsonNode)d.Digest).OrderBy(d => d.GetValue<string>(), StringComparer.Ordinal)]);
        payload["_sd_alg"] = Disclosure.HashAlgorithm;
        var header = new JsonObject { ["alg"] = VcConstants.JwsAlgorithm, ["typ"] = SdJwtVcTypes.Format, ["kid"] = issuer.VerificationMethod };
        string jwt = Jws.Sign(header, payload, issuer.Key);
        return new(jwt + "~" + string.Concat(disclosures.Select(d => d.Encoded + "~")), payload["vct"]!.GetValue<string>(), subjectDid,
            [.. disclosures.Select(d => d.Name!)]);
    }

    /// <summary>The holder's presentation: the issued SD-JWT with only the disclosures named in <paramref name="disclose"/>, no KB-JWT yet.</summary>
    public static SdJwtParts Select(string issued, IReadOnlySet<string> disclose)
    {
        if (!SdJwtParts.TryParse(issued, out var parts, out string error)) throw new FormatException(error);
        var kept = parts!.Disclosures.Where(d => Disclosure.TryParse(d, out var x, out _) && x!.Name is { } n && disclose.Contains(n)).ToList();
        return new(parts.IssuerJwt, kept, null);
    }

    /// <summary>A KB-JWT over <paramref name="presentation"/> (header typ kb+jwt; payload iat, aud, nonce, sd_hash), signed with a secp256k1 holder key.</summary>
    public static string WithKeyBinding(SdJwtParts presentation, EthPrivateKey holder, string audience, string nonce, DateTimeOffset at)
    {
        var header = new JsonObject { ["alg"] = "ES256K", ["typ"] = SdJwtVcTypes.KeyBindingType };
        var payload = new JsonObject { ["iat"] = at.ToUnixTimeSeconds(), ["aud"] = audience, ["nonce"] = nonce, ["sd_hash"] = presentation.SdHash };
        return presentation.WithoutKeyBinding + Jws.Sign(header, payload, holder);
    }

    /// <summary>EndorsementCredential, ReciprocityCredential or ReputationCredential: the type an SD-JWT VC can be made of.</summary>
    public static string? ProductType(JsonObject credential) =>
        credential["type"] is JsonArray types
            ? types.Select(Text).LastOrDefault(t => t is not null && SdJwtVcTypes.Known.ContainsKey(t))
            : null;

    public static IEnumerable<JsonObject> Subjects(JsonObject credential) => credential["credentialSubject"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject one => [one],
        _ => [],
    };

    private static long? Seconds(JsonNode? value) =>
        Text(value) is { } text && XmlDateTime.TryParse(text, requireTimezone: false, out var at) ? at.ToUnixTimeSeconds() : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

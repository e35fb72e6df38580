using System.Text.Json;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials.OpenId4Vci;

/// <summary>A refusal in OpenID4VCI's own terms: <see cref="Error"/> is the spec's error code (invalid_proof, invalid_nonce, ...).</summary>
public sealed class OpenId4VciException(string error, string description, int status = 400) : Exception(description)
{
    public string Error { get; } = error;
    public int Status { get; } = status;
}

/// <summary>
/// The issuer side of the pre-authorized code flow: offers for a party's own credentials, and the
/// credential endpoint's work: the offered configuration, a proof of possession (typ
/// openid4vci-proof+jwt, aud = our issuer identifier, a c_nonce we issued, used once, recent) and
/// delivery, one of each offered configuration per access token.
/// </summary>
public sealed class OpenId4VciIssuer(Database db, OpenId4VciStore store, SdJwtVcIssuance sdJwt, CredentialUrls urls,
    IOptions<OpenId4VciOptions> options, TimeProvider time)
{
    public string IssuerId => IssuerMetadata.IssuerId(urls.Base);

    /// <summary>The configurations a stored credential can be delivered in: dc+sd-jwt always, jwt_vc_json when it was issued as vc+jwt.</summary>
    public static IReadOnlyList<string> ConfigurationsFor(CredentialRow row)
    {
        if (!SdJwtVcTypes.Known.ContainsKey(row.Type)) return [];
        return row.Jws is null ? [row.Type + IssuerMetadata.SdJwtSuffix] : [row.Type + IssuerMetadata.SdJwtSuffix, row.Type + IssuerMetadata.JwtSuffix];
    }

    /// <exception cref="SdJwtIssueException">The credential is not one we deliver to wallets, or not current.</exception>
    public Task<CreatedOffer> CreateOfferAsync(CredentialRow row, EthAddress party, bool withTxCode, CancellationToken ct)
    {
        var configurations = ConfigurationsFor(row);
        if (configurations.Count == 0)
            throw new SdJwtIssueException(SdJwtIssueException.NotProductType, $"a {row.Type} is not offered to wallets (endorsement, reciprocity and reputation credentials are)");
        if (row.RevokedAt is not null || row.SupersededBy is not null)
            throw new SdJwtIssueException(SdJwtIssueException.NotCurrent, $"credential {row.Id} is {(row.RevokedAt is not null ? "revoked" : "superseded")}");
        return store.CreateOfferAsync(row.Id, party.ToLowerHex(), configurations, withTxCode, ct);
    }

    /// <summary>The credential for one configuration of the token's offer, bound to the key the proof shows.</summary>
    /// <exception cref="OpenId4VciException">Anything the spec names an error for.</exception>
    public async Task<(string Credential, string Format)> IssueAsync(TokenRow token, string? configurationId, string? proofJwt, CancellationToken ct)
    {
        var offer = await store.FindAsync(token.OfferId, ct) ?? throw new OpenId4VciException("invalid_token", "the offer of this token is gone", 401);
        if (configurationId is null || !offer.ConfigurationIds.Contains(configurationId) || IssuerMetadata.Parse(configurationId) is not { } wanted)
            throw new OpenId4VciException("unknown_credential_configuration",
                $"this token's offer has {string.Join(", ", offer.ConfigurationIds)}; ask for one of them as credential_configuration_id");
        if (token.Issued.Split(' ').Contains(configurationId))
            throw new OpenId4VciException("credential_request_denied", $"{configurationId} was delivered for this token already");
        var key = VerifyProof(proofJwt, out string nonce);
        if (!await store.SpendNonceAsync(nonce, ct))
            throw new OpenId4VciException("invalid_nonce", "the proof's nonce is not a current c_nonce of ours (each is used once): POST the nonce endpoint for a fresh one");
        var row = await CredentialStore.GetAsync(db, offer.CredentialId, ct);
        if (row is null || row.RevokedAt is not null || row.SupersededBy is not null)
            throw new OpenId4VciException("credential_request_denied", $"credential {offer.CredentialId} is no longer current");
        var holder = EthAddress.Parse(offer.Holder);
        string credential;
        if (wanted.Format == SdJwtVcTypes.Format)
        {
            try { credential = sdJwt.Issue(row, holder, key).Compact; }
            catch (SdJwtIssueException e) { throw new OpenId4VciException("credential_request_denied", e.Message); }
        }
        else
        {
            // jwt_vc_json is our vc+jwt as issued: its subject is the party's did:pkh, so only that account's key may take it.
            if (key.Algorithm != "ES256K" || !EthPublicKeyOf(key, out var publicKey) || publicKey.Address != holder)
                throw new OpenId4VciException("invalid_proof", $"{configurationId} names {holder} as its subject: the proof must be signed (ES256K) by that account's key");
            credential = row.Jws!;
        }
        if (!await store.MarkIssuedAsync(token, configurationId, ct))
            throw new OpenId4VciException("credential_request_denied", $"{configurationId} was delivered for this token already");
        return (credential, wanted.Format);
    }

    /// <summary>Checks a proof JWT; the holder key and the nonce it names (not yet spent).</summary>
    public HolderKey VerifyProof(string? jwt, out string nonce)
    {
        nonce = "";
        static OpenId4VciException Invalid(string why) => new("invalid_proof", why);
        if (!VcJwt.TryParse(jwt, out var jws, out string error)) throw Invalid("the proof is not a compact JWS: " + error);
        if (Jws.HeaderText(jws!, "typ") != IssuerMetadata.ProofType) throw Invalid("the proof's typ must be openid4vci-proof+jwt");
        if (jws!.Header.TryGetProperty("crit", out _)) throw Invalid("crit extensions are not supported");
        if (!jws.Header.TryGetProperty("jwk", out var jwk)) throw Invalid("the proof must carry the holder's public key as jwk (kid and x5c are not supported)");
        if (!HolderKey.TryParse(jwk, out var key, out error)) throw Invalid("jwk: " + error);
        if (!key!.Verifies(jws)) throw Invalid($"the proof is not signed ({key.Algorithm}) by its jwk");
        var claims = jws.Payload;
        if (claims.ValueKind != JsonValueKind.Object) throw Invalid("the proof's payload must be an object");
        bool audienceOk = claims.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.String ? aud.GetString() == IssuerId
            : aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == IssuerId));
        if (!audienceOk) throw Invalid($"the proof's aud must be this credential issuer, {IssuerId}");
        if (!claims.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out long seconds)) throw Invalid("the proof needs iat");
        var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var now = time.GetUtcNow();
        if (at > now + TimeSpan.FromMinutes(1) || at < now - options.Value.ProofMaxAge)
            throw Invalid($"the proof's iat is outside the {options.Value.ProofMaxAge.TotalMinutes} minute window");
        if (!claims.TryGetProperty("nonce", out var n) || n.ValueKind != JsonValueKind.String || n.GetString()!.Length == 0)
            throw new OpenId4VciException("invalid_nonce", "the proof needs the c_nonce from the nonce endpoint");
        nonce = n.GetString()!;
        return key;
    }

    private static bool EthPublicKeyOf(HolderKey key, out EthPublicKey publicKey)
    {
        bool ok = EthPublicKey.TryFromJwk("EC", "secp256k1", key.Jwk["x"]?.GetValue<string>(), key.Jwk["y"]?.GetValue<string>(), out var parsed);
        publicKey = parsed!;
        return ok;
    }
}

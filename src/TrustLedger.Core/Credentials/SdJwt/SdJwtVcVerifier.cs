using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>Reads a Token Status List entry; null when the list is not one this verifier can read (the status is then unsupported, so not trusted).</summary>
public interface ITokenStatusSource
{
    ValueTask<bool?> IsSetAsync(string uri, long index, CancellationToken ct);
}

/// <summary>What the verifier of a presentation expects from its KB-JWT.</summary>
public sealed record KeyBindingOptions(string Audience, string Nonce)
{
    /// <summary>Oldest KB-JWT accepted (its iat): a presentation is made for one verification, not kept.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>Every check, the claims as disclosed (payload with the presented disclosures applied, no _sd), and the names disclosed.</summary>
public sealed record SdJwtVerification(IReadOnlyList<VerificationCheck> Checks, JsonObject? Claims, IReadOnlyList<string> Disclosed, string? Issuer,
    string? Vct)
{
    public bool Verified => Checks.Count > 0 && Checks.All(c => c.Outcome != CheckOutcome.Failed);
    public Verdict Verdict => Verdict.Of(Checks);
}

/// <summary>
/// Verifies an SD-JWT VC (typ dc+sd-jwt) and, when asked, its KB-JWT, the way a verifier that
/// answers for a service must: the issuer a DID we trust (ours or the governed list) whose key signed
/// ES256K; _sd_alg sha-256; each disclosure well formed, matched once, none presented twice, no digest
/// twice; nbf/exp/iat against the clock; the KB-JWT (typ kb+jwt) signed by cnf.jwk with the expected
/// aud and nonce, recent, and its sd_hash over exactly what was presented; the status list entry.
/// Never throws on bad input.
/// </summary>
public sealed class SdJwtVcVerifier(IKnownIssuerKeys knownIssuers, ITrustedIssuers trustedIssuers, ITokenStatusSource statuses, string publicBaseUrl,
    TimeProvider time)
{
    public const string DisclosuresCheck = "disclosures";

    public async ValueTask<SdJwtVerification> VerifyAsync(string presentation, KeyBindingOptions? keyBinding, TimeSpan clockSkew, CancellationToken ct)
    {
        var checks = new List<VerificationCheck>();
        SdJwtVerification Done(JsonObject? claims = null, IReadOnlyList<string>? names = null, string? iss = null, string? vct = null) =>
            new(checks, claims, names ?? [], iss, vct);
        void Fail(string check, string code, string message) => checks.Add(new(check, CheckOutcome.Failed, code, message));
        void Pass(string check, string code, string message) => checks.Add(new(check, CheckOutcome.Passed, code, message));

        if (!SdJwtParts.TryParse(presentation.Trim(), out var parts, out string error) || !VcJwt.TryParse(parts!.IssuerJwt, out var jws, out error))
        { Fail(VerificationCheck.Names.Structure, SdJwtCodes.Malformed, error); return Done(); }
        var payload = jws!.Payload;
        string? typ = Jws.HeaderText(jws, "typ"), iss = Text(payload, "iss"), vct = Text(payload, "vct");
        if (typ is not (SdJwtVcTypes.Format or "vc+sd-jwt")) error = "typ must be dc+sd-jwt";
        else if (Jws.HeaderText(jws, "alg") != VcConstants.JwsAlgorithm) error = "alg must be ES256K";
        else if (jws.Header.TryGetProperty("crit", out _)) error = "crit extensions are not supported";
        else if (payload.ValueKind != JsonValueKind.Object) error = "the payload must be a JSON object";
        else if (iss is null || vct is null) error = "iss and vct are required (as strings)";
        else if (payload.TryGetProperty("_sd_alg", out var alg) && (alg.ValueKind != JsonValueKind.String || alg.GetString() != Disclosure.HashAlgorithm))
            error = "_sd_alg must be sha-256, the only hash algorithm accepted";
        if (error.Length > 0) { Fail(VerificationCheck.Names.Structure, SdJwtCodes.Malformed, error); return Done(iss: iss, vct: vct); }
        Pass(VerificationCheck.Names.Structure, SdJwtCodes.StructureOk, "a dc+sd-jwt with iss and vct");

        var disclosures = new List<Disclosure>();
        foreach (var encoded in parts.Disclosures)
        {
            if (Disclosure.TryParse(encoded, out var d, out error)) disclosures.Add(d!);
            else { Fail(DisclosuresCheck, SdJwtCodes.DisclosureMalformed, error); return Done(iss: iss, vct: vct); }
        }
        if (!SdJwtClaims.TryReconstruct(payload, disclosures, out var claims, out error))
        { Fail(DisclosuresCheck, SdJwtCodes.DisclosureInvalid, error); return Done(iss: iss, vct: vct); }
        var names = disclosures.Select(d => d.Name ?? "[]").ToList();
        Pass(DisclosuresCheck, SdJwtCodes.DisclosuresOk, $"{disclosures.Count} disclosure(s), each matched once: {string.Join(", ", names)}");

        // The issuer: an Ethereum DID whose key (known, or recovered from the signature) signed.
        if (!EthDid.TryParse(iss, out var did, out error)) { Fail(VerificationCheck.Names.Issuer, IssuerCodes.Unresolvable, error); return Done(claims, names, iss, vct); }
        if (jws.Kid is { } kid && !kid.StartsWith(did!.Did + "#", StringComparison.Ordinal))
        { Fail(VerificationCheck.Names.Signature, SignatureCodes.JwsHeader, $"kid {kid} is not a key of {iss}"); return Done(claims, names, iss, vct); }
        if (!VcJwt.VerifySignature(jws, knownIssuers.FindPublicKey(iss!), did!.Address))
        { Fail(VerificationCheck.Names.Signature, SignatureCodes.Invalid, $"the signature is not by {iss}"); return Done(claims, names, iss, vct); }
        Pass(VerificationCheck.Names.Signature, SignatureCodes.Ok, $"ES256K signature by {did.Address}");
        string type = SdJwtVcTypes.TypeOf(publicBaseUrl, vct) ?? vct!;
        var trust = await trustedIssuers.CheckAsync(did!.Did, [type], ct);
        checks.Add(new(VerificationCheck.Names.Issuer, trust.Standing == IssuerStanding.Trusted ? CheckOutcome.Passed : CheckOutcome.Failed,
            trust.Standing switch { IssuerStanding.Trusted => IssuerCodes.Ok, IssuerStanding.NotForType => IssuerCodes.NotTrustedForType, _ => IssuerCodes.Untrusted },
            trust.Message));

        var now = time.GetUtcNow();
        long? nbf = Seconds(payload, "nbf"), exp = Seconds(payload, "exp"), iat = Seconds(payload, "iat");
        if (exp is { } e && now > DateTimeOffset.FromUnixTimeSeconds(e) + clockSkew) Fail(VerificationCheck.Names.Validity, ValidityCodes.Expired, "exp has passed");
        else if (nbf is { } n && now + clockSkew < DateTimeOffset.FromUnixTimeSeconds(n)) Fail(VerificationCheck.Names.Validity, ValidityCodes.NotYetValid, "nbf lies ahead");
        else if (iat is { } i && now + clockSkew < DateTimeOffset.FromUnixTimeSeconds(i)) Fail(VerificationCheck.Names.Validity, ValidityCodes.NotYetValid, "iat lies ahead");
        else Pass(VerificationCheck.Names.Validity, ValidityCodes.Ok, "within nbf and exp");

        checks.Add(KeyBinding(parts, payload, keyBinding, now, clockSkew));
        checks.Add(await StatusAsync(payload, ct));
        return Done(claims, names, iss, vct);
    }

    private static VerificationCheck KeyBinding(SdJwtParts parts, JsonElement payload, KeyBindingOptions? expected, DateTimeOffset now, TimeSpan skew)
    {
        const string check = VerificationCheck.Names.Holder;
        VerificationCheck Fail(string code, string message) => new(check, CheckOutcome.Failed, code, message);
        if (expected is null)
            return parts.KeyBindingJwt is null
                ? new(check, CheckOutcome.Skipped, HolderCodes.None, "no key binding asked for")
                : Fail(SdJwtCodes.KeyBindingUnexpected, "a KB-JWT came, but no audience and nonce to check it against");
        if (parts.KeyBindingJwt is null) return Fail(SdJwtCodes.KeyBindingMissing, "key binding is required: the presentation ends without a KB-JWT");
        if (!payload.TryGetProperty("cnf", out var cnf) || cnf.ValueKind != JsonValueKind.Object || !cnf.TryGetProperty("jwk", out var jwk)
            || !HolderKey.TryParse(jwk, out var key, out string error))
            return Fail(SdJwtCodes.KeyBindingInvalid, "the SD-JWT names no usable holder key (cnf.jwk)");
        if (!VcJwt.TryParse(parts.KeyBindingJwt, out var kb, out error)) return Fail(SdJwtCodes.KeyBindingInvalid, "KB-JWT: " + error);
        if (Jws.HeaderText(kb!, "typ") != SdJwtVcTypes.KeyBindingType) return Fail(SdJwtCodes.KeyBindingInvalid, "the KB-JWT's typ must be kb+jwt");
        if (kb!.Header.TryGetProperty("crit", out _)) return Fail(SdJwtCodes.KeyBindingInvalid, "crit extensions are not supported");
        if (!key!.Verifies(kb)) return Fail(SdJwtCodes.KeyBindingInvalid, $"the KB-JWT is not signed ({key.Algorithm}) by the key in cnf.jwk");
        var claims = kb.Payload;
        if (claims.ValueKind != JsonValueKind.Object) return Fail(SdJwtCodes.KeyBindingInvalid, "the KB-JWT payload must be an object");
        if (Text(claims, "aud") != expected.Audience) return Fail(SdJwtCodes.KeyBindingAudience, $"the KB-JWT is for {Text(claims, "aud") ?? "no audience"}, not {expected.Audience}");
        if (Text(claims, "nonce") != expected.Nonce) return Fail(SdJwtCodes.KeyBindingNonce, "the KB-JWT's nonce is not the one asked for");
        if (Seconds(claims, "iat") is not { } iat) return Fail(SdJwtCodes.KeyBindingInvalid, "the KB-JWT needs iat");
        var issued = DateTimeOffset.FromUnixTimeSeconds(iat);
        if (issued > now + skew || issued < now - expected.MaxAge - skew)
            return Fail(SdJwtCodes.KeyBindingStale, $"the KB-JWT was made at {issued:O}: outside the {expected.MaxAge.TotalMinutes} minute window");
        if (Text(claims, "sd_hash") != parts.SdHash) return Fail(SdJwtCodes.KeyBindingHash, "sd_hash does not cover the SD-JWT and disclosures presented");
        return new(check, CheckOutcome.Passed, HolderCodes.Ok, $"KB-JWT by the holder's key ({key.Algorithm}), for {expected.Audience}, fresh, over what was presented");
    }

    private async ValueTask<VerificationCheck> StatusAsync(JsonElement payload, CancellationToken ct)
    {
        const string check = VerificationCheck.Names.Status;
        if (!payload.TryGetProperty("status", out var status)) return new(check, CheckOutcome.Skipped, StatusCodes.None, "no status: the issuer offers no revocation");
        if (!status.TryGetProperty("status_list", out var entry) || entry.ValueKind != JsonValueKind.Object
            || Text(entry, "uri") is not { } uri || !entry.TryGetProperty("idx", out var idx) || !idx.TryGetInt64(out long index) || index < 0)
            return new(check, CheckOutcome.Failed, StatusCodes.Malformed, "status.status_list needs uri and a non-negative integer idx");
        bool? set;
        try { set = await statuses.IsSetAsync(uri, index, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { return new(check, CheckOutcome.Skipped, StatusCodes.Unavailable, "the status list cannot be read now"); }
        return set switch
        {
            null => new(check, CheckOutcome.Skipped, StatusCodes.Unsupported, $"status list {uri} is not one this service reads"),
            true => new(check, CheckOutcome.Failed, StatusCodes.Revoked, $"revoked: bit {index} of {uri} is set"),
            false => new(check, CheckOutcome.Passed, StatusCodes.Active, $"not revoked (bit {index} of {uri})"),
        };
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Seconds(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long s) ? s : null;
}

/// <summary>The stable codes of SD-JWT checks (beside the shared signature, issuer, validity and status codes).</summary>
public static class SdJwtCodes
{
    public const string Malformed = "structure.sd_jwt_malformed";
    public const string StructureOk = "structure.ok";
    public const string DisclosuresOk = "disclosures.ok";
    public const string DisclosureMalformed = "disclosures.malformed";
    public const string DisclosureInvalid = "disclosures.invalid";
    public const string KeyBindingMissing = "holder.kb_missing";
    public const string KeyBindingUnexpected = "holder.kb_unchecked";
    public const string KeyBindingInvalid = "holder.kb_invalid";
    public const string KeyBindingAudience = "holder.kb_audience";
    public const string KeyBindingNonce = "holder.kb_nonce";
    public const string KeyBindingStale = "holder.kb_stale";
    public const string KeyBindingHash = "holder.kb_sd_hash";
}

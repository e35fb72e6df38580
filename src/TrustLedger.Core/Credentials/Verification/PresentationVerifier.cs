using System.Text.Json;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials;

public sealed record PresentationOptions
{
    /// <summary>When set, the holder's proof must carry exactly this challenge (VC API options.challenge).</summary>
    public string? Challenge { get; init; }

    /// <summary>When set, the holder's proof must carry exactly this domain (VC API options.domain).</summary>
    public string? Domain { get; init; }

    /// <summary>Refuse presentations without a holder proof (the VC API accepts unsigned ones by default).</summary>
    public bool RequireProof { get; init; }

    /// <summary>
    /// Holder binding: in a signed presentation every credential must have its holder as a subject
    /// (same account), so a copy of someone else's credential cannot be presented as one's own. On by default.
    /// </summary>
    public bool RequireHolderIsSubject { get; init; } = true;

    public VerificationOptions Credentials { get; init; } = new();
}

/// <summary>The presentation's own checks and one full result per credential inside it.</summary>
public sealed record PresentationVerificationResult(IReadOnlyList<VerificationCheck> Checks, IReadOnlyList<VerificationResult> Credentials,
    string? HolderId, EthAddress? Signer)
{
    public bool Verified => Checks.All(c => c.Outcome != CheckOutcome.Failed) && Credentials.All(c => c.Verified);

    /// <summary>
    /// Trusted when the presentation's own checks hold and every credential in it is trusted (see
    /// <see cref="Credentials.Verdict"/>); else the first reason why not. An unsigned presentation
    /// can be trusted for its credentials, not for who presents them: the reason says so.
    /// </summary>
    public Verdict Verdict
    {
        get
        {
            if (Checks.FirstOrDefault(c => c.Outcome == CheckOutcome.Failed) is { } failed)
                return new(false, failed.Code, $"presentation {failed.Check}: {failed.Message}");
            if (Credentials.Count == 0) return new(false, VerdictCodes.NoCredentials, "the presentation holds no credential");
            for (var i = 0; i < Credentials.Count; i++)
                if (Credentials[i].Verdict is { Trusted: false } verdict) return verdict with { Reason = $"verifiableCredential[{i}]: {verdict.Reason}" };
            var holder = Checks.Any(c => c.Check == VerificationCheck.Names.Signature && c.Outcome == CheckOutcome.Passed)
                ? "signed by its holder" : "not signed by a holder, so it proves nothing about who presents it";
            return new(true, VerdictCodes.Trusted, $"{Credentials.Count} credential(s), each issued by a trusted issuer, intact and valid now; the presentation is {holder}");
        }
    }
}

/// <summary>
/// Verifies a presentation: the data model rules (§4.13), its holder proof, holder binding and every
/// credential inside with <see cref="CredentialVerifier"/>. The proof is an EthereumEip712Signature2021
/// (proofPurpose authentication, or assertionMethod as Veramo signs it; challenge and domain checked
/// when asked) or the presentation is a VC-JOSE-COSE vp+jwt (compact, or an EnvelopedVerifiablePresentation;
/// the JWT's nonce and aud checked against challenge and domain when asked). The signer must be the holder,
/// and (<see cref="PresentationOptions.RequireHolderIsSubject"/>) the holder a subject of each credential.
/// Credentials may be objects, enveloped credentials, or, in VC 1.1 presentations as Veramo makes them,
/// strings: a compact JWS or a JSON credential serialized.
/// </summary>
public sealed class PresentationVerifier(CredentialVerifier credentialVerifier)
{
    /// <summary>A compact vp+jwt, or a presentation (plain, EIP-712 signed, or enveloped) as JSON.</summary>
    public ValueTask<PresentationVerificationResult> VerifyAsync(string compactOrJson, PresentationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string trimmed = compactOrJson.Trim();
        if (trimmed.StartsWith("ey", StringComparison.Ordinal)) return VerifyJwtAsync(trimmed, options ?? new(), cancellationToken);
        if (!StrictJson.TryParse(trimmed, out var presentation))
            return ValueTask.FromResult(Malformed("not valid JSON (or a member name appears twice)"));
        return VerifyAsync(presentation, options, cancellationToken);
    }

    public async ValueTask<PresentationVerificationResult> VerifyAsync(JsonElement presentation, PresentationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new();
        if (presentation.ValueKind == JsonValueKind.String) return await VerifyJwtAsync(presentation.GetString()!, options, cancellationToken);
        if (VcJwt.IsPresentationEnvelope(presentation))
        {
            var issues = CredentialValidator.ValidateEnvelope(presentation, VcConstants.EnvelopedPresentationType);
            if (issues.Count > 0) return new([StructureCheck(issues)], [], null, null);
            return VcJwt.TryUnwrapEnvelope(presentation, out var jws, presentation: true)
                ? await VerifyJwtAsync(jws, options, cancellationToken)
                : Malformed($"an {VcConstants.EnvelopedPresentationType} needs id = {VcConstants.PresentationEnvelopeDataUrlPrefix}<jws>");
        }
        var checks = new List<VerificationCheck>();
        if (!AddStructureAndContext(presentation, checks)) return new(checks, [], null, null);
        string? holderId = HolderOf(presentation);
        var signer = CheckEip712Proof(presentation, options, checks);
        return await CompleteAsync(presentation, holderId, signer, options, checks, cancellationToken);
    }

    private async ValueTask<PresentationVerificationResult> VerifyJwtAsync(string compact, PresentationOptions options, CancellationToken cancellationToken)
    {
        if (!VcJwt.TryParse(compact, out var jws, out string error)) return Malformed(error);
        var presentation = jws!.Payload;
        var checks = new List<VerificationCheck>();
        if (!AddStructureAndContext(presentation, checks)) return new(checks, [], null, null);
        const string signature = VerificationCheck.Names.Signature;
        ResolvedVerificationMethod? method = null;
        bool headerOk = VcJwt.TryCheckHeader(jws, out error, presentation: true);
        if (headerOk)
            (method, error) = await VerificationMethodResolver.ResolveAsync(credentialVerifier.Dids, jws.Kid, VcConstants.Authentication, null, cancellationToken);
        if (!headerOk)
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.JwsHeader, error));
        else if (method is null)
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.Invalid, "not checked: the kid did not resolve: " + error));
        else if (!method.VerifiesJws(jws))
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.Invalid, $"the JWS signature does not verify for {method.Id} ({method.Algorithm})"));
        else if (ClaimProblem(presentation, options) is { } problem)
            checks.Add(new(signature, CheckOutcome.Failed, problem.Code, problem.Message));
        else checks.Add(new(signature, CheckOutcome.Passed, SignatureCodes.Ok, $"holder's vp+jwt {method.Algorithm} signature valid"));
        bool signed = checks[^1] is { Check: signature, Outcome: CheckOutcome.Passed };
        // A vp+jwt without holder is the signer's own: the kid names who presents it.
        string? holderId = HolderOf(presentation) ?? (signed ? method!.Controller : null);
        var signer = signed ? method : null;
        return await CompleteAsync(presentation, holderId, signer, options, checks, cancellationToken);
    }

    /// <summary>JWT claims of a vp+jwt: nonce must be the challenge and aud contain the domain when asked; exp and nbf hold.</summary>
    private static (string Code, string Message)? ClaimProblem(JsonElement payload, PresentationOptions options)
    {
        string? Text(string name) => payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (options.Challenge is not null && Text("nonce") != options.Challenge)
            return (SignatureCodes.ChallengeMismatch, "the vp+jwt's nonce is not the expected challenge");
        if (options.Domain is not null)
        {
            bool hasAudience = payload.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.String ? aud.GetString() == options.Domain
                : aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == options.Domain));
            if (!hasAudience) return (SignatureCodes.DomainMismatch, "the vp+jwt's aud does not name the expected domain");
        }
        var now = (options.Credentials.Now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        long skew = (long)options.Credentials.ClockSkew.TotalSeconds;
        if (payload.TryGetProperty("exp", out var exp) && (!exp.TryGetInt64(out long e) || e < now - skew))
            return (ValidityCodes.Expired, "the vp+jwt has expired (exp)");
        if (payload.TryGetProperty("nbf", out var nbf) && (!nbf.TryGetInt64(out long n) || n > now + skew))
            return (ValidityCodes.NotYetValid, "the vp+jwt is not valid yet (nbf)");
        return null;
    }

    private bool AddStructureAndContext(JsonElement presentation, List<VerificationCheck> checks)
    {
        var issues = PresentationValidator.Validate(presentation);
        checks.Add(issues.Count == 0
            ? new(VerificationCheck.Names.Structure, CheckOutcome.Passed, StructureCodes.Ok, "meets the VC data model rules for presentations")
            : StructureCheck(issues));
        if (presentation.ValueKind != JsonValueKind.Object) return false;
        var unknown = ContextUrls(presentation).Where(url => !Contexts.ContextCache.IsKnown(url, credentialVerifier.Urls)).ToList();
        checks.Add(unknown.Count == 0
            ? new(VerificationCheck.Names.Context, CheckOutcome.Passed, ContextCodes.Ok, "every @context is known locally")
            : new(VerificationCheck.Names.Context, CheckOutcome.Failed, ContextCodes.Unknown, "unknown @context (never fetched): " + string.Join(", ", unknown)));
        return true;
    }

    private static VerificationCheck StructureCheck(IReadOnlyList<ValidationIssue> issues) =>
        new(VerificationCheck.Names.Structure, CheckOutcome.Failed, issues[0].Code, string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}")));

    private static string? HolderOf(JsonElement presentation) =>
        presentation.ValueKind == JsonValueKind.Object && presentation.TryGetProperty("holder", out var holder) ? CredentialValidator.IssuerId(holder) : null;

    /// <summary>The holder check, each credential verified, and holder binding.</summary>
    private async ValueTask<PresentationVerificationResult> CompleteAsync(JsonElement presentation, string? holderId, ResolvedVerificationMethod? signer,
        PresentationOptions options, List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        const string holderCheck = VerificationCheck.Names.Holder;
        if (signer is null) { }
        else if (holderId is null) checks.Add(new(holderCheck, CheckOutcome.Skipped, HolderCodes.None, "no holder named"));
        else if (!DidIdentity.IsResolvable(holderId, out string error))
            checks.Add(new(holderCheck, CheckOutcome.Failed, HolderCodes.Unresolvable, $"holder {holderId}: {error}"));
        // did:pkh and did:ethr of one address on one chain are one account; did:key and did:web are their own.
        else if (!DidIdentity.Same(holderId, signer.Controller))
            checks.Add(new(holderCheck, CheckOutcome.Failed, HolderCodes.Mismatch, $"signed by {signer.Controller}, but the holder is {holderId}"));
        else checks.Add(new(holderCheck, CheckOutcome.Passed, HolderCodes.Ok, $"signed by the holder {holderId}"));

        var results = new List<VerificationResult>();
        if (presentation.TryGetProperty("verifiableCredential", out var credentials))
            foreach (var credential in credentials.ValueKind == JsonValueKind.Array ? credentials.EnumerateArray().ToList() : [credentials])
                results.Add(await VerifyCredentialAsync(credential, options.Credentials, cancellationToken));

        if (options.RequireHolderIsSubject && checks.Any(c => c is { Check: holderCheck, Outcome: CheckOutcome.Passed }))
        {
            var unbound = results.Select((r, i) => (r, i)).Where(x => x.r.Credential is { } c && !SubjectIds(c).Any(id => DidIdentity.Same(id, holderId)))
                .Select(x => $"verifiableCredential[{x.i}]").ToList();
            checks.Add(unbound.Count == 0
                ? new(VerificationCheck.Names.Binding, CheckOutcome.Passed, HolderCodes.Bound, "the holder is a subject of every credential presented")
                : new(VerificationCheck.Names.Binding, CheckOutcome.Failed, HolderCodes.NotSubject, $"the holder {holderId} is not a subject of {string.Join(", ", unbound)}"));
        }
        return new(checks, results, holderId, signer?.Address);
    }

    /// <summary>A credential inside a presentation; a string is a compact JWS or (Veramo, VC 1.1) a JSON credential serialized.</summary>
    private ValueTask<VerificationResult> VerifyCredentialAsync(JsonElement credential, VerificationOptions options, CancellationToken cancellationToken)
    {
        if (credential.ValueKind == JsonValueKind.String && credential.GetString()!.TrimStart().StartsWith('{'))
            return credentialVerifier.VerifyAsync(credential.GetString()!, options, cancellationToken);
        return credentialVerifier.VerifyAsync(credential, options, cancellationToken);
    }

    private static IEnumerable<string> SubjectIds(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("credentialSubject", out var subject)) yield break;
        foreach (var s in subject.ValueKind == JsonValueKind.Array ? subject.EnumerateArray().ToList() : [subject])
            if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) yield return id.GetString()!;
    }

    private static ResolvedVerificationMethod? CheckEip712Proof(JsonElement presentation, PresentationOptions options, List<VerificationCheck> checks)
    {
        const string signature = VerificationCheck.Names.Signature;
        if (!presentation.TryGetProperty("proof", out var proof))
        {
            checks.Add(options.RequireProof || options.Challenge is not null
                ? new(signature, CheckOutcome.Failed, SignatureCodes.Missing, "the presentation has no holder proof")
                : new(signature, CheckOutcome.Skipped, SignatureCodes.Missing, "unsigned presentation"));
            return null;
        }
        string? Text(string name) => proof.ValueKind == JsonValueKind.Object && proof.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        // Veramo signs presentations for assertionMethod; did:pkh and did:ethr list the holder's key under both.
        string purpose = Text("proofPurpose") is VcConstants.AssertionMethod ? VcConstants.AssertionMethod : VcConstants.Authentication;
        var result = Eip712ProofVerifier.Verify(presentation, purpose);
        if (!result.Valid)
        {
            checks.Add(new(signature, CheckOutcome.Failed, result.Code == IssuerCodes.Unresolvable ? SignatureCodes.Invalid : result.Code, result.Message));
            return null;
        }
        if (options.Challenge is not null && Text("challenge") != options.Challenge)
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.ChallengeMismatch, "the proof does not carry the expected challenge"));
        else if (options.Domain is not null && Text("domain") != options.Domain)
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.DomainMismatch, "the proof does not carry the expected domain"));
        else checks.Add(new(signature, CheckOutcome.Passed, SignatureCodes.Ok, $"holder's EIP-712 signature valid ({purpose})"));
        return checks[^1].Outcome == CheckOutcome.Passed ? result.VerificationMethod : null;
    }

    private static IEnumerable<string> ContextUrls(JsonElement document)
    {
        if (!document.TryGetProperty("@context", out var context)) return [];
        return (context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context])
            .Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!);
    }

    private static PresentationVerificationResult Malformed(string message) =>
        new([new(VerificationCheck.Names.Structure, CheckOutcome.Failed, StructureCodes.Malformed, message)], [], null, null);
}

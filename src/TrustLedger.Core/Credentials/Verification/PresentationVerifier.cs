using System.Text.Json;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
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
/// Verifies a VerifiablePresentation: data model rules, known contexts, the holder's optional
/// EthereumEip712Signature2021 proof (proofPurpose authentication, challenge and domain when asked),
/// that the signer is the holder, and every credential inside with <see cref="CredentialVerifier"/>.
/// </summary>
public sealed class PresentationVerifier(CredentialVerifier credentialVerifier)
{
    public async ValueTask<PresentationVerificationResult> VerifyAsync(JsonElement presentation, PresentationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new();
        var checks = new List<VerificationCheck>();
        var issues = PresentationValidator.Validate(presentation);
        checks.Add(issues.Count == 0
            ? new(VerificationCheck.Names.Structure, CheckOutcome.Passed, StructureCodes.Ok, "meets the VC data model rules for presentations")
            : new(VerificationCheck.Names.Structure, CheckOutcome.Failed, issues[0].Code, string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}"))));
        if (presentation.ValueKind != JsonValueKind.Object) return new(checks, [], null, null);

        var unknown = ContextUrls(presentation).Where(url => !Contexts.ContextCache.IsKnown(url)).ToList();
        checks.Add(unknown.Count == 0
            ? new(VerificationCheck.Names.Context, CheckOutcome.Passed, ContextCodes.Ok, "every @context is known locally")
            : new(VerificationCheck.Names.Context, CheckOutcome.Failed, ContextCodes.Unknown, "unknown @context (never fetched): " + string.Join(", ", unknown)));

        string? holderId = presentation.TryGetProperty("holder", out var holder) ? CredentialValidator.IssuerId(holder) : null;
        EthAddress? signer = CheckHolderProof(presentation, holderId, options, checks);

        var results = new List<VerificationResult>();
        if (presentation.TryGetProperty("verifiableCredential", out var credentials))
            foreach (var credential in credentials.ValueKind == JsonValueKind.Array ? credentials.EnumerateArray().ToList() : [credentials])
                results.Add(await credentialVerifier.VerifyAsync(credential, options.Credentials, cancellationToken));
        return new(checks, results, holderId, signer);
    }

    private static EthAddress? CheckHolderProof(JsonElement presentation, string? holderId, PresentationOptions options, List<VerificationCheck> checks)
    {
        const string signature = VerificationCheck.Names.Signature, holderCheck = VerificationCheck.Names.Holder;
        if (!presentation.TryGetProperty("proof", out var proof))
        {
            checks.Add(options.RequireProof || options.Challenge is not null
                ? new(signature, CheckOutcome.Failed, SignatureCodes.Missing, "the presentation has no holder proof")
                : new(signature, CheckOutcome.Skipped, SignatureCodes.Missing, "unsigned presentation"));
            return null;
        }
        var result = Eip712ProofVerifier.Verify(presentation, VcConstants.Authentication);
        if (!result.Valid)
        {
            checks.Add(new(signature, CheckOutcome.Failed, result.Code == IssuerCodes.Unresolvable ? SignatureCodes.Invalid : result.Code, result.Message));
            return null;
        }
        string? Text(string name) => proof.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (options.Challenge is not null && Text("challenge") != options.Challenge)
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.ChallengeMismatch, "the proof does not carry the expected challenge"));
        else if (options.Domain is not null && Text("domain") != options.Domain)
            checks.Add(new(signature, CheckOutcome.Failed, SignatureCodes.DomainMismatch, "the proof does not carry the expected domain"));
        else checks.Add(new(signature, CheckOutcome.Passed, SignatureCodes.Ok, "holder's EIP-712 signature valid"));

        if (holderId is null) checks.Add(new(holderCheck, CheckOutcome.Skipped, HolderCodes.None, "no holder named"));
        else if (!EthDid.TryParse(holderId, out var holder, out string error))
            checks.Add(new(holderCheck, CheckOutcome.Failed, HolderCodes.Unresolvable, $"holder {holderId}: {error}"));
        else if (holder!.Address != result.VerificationMethod!.Controller.Address || holder.ChainId != result.VerificationMethod.Controller.ChainId)
            checks.Add(new(holderCheck, CheckOutcome.Failed, HolderCodes.Mismatch, $"signed by {result.VerificationMethod.Controller.Did}, but the holder is {holderId}"));
        else checks.Add(new(holderCheck, CheckOutcome.Passed, HolderCodes.Ok, $"signed by the holder {holderId}"));
        return result.Signer;
    }

    private static IEnumerable<string> ContextUrls(JsonElement document)
    {
        if (!document.TryGetProperty("@context", out var context)) return [];
        return (context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context])
            .Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!);
    }
}

using System.Text.Json;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Validation;

namespace TrustLedger.Api.Credentials;

/// <summary>A VC API ProblemDetails entry: the VC Data Model error type where one applies, our stable code always.</summary>
public sealed record VcProblem(string Type, string Title, string Detail, string Code, string Check);

/// <summary>One check's outcome in <c>results</c>.</summary>
public sealed record CheckResult(bool? Valid, string Outcome, string Code, string Message);

/// <summary>The one answer a buyer reads: issued by a trusted issuer, intact and valid now (<c>trusted</c>), else why not (<c>code</c>, <c>reason</c>).</summary>
public sealed record VerdictView(bool Trusted, string Code, string Reason);

/// <summary>
/// The body of POST /credentials/verify (VC API VerificationResult): <c>verdict</c> first, then
/// <c>verified</c> (no check failed), the checks
/// that passed (<c>checks</c>, "proof" for the signature as the VC API names it), problem details
/// for each failed check (<c>problemDetails</c>, also as <c>errors</c>) and skipped check
/// (<c>warnings</c>), and every check by name with its stable code in <c>results</c>.
/// </summary>
public sealed record CredentialVerifyResponse(
    VerdictView Verdict,
    bool Verified,
    IReadOnlyList<string> Checks,
    IReadOnlyList<VcProblem> ProblemDetails,
    IReadOnlyList<VcProblem> Errors,
    IReadOnlyList<VcProblem> Warnings,
    IReadOnlyDictionary<string, CheckResult> Results,
    string Mechanism,
    string? Issuer,
    string? Signer,
    string? AnchorHash,
    long? StatusAsOfBlock,
    JsonElement? Credential);

/// <summary>The body of POST /presentations/verify: the presentation's own checks and one credential result per credential inside.</summary>
public sealed record PresentationVerifyResponse(
    VerdictView Verdict,
    bool Verified,
    IReadOnlyList<string> Checks,
    IReadOnlyList<VcProblem> ProblemDetails,
    IReadOnlyList<VcProblem> Errors,
    IReadOnlyList<VcProblem> Warnings,
    IReadOnlyDictionary<string, object> Results,
    string? Holder,
    string? Signer,
    IReadOnlyList<CredentialVerifyResponse> CredentialResults,
    JsonElement? VerifiablePresentation);

public static class VcApiResults
{
    private const string DataModel = "https://www.w3.org/TR/vc-data-model#";

    public static CredentialVerifyResponse Of(VerificationResult result, bool returnCredential) => new(
        View(result.Verdict),
        result.Verified,
        Passed(result.Checks),
        [.. result.Failures.Select(Problem)],
        [.. result.Failures.Select(Problem)],
        [.. result.Checks.Where(c => c.Outcome == CheckOutcome.Skipped).Select(Problem)],
        Results(result.Checks),
        result.Mechanism switch { SecuringMechanism.Eip712 => "eip712", SecuringMechanism.VcJwt => VcConstants.JwtType, _ => "none" },
        result.IssuerId,
        result.Signer?.ToString(),
        result.AnchorHash,
        result.StatusAsOfBlock,
        returnCredential ? result.Credential : null);

    public static PresentationVerifyResponse Of(PresentationVerificationResult result, JsonElement presentation, PresentationOptions options, bool returnPresentation)
    {
        var failures = result.Checks.Where(c => c.Outcome == CheckOutcome.Failed).Select(Problem)
            .Concat(result.Credentials.SelectMany((c, i) => c.Failures.Select(f => Problem(f) with { Title = $"verifiableCredential[{i}]: {Problem(f).Title}" })))
            .ToList();
        var results = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, check) in Results(result.Checks)) results[name] = check;
        var signature = result.Checks.FirstOrDefault(c => c.Check == VerificationCheck.Names.Signature);
        if (signature is not null && presentation.ValueKind == JsonValueKind.Object && presentation.TryGetProperty("proof", out var proof))
            results["proof"] = new[] { new { valid = signature.Outcome == CheckOutcome.Passed, input = proof } };
        // The holder proof carries challenge and domain: they are valid when that proof verified with them.
        if (options.Challenge is not null)
            results["challenge"] = new { valid = signature?.Outcome == CheckOutcome.Passed, input = options.Challenge };
        if (options.Domain is not null)
            results["domain"] = new { valid = signature?.Outcome == CheckOutcome.Passed, input = options.Domain };
        // The VC API's holder result {valid, input}, with our outcome and code beside them.
        if (result.HolderId is not null && result.Checks.FirstOrDefault(c => c.Check == VerificationCheck.Names.Holder) is { } holder)
            results["holder"] = new
            {
                valid = holder.Outcome != CheckOutcome.Failed, input = result.HolderId, outcome = Outcome(holder.Outcome), code = holder.Code, message = holder.Message,
            };
        return new(View(result.Verdict), result.Verified, Passed(result.Checks), failures, failures,
            [.. result.Checks.Where(c => c.Outcome == CheckOutcome.Skipped).Select(Problem)], results, result.HolderId, result.Signer?.ToString(),
            [.. result.Credentials.Select(c => Of(c, returnCredential: false))], returnPresentation ? presentation : null);
    }

    private static VerdictView View(Verdict verdict) => new(verdict.Trusted, verdict.Code, verdict.Reason);

    private static IReadOnlyList<string> Passed(IEnumerable<VerificationCheck> checks) =>
        [.. checks.Where(c => c.Outcome == CheckOutcome.Passed).Select(c => c.Check == VerificationCheck.Names.Signature ? "proof" : c.Check)];

    private static Dictionary<string, CheckResult> Results(IEnumerable<VerificationCheck> checks)
    {
        var results = new Dictionary<string, CheckResult>(StringComparer.Ordinal);
        foreach (var c in checks)
            results[c.Check] = new(c.Outcome == CheckOutcome.Skipped ? null : c.Outcome == CheckOutcome.Passed, Outcome(c.Outcome), c.Code, c.Message);
        return results;
    }

    private static string Outcome(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "passed",
        CheckOutcome.Failed => "failed",
        _ => "skipped",
    };

    /// <summary>
    /// A failed check with the VC Data Model 2.0 error type (section 7.1) it maps onto, else our own
    /// problem type; skipped checks (warnings) always carry our own type.
    /// </summary>
    private static VcProblem Problem(VerificationCheck check)
    {
        string? dataModel = check.Outcome != CheckOutcome.Failed ? null : check.Code switch
        {
            StructureCodes.Malformed => "PARSING_ERROR",
            _ when check.Check is VerificationCheck.Names.Structure or VerificationCheck.Names.Context or VerificationCheck.Names.Schema => "MALFORMED_VALUE_ERROR",
            _ when check.Check is VerificationCheck.Names.Signature or VerificationCheck.Names.Issuer or VerificationCheck.Names.Holder or VerificationCheck.Names.Binding => "CRYPTOGRAPHIC_SECURITY_ERROR",
            _ when check.Check is VerificationCheck.Names.Validity => "RANGE_ERROR",
            _ => null,
        };
        return new(dataModel is null ? ProblemResponses.Type(check.Code) : DataModel + dataModel, check.Code, check.Message, check.Code, check.Check);
    }
}

using System.Text.Json;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials;

public enum CheckOutcome { Passed, Failed, Skipped }

/// <summary>One check of a verification: its name (structure, context, signature, issuer, chain, validity, status, schema), outcome, stable code and a sentence.</summary>
public sealed record VerificationCheck(string Check, CheckOutcome Outcome, string Code, string Message)
{
    public static class Names
    {
        public const string Structure = "structure";
        public const string Context = "context";
        public const string Signature = "signature";
        public const string Issuer = "issuer";
        public const string Chain = "chain";
        public const string Validity = "validity";
        public const string Status = "status";
        public const string Schema = "schema";
        public const string Holder = "holder";
        /// <summary>Holder binding: the presentation's holder is a subject of each credential in it.</summary>
        public const string Binding = "binding";
    }
}

public enum SecuringMechanism { None, Eip712, VcJwt }

/// <summary>
/// Everything a verification found. <see cref="Verified"/> is true when no check failed. The
/// credential (payload of a JWS, or the document itself) is given back when it could be parsed.
/// </summary>
public sealed record VerificationResult(
    IReadOnlyList<VerificationCheck> Checks,
    SecuringMechanism Mechanism,
    JsonElement? Credential,
    string? IssuerId,
    EthAddress? Signer,
    string? AnchorHash,
    long? StatusAsOfBlock)
{
    public bool Verified => Checks.Count > 0 && Checks.All(c => c.Outcome != CheckOutcome.Failed);

    public IEnumerable<VerificationCheck> Failures => Checks.Where(c => c.Outcome == CheckOutcome.Failed);

    /// <summary>The one answer a buyer reads: trusted issuer, intact, valid now; or the first reason why not.</summary>
    public Verdict Verdict => Verdict.Of(Checks);

    /// <summary>The check with this name, if it ran.</summary>
    public VerificationCheck? this[string check] => Checks.FirstOrDefault(c => c.Check == check);
}

/// <summary>
/// Whether a credential can be relied on: issued by an issuer the verifier trusts, intact (its
/// proof verifies and it meets the data model), and currently valid (within its validity period and,
/// as far as its status can be read, neither revoked nor superseded). Stricter than
/// <see cref="VerificationResult.Verified"/>, which only says that no check failed: a skipped
/// issuer or status check (not checked, unreadable, unsupported) is no reason to trust it.
/// <see cref="Code"/> is <see cref="VerdictCodes.Trusted"/> or the stable code of the deciding check.
/// </summary>
public sealed record Verdict(bool Trusted, string Code, string Reason)
{
    public static Verdict Of(IReadOnlyList<VerificationCheck> checks)
    {
        if (checks.FirstOrDefault(c => c.Outcome == CheckOutcome.Failed) is { } failed) return new(false, failed.Code, $"{failed.Check}: {failed.Message}");
        foreach (var name in (string[])[VerificationCheck.Names.Signature, VerificationCheck.Names.Issuer, VerificationCheck.Names.Validity])
        {
            var check = checks.FirstOrDefault(c => c.Check == name);
            if (check is null) return new(false, $"{name}.unchecked", $"{name}: not checked");
            if (check.Outcome != CheckOutcome.Passed) return new(false, check.Code, $"{name}: not checked: {check.Message}");
        }
        // No credentialStatus at all means the issuer offers no revocation; one we cannot read might say "revoked".
        if (checks.FirstOrDefault(c => c.Check == VerificationCheck.Names.Status) is { Outcome: CheckOutcome.Skipped } status && status.Code != StatusCodes.None)
            return new(false, status.Code, $"status: {status.Message}");
        var statusText = checks.FirstOrDefault(c => c.Check == VerificationCheck.Names.Status) is { Outcome: CheckOutcome.Passed } active ? $" ({active.Message})" : "";
        return new(true, VerdictCodes.Trusted, "issued by a trusted issuer, intact, and valid now" + statusText);
    }
}

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

    /// <summary>The check with this name, if it ran.</summary>
    public VerificationCheck? this[string check] => Checks.FirstOrDefault(c => c.Check == check);
}

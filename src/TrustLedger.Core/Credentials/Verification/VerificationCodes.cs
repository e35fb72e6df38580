namespace TrustLedger.Core.Credentials;

// Stable codes of each verification check. Clients and the API's problem details switch on these
// strings: add codes, never rename one. Structure codes live in Validation/StructureCodes.

public static class ContextCodes
{
    public const string Ok = "context.ok";
    /// <summary>An @context URL that is not in the local cache (nothing is fetched).</summary>
    public const string Unknown = "context.unknown";
}

public static class SignatureCodes
{
    public const string Ok = "signature.ok";
    public const string Missing = "signature.missing";
    /// <summary>The signature does not verify, or the document has content its signature does not cover.</summary>
    public const string Invalid = "signature.invalid";
    public const string MalformedProof = "signature.malformed_proof";
    public const string UnsupportedProof = "signature.unsupported_proof";
    /// <summary>A presentation proof without the challenge (or domain) the verifier asked for: a replay.</summary>
    public const string ChallengeMismatch = "signature.challenge_mismatch";
    public const string DomainMismatch = "signature.domain_mismatch";
    /// <summary>A JWS whose header is not alg ES256K / typ vc+jwt / kid.</summary>
    public const string JwsHeader = "signature.jws_header";
}

public static class IssuerCodes
{
    public const string Ok = "issuer.ok";
    /// <summary>Issuer or verification method DID cannot be resolved (unsupported method, bad syntax, unknown fragment).</summary>
    public const string Unresolvable = "issuer.unresolvable";
    /// <summary>The proof's verification method does not belong to the credential's issuer.</summary>
    public const string Mismatch = "issuer.mismatch";
    /// <summary>Only when known issuers are required: neither our issuer nor on the trusted-issuer list (anyone can sign a credential about anything).</summary>
    public const string Untrusted = "issuer.untrusted";
    /// <summary>On the trusted-issuer list, but not for this credential's type.</summary>
    public const string NotTrustedForType = "issuer.not_trusted_for_type";
    /// <summary>The trusted-issuer list could not be read; the credential is not accepted meanwhile.</summary>
    public const string Unavailable = "issuer.unavailable";
}

public static class HolderCodes
{
    public const string Ok = "holder.ok";
    public const string None = "holder.none";
    public const string Unresolvable = "holder.unresolvable";
    /// <summary>The presentation is signed by someone other than its holder.</summary>
    public const string Mismatch = "holder.mismatch";
    /// <summary>Holder binding holds: the holder is a subject of every credential presented.</summary>
    public const string Bound = "holder.bound";
    /// <summary>A credential in a signed presentation is about someone else than its holder (a copy presented as one's own).</summary>
    public const string NotSubject = "holder.not_subject";
}

public static class ChainCodes
{
    public const string Ok = "chain.ok";
    /// <summary>EIP-712 domain chainId, issuer DID chain or status chain differ from each other or from the accepted chains.</summary>
    public const string Wrong = "chain.wrong";
}

public static class ValidityCodes
{
    public const string Ok = "validity.ok";
    public const string Expired = "validity.expired";
    public const string NotYetValid = "validity.not_yet_valid";
}

public static class StatusCodes
{
    public const string Active = "status.active";
    public const string Revoked = "status.revoked";
    /// <summary>The status names an anchor the chain does not (yet) hold.</summary>
    public const string NotAnchored = "status.not_anchored";
    /// <summary>The chain holds a different hash for this credential's anchor key: not the credential that was anchored.</summary>
    public const string HashMismatch = "status.hash_mismatch";
    /// <summary>No credentialStatus: nothing to check.</summary>
    public const string None = "status.none";
    /// <summary>A TrustLedger credential type without a TrustLedgerAnchorStatus: ours always carry one, so this one is not ours.</summary>
    public const string Required = "status.required";
    /// <summary>The credential was replaced by a newer one for the same fact (e.g. an event confirmed again); see the status detail.</summary>
    public const string Superseded = "status.superseded";
    /// <summary>A status type we cannot check (or a BitstringStatusListEntry with statusSize &gt; 1); skipped, not failed.</summary>
    public const string Unsupported = "status.unsupported";
    /// <summary>No status provider configured, or it could not answer; skipped (failed for TrustLedger types).</summary>
    public const string Unavailable = "status.unavailable";
    public const string Malformed = "status.malformed";
    /// <summary>A Bitstring Status List entry with its suspension bit set.</summary>
    public const string Suspended = "status.suspended";
    /// <summary>The status list credential does not verify: another issuer, a bad signature, expired, another purpose, a short or undecodable list.</summary>
    public const string ListInvalid = "status.list_invalid";
}

public static class SchemaCodes
{
    public const string None = "schema.none";
    /// <summary>credentialSchema present but no schema validator configured for it; skipped.</summary>
    public const string Unchecked = "schema.unchecked";
    public const string Ok = "schema.ok";
    public const string Invalid = "schema.invalid";
}

/// <summary>The code of a verdict that holds; otherwise the verdict carries the deciding check's code.</summary>
public static class VerdictCodes
{
    public const string Trusted = "trusted";
    /// <summary>A presentation that holds no credential: nothing in it can be trusted.</summary>
    public const string NoCredentials = "presentation.no_credentials";
}

using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials;

/// <summary>What the status provider is asked: the anchor a credential names and the hash of the credential as presented.</summary>
public sealed record StatusQuery(string CredentialId, string AnchorKey, string AnchorHash, long StatusChainId, string StatusRegistry);

/// <summary>
/// Where a credential stands. Revoked and Superseded may be known before the chain says so: the
/// fact the credential derives from was revoked, or the issuer recorded its revocation, and the
/// anchor's own revocation is still on its way (see <see cref="StatusAnswer.Anchor"/>).
/// </summary>
public enum AnchorState { Active, Revoked, NotAnchored, HashMismatch, Superseded }

/// <summary>
/// The answer as indexed, and the block it was read at. <paramref name="Anchor"/> is what the
/// anchor alone says on chain when it differs from <paramref name="State"/> (e.g. Active while its
/// revocation is being relayed); null when they agree.
/// </summary>
public sealed record StatusAnswer(AnchorState State, long AsOfBlock, string? Detail = null, AnchorState? Anchor = null);

/// <summary>
/// Status from the indexed chain state (the lead implements it over the indexer's tables). Return
/// null when the state cannot be read (the status check is then skipped as unavailable, not failed).
/// </summary>
public interface ICredentialStatusProvider
{
    ValueTask<StatusAnswer?> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// Issuer keys the key store knows (our own issuers). Used to verify JWS with the public key
/// directly, and, when <see cref="VerificationOptions.RequireKnownIssuer"/> is set, to accept only these issuers.
/// </summary>
public interface IKnownIssuerKeys
{
    /// <summary>The public key for an issuer DID (or null when the DID is not one we know).</summary>
    EthPublicKey? FindPublicKey(string issuerDid);
}

public enum IssuerStanding
{
    /// <summary>Our own issuer, or on the admin-managed list for every type the credential claims.</summary>
    Trusted,
    /// <summary>Neither ours nor on the list.</summary>
    Untrusted,
    /// <summary>On the list, but not for (all of) the credential's types.</summary>
    NotForType,
}

/// <summary>What the trusted-issuer list says about one issuer and the types its credential claims.</summary>
public sealed record IssuerTrust(IssuerStanding Standing, string Message);

/// <summary>
/// Which issuers a verifier accepts, and for which credential types (the host implements it over our
/// issuer keys and the governed list, see <see cref="TrustedIssuers"/>). Asked only when
/// <see cref="VerificationOptions.RequireKnownIssuer"/> is set, after the proof showed who signed.
/// </summary>
public interface ITrustedIssuers
{
    /// <param name="types">the credential's types other than VerifiableCredential</param>
    /// <param name="issuer">the issuer's DID as the credential names it (did:pkh, did:ethr, did:key, did:web)</param>
    ValueTask<IssuerTrust> CheckAsync(string issuer, IReadOnlyList<string> types, CancellationToken cancellationToken);
}

/// <summary>Validates a credential against a credentialSchema entry; null when this validator does not know the schema.</summary>
public interface ICredentialSchemaValidator
{
    ValueTask<(bool Valid, string Message)?> ValidateAsync(System.Text.Json.JsonElement credential, System.Text.Json.JsonElement schemaEntry, CancellationToken cancellationToken);
}

public sealed record VerificationOptions
{
    /// <summary>Chains whose credentials we accept; empty accepts any chain (but mismatches between the credential's own chain ids still fail).</summary>
    public IReadOnlySet<long> AcceptedChainIds { get; init; } = new HashSet<long>();

    /// <summary>Tolerance for validFrom/validUntil against the clock.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>"Now" for the validity check; null means the system clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>
    /// Accept only issuers the host trusts (<see cref="ITrustedIssuers"/>, else the known issuer keys):
    /// anyone can sign a well-formed credential about anything, so a verifier that answers for a
    /// service sets this. Off, the issuer check only proves who signed.
    /// </summary>
    public bool RequireKnownIssuer { get; init; }
}

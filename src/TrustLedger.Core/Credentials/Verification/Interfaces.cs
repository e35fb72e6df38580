using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials;

/// <summary>What the status provider is asked: the anchor a credential names and the hash of the credential as presented.</summary>
public sealed record StatusQuery(string CredentialId, string AnchorKey, string AnchorHash, long StatusChainId, string StatusRegistry);

public enum AnchorState { Active, Revoked, NotAnchored, HashMismatch }

/// <summary>The chain's answer as indexed, and the block it was read at.</summary>
public sealed record StatusAnswer(AnchorState State, long AsOfBlock, string? Detail = null);

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

    public bool RequireKnownIssuer { get; init; }
}

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// What every credential we build carries. <paramref name="Id"/> must be a URL (e.g. urn:uuid:…); it also fixes the anchor key.
/// <paramref name="Urls"/> names our context and schemas (null: the example base, as unit tests build).
/// </summary>
public sealed record CredentialHeader(string Id, string IssuerDid, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil = null, AnchorStatusInfo? Status = null,
    CredentialUrls? Urls = null)
{
    public static string NewId() => "urn:uuid:" + Guid.NewGuid().ToString("D");
}

/// <summary>Where the credential's anchor lives: the status URL the API serves for it, the chain and the registry contract address.</summary>
public sealed record AnchorStatusInfo(string StatusUrl, long ChainId, string RegistryAddress);

/// <summary>An endorsement recorded on chain: <paramref name="EndorserDid"/> vouches for <paramref name="SubjectDid"/>.</summary>
public sealed record EndorsementClaim(string SubjectDid, string EndorserDid, int Rating, string Category, string AttestationUid,
    DateTimeOffset EndorsedAt, string? Comment = null);

/// <summary>One side of a reciprocity event and the attestation in which it confirmed the event.</summary>
public sealed record ReciprocityParty(string Did, string Role, string AttestationUid);

/// <summary>A reciprocity event confirmed by both sides; both parties become subjects.</summary>
public sealed record ReciprocityClaim(string EventType, string EventUid, ReciprocityParty First, ReciprocityParty Second, DateTimeOffset ConfirmedAt);

/// <summary>
/// A party's reputation as of a block. <paramref name="Score"/> is written as a decimal string
/// (EIP-712 has no fractions). Snapshot root, Merkle proof and leaf index tie it to an anchored score snapshot.
/// </summary>
public sealed record ReputationClaim(string SubjectDid, decimal Score, int Rank, int EvidenceCount, long AsOfBlock, string Algorithm,
    string? SnapshotRoot = null, IReadOnlyList<string>? MerkleProof = null, long? LeafIndex = null);

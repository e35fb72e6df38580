using System.Numerics;
using System.Text;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Credentials.Anchoring;

/// <summary>
/// Puts credentials on chain through the attestation registry, gaslessly: the ISSUER key signs a
/// delegated CredentialAnchor attestation (data = (anchorHash, credentialId)) and the relayer
/// submits it in its batches, durably. Nonces come from the anchor key, so the anchor's uid
/// (issuer &lt;&lt; 96 | nonce) is known before anything is mined and a verifier can find the anchor
/// from the credential alone; revoking signs a Revoke of that uid with a second derived nonce.
/// </summary>
public sealed class CredentialAnchoring(RelayIntake intake, IssuerKeys issuers, ChainConnection chain, IOptions<CredentialOptions> options,
    CredentialUrls urls, TimeProvider time)
{
    public string Registry { get; } = chain.Deployment.AddressOf(ProductContracts.Registry).ToLowerInvariant();

    /// <summary>The anchor's registry nonce: the low 96 bits of the anchor key.</summary>
    public static BigInteger AnchorNonce(string anchorKey) => new(Hex.Decode(anchorKey).AsSpan(20, 12), isUnsigned: true, isBigEndian: true);

    /// <summary>The revocation's nonce: the low 96 bits of keccak256(anchorKey ‖ "revoke"), never the anchor's own.</summary>
    public static BigInteger RevokeNonce(string anchorKey) =>
        new(Keccak256.Hash([.. Hex.Decode(anchorKey), .. Encoding.ASCII.GetBytes("revoke")]).AsSpan(20, 12), isUnsigned: true, isBigEndian: true);

    /// <summary>Where the anchor of <paramref name="anchorKey"/> made by <paramref name="attester"/> lives.</summary>
    public static string AnchorUid(EthAddress attester, string anchorKey) => RegistryUids.UidOf(attester.ToLowerHex(), AnchorNonce(anchorKey));

    public string AnchorUid(string anchorKey) => AnchorUid(issuers.Address, anchorKey);

    /// <summary>
    /// Signs and submits the anchor of <paramref name="issued"/>. The registry refuses an
    /// attestation about its own attester, so the subject is the first credential subject whose
    /// DID is another Ethereum account, else the registry contract itself.
    /// </summary>
    public async Task<(RelaySubmission? Submission, RelayRejection? Rejection)> AnchorAsync(
        IssuedCredential issued, IReadOnlyList<EthAddress> subjects, CancellationToken ct)
    {
        var anchorKey = issued.AnchorKey ?? throw new ArgumentException("a credential without an id cannot be anchored", nameof(issued));
        var data = ProductSchemas.CredentialAnchor.Parsed.Encode(Hex.Decode(issued.AnchorHash), issued.CredentialId);
        var unsigned = new SignedAttestation(issuers.Address.ToLowerHex(), ProductSchemas.CredentialAnchor.Uid, SubjectOf(subjects),
            0, RegistryUids.ZeroBytes32, AnchorNonce(anchorKey), Hex.Encode(data), Deadline(), "0x");
        var signed = unsigned with { Signature = Sign(intake.Domain.AttestationDigest(unsigned)) };
        return await intake.SubmitAsync(signed, ct);
    }

    /// <summary>Signs and submits the revocation of the anchor of <paramref name="anchorKey"/>.</summary>
    public async Task<(RelaySubmission? Submission, RelayRejection? Rejection)> RevokeAsync(string anchorKey, CancellationToken ct)
    {
        var unsigned = new SignedRevocation(issuers.Address.ToLowerHex(), AnchorUid(anchorKey), RevokeNonce(anchorKey), Deadline(), "0x");
        var signed = unsigned with { Signature = Sign(intake.Domain.RevocationDigest(unsigned)) };
        return await intake.SubmitAsync(signed, ct);
    }

    public AnchorStatusInfo StatusInfo(string credentialId) =>
        new(urls.CredentialStatus(credentialId), chain.ChainId, Registry);

    private string SubjectOf(IReadOnlyList<EthAddress> subjects) =>
        subjects.Where(s => s != issuers.Address).Select(s => s.ToLowerHex()).FirstOrDefault() ?? Registry;

    private BigInteger Deadline() => time.GetUtcNow().Add(options.Value.AnchorDeadline).ToUnixTimeSeconds();

    private string Sign(byte[] digest) => Hex.Encode(EthSigner.Sign(digest, issuers.Identity.Key));
}

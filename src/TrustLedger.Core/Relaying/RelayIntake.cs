using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Relaying;

public enum SubmissionOutcome { Accepted, Duplicate }

/// <summary>A request the outbox now holds, and whether this call created it.</summary>
public sealed record RelaySubmission(SubmissionOutcome Outcome, RelayRequestRow Request);

/// <summary>
/// Where signed requests enter: each is validated off chain and stored durably before the caller
/// is told it was accepted. A request the outbox already holds fails validation once its nonce is
/// used (or passes it while still pending), and is then answered from the outbox either way.
/// </summary>
/// <param name="watch">when given, nothing is accepted once the chain is replaced (<see cref="ChainReplacedException"/>: 503)</param>
public sealed class RelayIntake(RelayValidator validator, Outbox outbox, ChainWatch? watch = null)
{
    public RegistryDomain Domain => validator.Domain;

    public async Task<(RelaySubmission? Submission, RelayRejection? Rejection)> SubmitAsync(SignedAttestation a, CancellationToken ct = default)
    {
        watch?.EnsureCurrent();
        a = a with { Signature = await validator.ForChainAsync(a.Attester, a.Signature) };
        var digest = Hex.Encode(validator.Domain.AttestationDigest(a));
        if (await validator.CheckAsync(a, ct) is { } rejection)
            return await KnownAsync(RelayKind.Attest, a.Attester, a.Nonce.ToString(), digest, ct) ?? (null, rejection);
        return Stored(await outbox.EnqueueAsync(RelayKind.Attest, a.Attester, a.Nonce.ToString(), a.Uid, digest, Payloads.Of(a), ct));
    }

    public async Task<(RelaySubmission? Submission, RelayRejection? Rejection)> SubmitAsync(SignedRevocation r, CancellationToken ct = default)
    {
        watch?.EnsureCurrent();
        r = r with { Signature = await validator.ForChainAsync(r.Revoker, r.Signature) };
        var digest = Hex.Encode(validator.Domain.RevocationDigest(r));
        if (await validator.CheckAsync(r, ct) is { } rejection)
            return await KnownAsync(RelayKind.Revoke, r.Revoker, r.Nonce.ToString(), digest, ct) ?? (null, rejection);
        return Stored(await outbox.EnqueueAsync(RelayKind.Revoke, r.Revoker, r.Nonce.ToString(), r.Uid, digest, Payloads.Of(r), ct));
    }

    /// <summary>
    /// The same signed request again is answered with what we stored; a different request
    /// reusing a stored (signer, nonce) can never be mined as well, so it is refused.
    /// </summary>
    private async Task<(RelaySubmission?, RelayRejection?)?> KnownAsync(RelayKind kind, string signer, string nonce, string digest, CancellationToken ct)
    {
        var existing = await outbox.FindBySignerNonceAsync(kind, signer, nonce, ct);
        if (existing is null) return null;
        return existing.Digest == digest
            ? (new RelaySubmission(SubmissionOutcome.Duplicate, existing), null)
            : (null, new RelayRejection("NonceAlreadyRequested",
                $"{signer} already submitted another request with nonce {nonce} (request {existing.Id})", "nonce"));
    }

    private static (RelaySubmission?, RelayRejection?) Stored((EnqueueOutcome Outcome, RelayRequestRow Row) stored) => stored.Outcome switch
    {
        EnqueueOutcome.Created => (new RelaySubmission(SubmissionOutcome.Accepted, stored.Row), null),
        EnqueueOutcome.Duplicate => (new RelaySubmission(SubmissionOutcome.Duplicate, stored.Row), null),
        // Lost a race with a different request for the same nonce.
        _ => (null, new RelayRejection("NonceAlreadyRequested",
            $"{stored.Row.Signer} already submitted another request with nonce {stored.Row.SignerNonce} (request {stored.Row.Id})", "nonce")),
    };
}

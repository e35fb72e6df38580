using TrustLedger.Core.Attestations;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Credentials.Anchoring;

/// <summary>
/// A credential's status from the INDEXED chain state: the CredentialAnchor attestation our issuer
/// made at uid = issuer &lt;&lt; 96 | nonce(anchorKey). Active when it is indexed, not revoked and holds
/// this credential's hash and id; Revoked once revoked; NotAnchored while the anchor is still on
/// its way (or never was). The block is the indexer's checkpoint, so a verifier learns as of when.
/// A credential follows its fact before its anchor does: while the anchor still reads active, the
/// answer is already Revoked when an attestation it derives from is revoked or expired, or when a
/// revocation is recorded, and Superseded when a newer credential replaced it
/// (<see cref="StatusAnswer.Anchor"/> then says Active: the anchor's revocation is on its way).
/// </summary>
public sealed class AnchorStatusProvider(Database db, Outbox outbox, IssuerKeys issuers, CredentialAnchoring anchoring, TimeProvider time)
    : ICredentialStatusProvider
{
    /// <summary>How a status detail starts when the credential's anchor is on a chain that is gone.</summary>
    public const string ChainGoneDetail = "anchor chain gone";

    public async ValueTask<StatusAnswer?> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        var answer = await AnchorAsync(query, cancellationToken);
        if (answer.State is not (AnchorState.Active or AnchorState.Revoked)) return answer;
        if (await CredentialStore.GetAsync(db, query.CredentialId, cancellationToken) is not { } row || row.AnchorHash != query.AnchorHash.ToLowerInvariant())
            return answer;
        if (row.SupersededBy is { } newer)
            return new(AnchorState.Superseded, answer.AsOfBlock, $"replaced by {newer}; {answer.Detail}", answer.State);
        if (answer.State == AnchorState.Revoked) return answer;
        if (row.RevokedAt is { } at)
            return new(AnchorState.Revoked, answer.AsOfBlock,
                $"revocation recorded at {at} ({row.RevokedReason ?? CredentialFacts.ByIssuer}), on its way to the chain; {answer.Detail}", AnchorState.Active);
        if (CredentialFacts.Broken(await CredentialFacts.OfAsync(db, row.Id, cancellationToken), time.GetUtcNow().ToUnixTimeSeconds()) is { } broken)
            return new(AnchorState.Revoked, answer.AsOfBlock, $"{broken}; {answer.Detail}", AnchorState.Active);
        return answer;
    }

    /// <summary>What the indexed anchor alone says.</summary>
    private async ValueTask<StatusAnswer> AnchorAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        long asOf;
        IndexedAttestation? anchor;
        string uid = CredentialAnchoring.AnchorUid(issuers.Address, query.AnchorKey);
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            asOf = (await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, cancellationToken))?.BlockNumber ?? 0;
            if (query.StatusChainId != issuers.ChainId || !string.Equals(query.StatusRegistry, anchoring.Registry, StringComparison.OrdinalIgnoreCase))
                return new(AnchorState.NotAnchored, asOf,
                    $"this service reads the registry {anchoring.Registry} on chain {issuers.ChainId}, not {query.StatusRegistry} on chain {query.StatusChainId}");
            // Anchored on a chain that is gone: say so, never "not yet indexed" (a uid may recur on the new chain).
            if (await CredentialStore.GoneChainAsync(connection, query.CredentialId, cancellationToken) is { } gone)
                return new(AnchorState.NotAnchored, asOf, $"{ChainGoneDetail}: anchor {uid} was made on a chain that is gone ({gone})");
            anchor = await AttestationStore.GetAsync(connection, uid, cancellationToken);
        }

        if (anchor is null || anchor.SchemaUid != ProductSchemas.CredentialAnchor.Uid)
        {
            var pending = (await outbox.FindByUidAsync(uid, cancellationToken)).Any(r => r.Kind == "attest" && r.Status is "pending" or "sent" or "mined" or "confirmed");
            return new(AnchorState.NotAnchored, asOf, pending ? $"anchor {uid} is submitted and not yet indexed" : $"no anchor {uid}");
        }
        if (!ProductSchemas.CredentialAnchor.Parsed.TryDecode(anchor.Data, out var fields)
            || fields["credentialHash"] is not byte[] hash || fields["credentialId"] is not string id)
            return new(AnchorState.HashMismatch, asOf, $"anchor {uid} does not decode as a credential anchor");
        if (id != query.CredentialId || !string.Equals(Hex.Encode(hash), query.AnchorHash, StringComparison.OrdinalIgnoreCase))
            return new(AnchorState.HashMismatch, asOf, $"anchor {uid} (block {anchor.BlockNumber}) holds another credential's hash");
        return anchor.Revoked
            ? new(AnchorState.Revoked, asOf, $"anchor {uid} revoked in block {anchor.RevokedBlock}")
            : new(AnchorState.Active, asOf, $"anchor {uid} in block {anchor.BlockNumber}");
    }
}

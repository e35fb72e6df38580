using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Reciprocity;

/// <summary>A two-sided event: the proposal, the counterparty's confirmation (if any), and where it stands.</summary>
public sealed record ReciprocityEventView(string Id, string Status, string Proposer, string Counterparty, AttestationView Proposal, AttestationView? Confirmation);

/// <summary>
/// Reciprocity events (a delivery both sides confirm, a referral, a collaboration): party A
/// proposes with an attestation under the reciprocity schema about B; B confirms by attesting
/// back about A with refUID = the proposal's uid.
/// </summary>
public static class ReciprocityEvents
{
    /// <summary>The proposal behind <paramref name="id"/>, or null when it is no reciprocity proposal.</summary>
    /// <param name="servedThroughBlock">the block this replica's reputation board is as of, for a read (see <see cref="AttestationStatus.AsServed"/>); null for intake, which needs the index's truth</param>
    public static async Task<AttestationView?> FindProposalAsync(string id, Database db, Outbox outbox, CancellationToken ct,
        long? servedThroughBlock = null)
    {
        var proposal = await AttestationStatus.FindAsync(id, db, outbox, ct, servedThroughBlock);
        return proposal is null || proposal.Schema != ProductSchemas.Reciprocity.Uid || proposal.RefUid is not null ? null : proposal;
    }

    /// <summary>
    /// An event, or null when <paramref name="id"/> is no proposal: confirmed when the proposal and the
    /// counterparty's confirmation are both on chain and not revoked. With <paramref name="servedThroughBlock"/> both
    /// sides read as served (read-your-confirmation): an event reads confirmed only once reputation counts the trade.
    /// </summary>
    public static async Task<ReciprocityEventView?> FindAsync(string id, Database db, Outbox outbox, CancellationToken ct,
        long? servedThroughBlock = null)
    {
        if (await FindProposalAsync(id, db, outbox, ct, servedThroughBlock) is not { } proposal) return null;
        var confirmation = proposal.ConfirmedBy is { } confirmedBy
            ? await AttestationStatus.FindAsync(confirmedBy, db, outbox, ct, servedThroughBlock) : null;
        var status = proposal.Status switch
        {
            "confirmed" when confirmation is { Status: "confirmed" } => "confirmed",
            "confirmed" => "proposed",
            var other => other, // pending, failed, revoked
        };
        return new ReciprocityEventView(id, status, proposal.Attester, proposal.Subject, proposal, confirmation);
    }
}

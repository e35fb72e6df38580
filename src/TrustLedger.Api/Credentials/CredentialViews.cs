using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using StatusCodes = TrustLedger.Core.Credentials.StatusCodes;

namespace TrustLedger.Api.Credentials;

/// <summary>A stored credential as the API shows it: the document, its anchor's relay request, and its status read exactly as a verifier reads it.</summary>
public sealed class CredentialViews(Database db, Outbox outbox, AnchorStatusProvider status, IssuerKeys issuers, CredentialAnchoring anchoring)
{
    public async Task<CredentialView> OfAsync(CredentialRow row, CancellationToken ct)
    {
        var anchorRequest = row.AnchorRequestId is { } a ? await outbox.FindAsync(a, ct) : null;
        var answer = await status.GetStatusAsync(new StatusQuery(row.Id, row.AnchorKey, row.AnchorHash, issuers.ChainId, anchoring.Registry), ct);
        // Revoked or superseded by its facts or by the issuer while the anchor still reads active: the
        // anchor's revocation is on its way ("revoking"), yet verification already says revoked.
        var (state, code) = answer!.State switch
        {
            AnchorState.Active => ("active", StatusCodes.Active),
            AnchorState.Superseded => ("superseded", StatusCodes.Superseded),
            AnchorState.Revoked when answer.Anchor == AnchorState.Active => ("revoking", StatusCodes.Revoked),
            AnchorState.Revoked => ("revoked", StatusCodes.Revoked),
            AnchorState.HashMismatch => ("hash_mismatch", StatusCodes.HashMismatch),
            _ when row.OldChain is not null => ("anchor_chain_gone", StatusCodes.NotAnchored),
            _ when anchorRequest is { Status: "failed" } => ("anchor_failed", StatusCodes.NotAnchored),
            _ => ("anchoring", StatusCodes.NotAnchored),
        };
        // Suspension is our list's bit, not the anchor's: an active anchor of a suspended credential reads suspended, as verification does.
        if (state == "active" && await TrustLedger.Core.Credentials.StatusLists.StatusListStore.IsSuspendedAsync(db, row.Id, ct)) (state, code) = ("suspended", StatusCodes.Suspended);
        var detail = anchorRequest is { Status: "failed" } failed ? $"{answer.Detail}; relaying failed: {failed.ErrorCode} {failed.ErrorDetail}" : answer.Detail;
        return new CredentialView(row.Id, row.Type, row.Issuer, row.Mechanism, await CredentialStore.HoldersAsync(db, row.Id, ct), row.IssuedAt, row.Source,
            JsonNode.Parse(row.Document), row.Jws,
            new AnchorView(row.AnchorKey, row.AnchorHash, row.AnchorUid, row.AnchorRequestId, anchorRequest?.Status, anchorRequest?.TxHash, anchorRequest?.BlockNumber),
            new CredentialStatusView(state, code, answer.AsOfBlock, detail, row.RevokeRequestId, row.RevokedAt, row.RevokedReason, row.SupersededBy));
    }
}

/// <summary>POST /v1/credentials/{id}/suspend or /reinstate: the credential's suspension bit now, and the list version that says so (anchored at anchorUid).</summary>
public sealed record SuspensionResponse(string Id, bool Suspended, string StatusListCredential, string StatusListIndex, long? ListVersion, string? AnchorUid);

using System.Numerics;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Relaying;

public sealed record RelayError(string Code, string? Detail);

public sealed record RevocationView(string Status, long? Block, string? TxHash, long? Time, long? RequestId, RelayError? Error);

/// <summary>An attestation as the API shows it: on chain, or still on its way there.</summary>
public sealed record AttestationView(
    string Uid,
    string Status,
    string Schema,
    string? SchemaName,
    string Attester,
    string Subject,
    string? RefUid,
    long Expiration,
    string? Data,
    IReadOnlyDictionary<string, object?>? Fields,
    long? Block,
    string? TxHash,
    long? Time,
    string? ConfirmedBy,
    long? RequestId,
    RelayError? Error,
    RevocationView? Revocation)
{
    public static AttestationView Of(IndexedAttestation a, RelayRequestRow? pendingRevocation) => new(
        a.Uid, a.Revoked ? "revoked" : "confirmed", a.SchemaUid, ProductSchemas.ByUid(a.SchemaUid)?.Name, a.Attester, a.Subject,
        a.RefUid is null || a.RefUid == RegistryUids.ZeroBytes32 ? null : a.RefUid, a.Expiration, Hex.Encode(a.Data),
        Decode(a.SchemaUid, a.Data), a.BlockNumber, a.TxHash, a.BlockTime, a.ConfirmedBy, null, null,
        a.Revoked
            ? new RevocationView("confirmed", a.RevokedBlock, a.RevokedTx, a.RevokedTime, pendingRevocation?.Id, null)
            : pendingRevocation is null ? null : new RevocationView(StatusOf(pendingRevocation), null, null, null, pendingRevocation.Id, ErrorOf(pendingRevocation)));

    public static AttestationView Of(RelayRequestRow request)
    {
        var a = Payloads.Attestation(request.Payload);
        return new(a.Uid, StatusOf(request), a.Schema, ProductSchemas.ByUid(a.Schema)?.Name, a.Attester, a.Subject,
            a.RefUid == RegistryUids.ZeroBytes32 ? null : a.RefUid, (long)a.Expiration, a.Data, Decode(a.Schema, Hex.Decode(a.Data)),
            request.BlockNumber, request.TxHash, null, null, request.Id, ErrorOf(request), null);
    }

    /// <summary>pending until mined; confirmed once the indexer has it; failed with the reason.</summary>
    public static string StatusOf(RelayRequestRow r) => r.Status switch
    {
        "failed" => "failed",
        _ => "pending",
    };

    private static RelayError? ErrorOf(RelayRequestRow r) => r.ErrorCode is null ? null : new(r.ErrorCode, r.ErrorDetail);

    /// <summary>The data's fields for our own schemas (text for bytes32 categories and kinds).</summary>
    private static IReadOnlyDictionary<string, object?>? Decode(string schemaUid, byte[] data)
    {
        var schema = ProductSchemas.ByUid(schemaUid);
        if (schema is null || !schema.Parsed.TryDecode(data, out var values)) return null;
        return values.ToDictionary(v => v.Key, v => v.Value switch
        {
            byte[] bytes when bytes.Length == 32 => ProductSchemas.FromBytes32(bytes),
            byte[] bytes => Hex.Encode(bytes),
            BigInteger n => (object?)(long)n,
            var other => other,
        });
    }
}

/// <summary>Where a relayed attestation stands: the status merge of the relayer's outbox and the chain's index.</summary>
public static class AttestationStatus
{
    /// <summary>
    /// The chain's copy if indexed, else the relayer's request; a pending revocation rides along. With
    /// <paramref name="servedThroughBlock"/> (the block the reputation board this replica serves is as of), see
    /// <see cref="AsServed"/>: a tie reads confirmed (or revoked) only once reputation reflects it.
    /// </summary>
    public static async Task<AttestationView?> FindAsync(string uid, Database db, Outbox outbox, CancellationToken ct,
        long? servedThroughBlock = null)
    {
        IndexedAttestation? indexed;
        await using (var connection = await db.OpenConnectionAsync(ct))
            indexed = await AttestationStore.GetAsync(connection, uid, ct);
        var requests = await outbox.FindByUidAsync(uid, ct);
        var revocation = requests.LastOrDefault(r => r.Kind == "revoke" && r.Status != "confirmed");
        if (indexed is not null)
        {
            var view = AttestationView.Of(indexed, revocation);
            return servedThroughBlock is { } served ? AsServed(view, served) : view;
        }
        var attestation = requests.LastOrDefault(r => r.Kind == "attest");
        return attestation is null ? null : AttestationView.Of(attestation);
    }

    /// <summary>
    /// Read-your-confirmation: an attestation that is a reputation tie (endorsement, reciprocity, negative report) and
    /// was indexed in a block after <paramref name="servedThroughBlock"/> still reads pending, and a revocation indexed
    /// after it still reads pending, so a client that sees confirmed or revoked finds reputation, the network graph and
    /// the lists already reflecting it. Anything else (credential anchors, foreign schemas) is no tie: no board ever
    /// reflects it, so its status is the index's at once.
    /// </summary>
    public static AttestationView AsServed(AttestationView view, long servedThroughBlock)
    {
        if (!IsTie(view.Schema)) return view;
        if (view.Status is "confirmed" or "revoked" && view.Block > servedThroughBlock)
            return view with { Status = "pending", Revocation = null };
        if (view.Revocation is { Status: "confirmed", Block: { } revokedAt } && revokedAt > servedThroughBlock)
            return view with { Status = "confirmed", Revocation = view.Revocation with { Status = "pending" } };
        return view;
    }

    /// <summary>Schemas whose attestations become reputation edges (<see cref="Reputation.ChainEdges"/>).</summary>
    public static bool IsTie(string schemaUid) =>
        ProductSchemas.ByUid(schemaUid) is { } schema && schema != ProductSchemas.CredentialAnchor;
}

using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>The credential id is taken (by another credential, or by an anchor already on chain).</summary>
public sealed class CredentialConflictException(string id, string detail) : Exception(detail)
{
    public string CredentialId { get; } = id;
}

/// <summary>The relayer refused the anchor, so nothing was issued (e.g. the anchor schema is not registered yet).</summary>
public sealed class AnchorRejectedException(RelayRejection rejection) : Exception($"{rejection.Code}: {rejection.Detail}")
{
    public RelayRejection Rejection { get; } = rejection;
}

/// <summary>A stored credential and whether this call created it (false: an idempotent repeat).</summary>
public sealed record IssueOutcome(CredentialRow Credential, IReadOnlyList<string> Holders, bool Created);

/// <summary>
/// The one issuing path the VC API and the product credentials share: give the credential an id
/// and a credentialStatus (a Bitstring Status List entry that also points at its anchor), secure it (EIP-712 or vc+jwt) with the issuer
/// key, store it, then submit its anchor through the relayer. The row is written first and its
/// unique id and source make a concurrent repeat lose cleanly; if the anchor is refused the row
/// is removed again, so no credential is handed out without its anchor on the way.
/// </summary>
public sealed class CredentialIssuance(
    Database db, CredentialAnchoring anchoring, AnchorStatusProvider status, StatusListPublisher statusLists, IssuerKeys issuers, CredentialUrls urls, TimeProvider time,
    ILogger<CredentialIssuance> logger)
{
    /// <exception cref="CredentialIssueException">The credential breaks the data model or our issuing rules.</exception>
    /// <exception cref="CredentialConflictException">Its id is taken.</exception>
    /// <exception cref="AnchorRejectedException">The anchor was refused before relaying.</exception>
    /// <param name="facts">the attestations the credential derives from (product credentials); it is revoked when one is</param>
    public async Task<IssueOutcome> IssueAsync(JsonObject credential, IssuerKey issuer, SecuringMechanism mechanism, string? source, CancellationToken ct,
        IReadOnlyList<string>? facts = null)
    {
        if (source is not null && await CredentialStore.FindBySourceAsync(db, source, ct) is { } done)
            return new(done, await CredentialStore.HoldersAsync(db, done.Id, ct), false);

        credential = WithIdAndStatus(credential);
        string? id = credential["id"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (id is not null && await CredentialStore.GetAsync(db, id, ct) is not null)
            throw new CredentialConflictException(id, $"a credential with id {id} was issued already");
        // Our anchor status becomes a Bitstring Status List entry naming the anchor too (its slot is signed with it).
        static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (id is not null && credential["credentialStatus"] is JsonObject ours && Text(ours["type"]) == VcConstants.AnchorStatusType
            && Text(ours["anchorKey"]) == CredentialAnchor.KeyHex(id))
            credential["credentialStatus"] = StatusListPublisher.Entries(await statusLists.ReserveAsync(id, ct), ours,
                StatusListPublisher.Suspendable((credential["type"] as JsonArray ?? []).Select(t => Text(t) ?? "")));

        var issued = mechanism == SecuringMechanism.VcJwt
            ? CredentialIssuer.IssueJwt(credential, issuer, urls)
            : CredentialIssuer.IssueEip712(credential, issuer, time.GetUtcNow(), urls);
        var subjects = SubjectAddresses(credential);
        var row = new CredentialRow
        {
            Id = issued.CredentialId,
            Type = MostSpecificType(credential),
            Issuer = issuer.Did.Did,
            Mechanism = mechanism == SecuringMechanism.VcJwt ? VcConstants.JwtType : "eip712",
            Document = issued.VerifiableCredential.ToJsonString(),
            Jws = issued.Jws,
            AnchorKey = issued.AnchorKey!,
            AnchorHash = issued.AnchorHash,
            AnchorUid = anchoring.AnchorUid(issued.AnchorKey!),
            Source = source,
            IssuedAt = time.GetUtcNow().ToString("O"),
        };
        var holders = subjects.Select(s => s.ToLowerHex()).ToList();
        if (!await CredentialStore.TryInsertAsync(db, row, holders, ct, facts))
        {
            if (source is not null && await CredentialStore.FindBySourceAsync(db, source, ct) is { } raced)
                return new(raced, await CredentialStore.HoldersAsync(db, raced.Id, ct), false);
            throw new CredentialConflictException(row.Id, $"a credential with id {row.Id} was issued already");
        }

        (RelaySubmission? Submission, RelayRejection? Rejection) anchored;
        try { anchored = await anchoring.AnchorAsync(issued, subjects, ct); }
        catch
        {
            await CredentialStore.DeleteAsync(db, row.Id, CancellationToken.None);
            throw;
        }
        if (anchored.Rejection is { } rejection)
        {
            await CredentialStore.DeleteAsync(db, row.Id, CancellationToken.None);
            if (rejection.Code is "NonceUsed" or "NonceAlreadyRequested")
                throw new CredentialConflictException(row.Id, $"the id {row.Id} was anchored before: credential ids are single use");
            throw new AnchorRejectedException(rejection);
        }
        await CredentialStore.SetAnchorRequestAsync(db, row.Id, anchored.Submission!.Request.Id, ct);
        logger.LogInformation("Issued {Type} {Id} ({Mechanism}); anchor {Uid} is relay request {Request}",
            row.Type, row.Id, row.Mechanism, row.AnchorUid, anchored.Submission.Request.Id);
        var stored = await CredentialStore.GetAsync(db, row.Id, ct) ?? row;
        return new(stored, holders, true);
    }

    /// <summary>
    /// Waits until the credential's anchor is indexed (at most <paramref name="wait"/>), polling the
    /// same status read verification uses; true when it is active.
    /// </summary>
    public async Task<bool> WaitForAnchorAsync(CredentialRow row, TimeSpan wait, CancellationToken ct)
    {
        var query = new StatusQuery(row.Id, row.AnchorKey, row.AnchorHash, issuers.ChainId, anchoring.Registry);
        var until = time.GetUtcNow() + wait;
        while (true)
        {
            if ((await status.GetStatusAsync(query, ct))?.State == AnchorState.Active) return true;
            if (time.GetUtcNow() >= until) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>
    /// A copy with an id (urn:uuid) when it has none, and our anchor status when it names no
    /// credentialStatus of its own (a status the caller brought is kept, not replaced).
    /// </summary>
    private JsonObject WithIdAndStatus(JsonObject credential)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in credential)
        {
            copy[name] = value?.DeepClone();
            if (name == "@context" && !credential.ContainsKey("id")) copy["id"] = CredentialHeader.NewId();
        }
        if (!copy.ContainsKey("id")) copy["id"] = CredentialHeader.NewId();
        if (copy["id"] is JsonValue id && id.TryGetValue<string>(out var text) && !copy.ContainsKey("credentialStatus"))
            copy["credentialStatus"] = CredentialBuilder.AnchorStatus(text, anchoring.StatusInfo(text));
        return copy;
    }

    /// <summary>The accounts of the credential's Ethereum-DID subjects, in order, without repeats: its holders.</summary>
    public static IReadOnlyList<EthAddress> SubjectAddresses(JsonObject credential)
    {
        var subjects = credential["credentialSubject"] switch
        {
            JsonArray array => array.ToList(),
            JsonObject one => [one],
            _ => [],
        };
        var addresses = new List<EthAddress>();
        foreach (var subject in subjects.OfType<JsonObject>())
            if (subject["id"] is JsonValue value && value.TryGetValue<string>(out var did) && EthDid.TryParse(did, out var parsed, out _)
                && !addresses.Contains(parsed!.Address))
                addresses.Add(parsed.Address);
        return addresses;
    }

    private static string MostSpecificType(JsonObject credential) => credential["type"] switch
    {
        JsonArray types => types.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
            .LastOrDefault(t => t is not null && t != VcConstants.VerifiableCredentialType) ?? VcConstants.VerifiableCredentialType,
        JsonValue single when single.TryGetValue<string>(out var s) => s,
        _ => VcConstants.VerifiableCredentialType,
    };
}

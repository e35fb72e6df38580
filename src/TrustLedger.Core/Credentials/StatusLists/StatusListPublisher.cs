using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Core.Credentials.StatusLists;

/// <summary>A credential's place in one of our lists.</summary>
public sealed record StatusListSlot(long List, long Index, string ListUrl);

/// <summary>
/// Our Bitstring Status Lists (W3C Bitstring Status List v1.0): every credential we issue reserves a
/// random slot before it is signed; a revocation list's bits are the credentials with a recorded
/// revocation (see <see cref="StatusListStore.RevokedIndicesAsync"/>). Endorsements and reciprocity
/// credentials, which can be reinstated, also have the same slot in the suspension list of the same
/// number ({list URL}/suspension), whose bits are the credentials suspended now. Whenever the bits
/// change, a new version of the BitstringStatusListCredential is signed by our issuer key (vc+jwt) and
/// keccak256 of its bitstring is anchored through the same CredentialAnchoring every credential uses
/// (credentialId = {list URL}#v{version}), so the chain says which list was current when.
/// Versions are computed on read and by the credentials worker each pass; replicas racing for one
/// version number lose cleanly to the primary key.
/// </summary>
public sealed class StatusListPublisher(Database db, IssuerKeys issuers, CredentialAnchoring anchoring, Outbox outbox,
    CredentialUrls urls, TimeProvider time, ILogger<StatusListPublisher> logger)
{
    public const string RevocationPurpose = "revocation";
    public const string SuspensionPurpose = "suspension";
    public const string SuspensionPathSuffix = "/suspension";
    public const string ListCredentialType = "BitstringStatusListCredential";
    public const string EntryType = "BitstringStatusListEntry";
    public const int Bits = Bitstring.MinimumBits;

    /// <summary>A list takes new credentials until half its slots are reserved: random draws stay cheap.</summary>
    private const int FillBeforeNextList = Bits / 2;

    public const string PathPrefix = CredentialUrls.StatusListPathPrefix;

    public string ListUrl(long list, string purpose = RevocationPurpose) =>
        urls.StatusList(list) + (purpose == SuspensionPurpose ? SuspensionPathSuffix : "");

    /// <summary>Whether <paramref name="url"/> names one of our revocation lists (then it is read here, never fetched).</summary>
    public bool TryParseOwnUrl(string url, out long list) => TryParseOwnUrl(url, out list, out var purpose) && purpose == RevocationPurpose;

    /// <summary>Whether <paramref name="url"/> names one of our lists, revocation or suspension.</summary>
    public bool TryParseOwnUrl(string url, out long list, out string purpose)
    {
        list = 0;
        purpose = RevocationPurpose;
        // Under a former base too: credentials issued before the base moved name our lists there.
        if (urls.OurPath(url) is not { } path || !path.StartsWith(PathPrefix, StringComparison.Ordinal)) return false;
        var number = path.AsSpan(PathPrefix.Length);
        if (number.EndsWith(SuspensionPathSuffix, StringComparison.Ordinal))
        {
            number = number[..^SuspensionPathSuffix.Length];
            purpose = SuspensionPurpose;
        }
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out list) && list > 0;
    }

    /// <summary>Credentials that can be reinstated (a fact paused, not undone) carry a suspension entry too.</summary>
    public static bool Suspendable(IEnumerable<string> types) =>
        types.Any(t => t is VcConstants.EndorsementCredentialType or VcConstants.ReciprocityCredentialType);

    // Suspension lists share their revocation list's number; their versions are kept under its negation (migration 018).
    private static long StoreKey(long list, string purpose) => purpose == SuspensionPurpose ? -list : list;

    public async Task<StatusListSlot> ReserveAsync(string credentialId, CancellationToken ct)
    {
        var (list, used) = await StatusListStore.NewestListAsync(db, ct);
        if (used >= FillBeforeNextList) list++;
        // At most half full, 64 taken draws in a row happen with probability 2^-64.
        for (int attempt = 0; attempt < 64; attempt++)
        {
            long index = RandomNumberGenerator.GetInt32(Bits);
            if (await StatusListStore.TryReserveAsync(db, list, index, credentialId, time.GetUtcNow(), ct)) return new(list, index, ListUrl(list));
        }
        throw new InvalidOperationException($"no free slot found in status list {list}");
    }

    /// <summary>
    /// The credentialStatus entry: a BitstringStatusListEntry that also names the credential's
    /// anchor (anchorKey, statusChainId, statusRegistry, terms of our context). One entry rather than
    /// two, because EIP-712 can type an array only when all its elements have one shape.
    /// </summary>
    public static JsonObject Entry(StatusListSlot slot, JsonObject anchorStatus, string purpose = RevocationPurpose)
    {
        string url = purpose == SuspensionPurpose ? slot.ListUrl + SuspensionPathSuffix : slot.ListUrl;
        var entry = new JsonObject
        {
            ["id"] = $"{url}#{slot.Index.ToString(CultureInfo.InvariantCulture)}",
            ["type"] = EntryType,
            ["statusPurpose"] = purpose,
            ["statusListIndex"] = slot.Index.ToString(CultureInfo.InvariantCulture),
            ["statusListCredential"] = url,
        };
        foreach (var name in (string[])["anchorKey", "statusChainId", "statusRegistry"])
            if (anchorStatus[name] is { } value) entry[name] = value.DeepClone();
        return entry;
    }

    /// <summary>
    /// The credentialStatus of a credential we issue: the revocation entry, and for a suspendable one
    /// an array of it and the suspension entry (both name the anchor: one shape, so EIP-712 types the array).
    /// </summary>
    public static JsonNode Entries(StatusListSlot slot, JsonObject anchorStatus, bool suspendable) =>
        suspendable ? new JsonArray(Entry(slot, anchorStatus), Entry(slot, anchorStatus, SuspensionPurpose)) : Entry(slot, anchorStatus);

    /// <summary>The current version of list <paramref name="list"/>, publishing (and anchoring) a new one first when its bits changed; null: no such list.</summary>
    public async Task<StatusListVersion?> CurrentAsync(long list, CancellationToken ct, string purpose = RevocationPurpose)
    {
        if (!(await StatusListStore.ListNumbersAsync(db, ct)).Contains(list)) return null;
        var revoked = purpose == SuspensionPurpose ? await StatusListStore.SuspendedIndicesAsync(db, list, ct) : await StatusListStore.RevokedIndicesAsync(db, list, ct);
        var bits = Bitstring.WithBits(Bits, revoked);
        string hash = Hex.Encode(Keccak256.Hash(bits));
        long key = StoreKey(list, purpose);
        var latest = await StatusListStore.LatestAsync(db, key, ct);
        if (latest is not null && latest.BitstringHash == hash)
        {
            if (latest.AnchorRequestId is null) await AnchorAsync(latest, ct);
            return latest;
        }

        long number = (latest?.Version ?? 0) + 1;
        string url = ListUrl(list, purpose), anchoredId = $"{url}#v{number.ToString(CultureInfo.InvariantCulture)}";
        var credential = ListCredential(url, Bitstring.Encode(bits), time.GetUtcNow(), purpose);
        var version = new StatusListVersion
        {
            ListNumber = key, Version = number, BitstringHash = hash, RevokedCount = revoked.Count,
            Jws = VcJwt.Sign(credential, issuers.Default.Key, issuers.Default.VerificationMethod),
            PublishedAt = time.GetUtcNow().ToString("O"), AnchoredId = anchoredId,
            AnchorUid = anchoring.AnchorUid(CredentialAnchor.KeyHex(anchoredId)),
        };
        if (!await StatusListStore.TryInsertAsync(db, version, ct)) return await StatusListStore.LatestAsync(db, key, ct);
        logger.LogInformation("Status list {List} ({Purpose}) version {Version}: {Revoked} bits set, bitstring {Hash}", list, purpose, number, revoked.Count, hash);
        await AnchorAsync(version, ct);
        return await StatusListStore.LatestAsync(db, key, ct);
    }

    /// <summary>One pass of the credentials worker: every list brought up to date (so its anchor follows revocations unasked).</summary>
    public async Task PublishAllAsync(CancellationToken ct)
    {
        foreach (var list in await StatusListStore.ListNumbersAsync(db, ct))
        {
            await CurrentAsync(list, ct);
            if (await StatusListStore.HasSuspendableAsync(db, list, ct)) await CurrentAsync(list, ct, SuspensionPurpose);
        }
    }

    public JsonObject ListCredential(string url, string encodedList, DateTimeOffset validFrom, string purpose = RevocationPurpose) => new()
    {
        ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
        ["id"] = url,
        ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, ListCredentialType),
        ["issuer"] = issuers.Default.Did.Did,
        ["validFrom"] = XmlDateTime.Format(validFrom),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = url + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = purpose,
            ["encodedList"] = encodedList,
        },
    };

    private async Task AnchorAsync(StatusListVersion version, CancellationToken ct)
    {
        string key = CredentialAnchor.KeyHex(version.AnchoredId);
        var issued = new IssuedCredential(new JsonObject(), version.Jws, SecuringMechanism.VcJwt, version.AnchoredId, key, version.BitstringHash);
        var (submission, rejection) = await anchoring.AnchorAsync(issued, [], ct);
        long? request = submission?.Request.Id;
        if (rejection is { Code: "NonceUsed" or "NonceAlreadyRequested" })
            request = (await outbox.FindByUidAsync(version.AnchorUid, ct)).Where(r => r.Kind == "attest").Select(r => (long?)r.Id).FirstOrDefault();
        if (request is { } id) await StatusListStore.SetAnchorRequestAsync(db, version.ListNumber, version.Version, id, ct);
        else logger.LogWarning("Status list {List} version {Version}: anchor refused ({Code}: {Detail}); retried on the next pass",
            version.ListNumber, version.Version, rejection?.Code, rejection?.Detail);
    }
}

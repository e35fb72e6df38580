using System.Globalization;
using System.Text.Json;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Credentials.Validation;

namespace TrustLedger.Core.Credentials;

/// <summary>
/// The Bitstring Status List v1.0 validation algorithm (section 3.2) for the BitstringStatusListEntry
/// items of a credential: fetch the status list credential (only for an issuer the verifier trusts,
/// and only through <see cref="IStatusListSource"/>, which enforces the allow-list, size limit,
/// timeout and cache), verify it (vc+jwt, signed by the credential's own issuer, within its validity
/// period, same statusPurpose), decode its list (at least 131072 entries) and read the bit.
/// </summary>
internal static class BitstringStatusCheck
{
    private const string Name = VerificationCheck.Names.Status;

    public static async ValueTask<VerificationCheck?> RunAsync(IReadOnlyList<JsonElement> entries, string? issuerId, bool issuerTrusted,
        IStatusListSource? source, IKnownIssuerKeys? knownIssuers, DateTimeOffset now, CancellationToken ct, DidResolver? dids = null)
    {
        var lists = entries.Where(e => Text(e, "type") == StatusListPublisher.EntryType).ToList();
        if (lists.Count == 0) return null;
        var passed = new List<string>();
        foreach (var entry in lists)
        {
            var check = await OneAsync(entry, issuerId, issuerTrusted, source, knownIssuers, now, ct, dids);
            if (check.Outcome != CheckOutcome.Passed) return check;
            passed.Add(check.Message);
        }
        return new(Name, CheckOutcome.Passed, StatusCodes.Active, string.Join("; ", passed));
    }

    private static async ValueTask<VerificationCheck> OneAsync(JsonElement entry, string? issuerId, bool issuerTrusted,
        IStatusListSource? source, IKnownIssuerKeys? knownIssuers, DateTimeOffset now, CancellationToken ct, DidResolver? dids = null)
    {
        string? purpose = Text(entry, "statusPurpose"), url = Text(entry, "statusListCredential"), indexText = Text(entry, "statusListIndex");
        if (purpose is null || url is null || !CredentialValidator.IsUrl(url) || indexText is null
            || !long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out long index))
            return Fail(StatusCodes.Malformed, "a BitstringStatusListEntry needs statusPurpose, statusListCredential (a URL) and statusListIndex (a decimal string)");
        if (entry.TryGetProperty("statusSize", out var size) && !(size.TryGetInt32(out int bits) && bits == 1))
            return Skip(StatusCodes.Unsupported, "statusSize other than 1 (status messages) is not supported");
        if (!issuerTrusted) return Skip(StatusCodes.Unavailable, $"{url} not fetched: the issuer is not one this verifier trusts");
        if (source is null) return Skip(StatusCodes.Unavailable, "no status list source configured");

        StatusListDocument fetched;
        try { fetched = await source.GetAsync(url, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { fetched = StatusListDocument.Failed(e.GetType().Name); }
        if (fetched.Jws is not { } compact) return Skip(StatusCodes.Unavailable, $"status list {url}: {fetched.Error}");

        if (!VcJwt.TryParse(compact, out var jws, out string error) || !VcJwt.TryCheckHeader(jws!, out error))
            return Fail(StatusCodes.ListInvalid, $"status list {url}: {error}");
        var list = jws!.Payload;
        string? listIssuer = list.ValueKind == JsonValueKind.Object && list.TryGetProperty("issuer", out var i) ? CredentialValidator.IssuerId(i) : null;
        // The same account named as did:pkh or did:ethr is one issuer (ours signs its lists with its default DID, which rotation moves to did:ethr).
        if (listIssuer is null || (listIssuer != issuerId && !SameAccount(listIssuer, issuerId)))
            return Fail(StatusCodes.ListInvalid, $"status list {url} is issued by {listIssuer ?? "nobody"}, not by the credential's issuer {issuerId}");
        // The list's key as the issuer's DID stood when the list was signed (a rotated issuer signs later lists with a later key).
        var (method, _) = await VerificationMethodResolver.ResolveAsync(dids, jws.Kid, VcConstants.AssertionMethod, Time(list, "validFrom"), ct, TimeSpan.FromMinutes(5));
        if (method is null || !DidIdentity.Same(method.Controller, listIssuer) || !method.VerifiesJws(jws, knownIssuers?.FindPublicKey(listIssuer)))
            return Fail(StatusCodes.ListInvalid, $"status list {url}: its signature does not verify for its issuer {listIssuer}");
        if (Text(list, "id") != url || !CredentialVerifier.TypesOf(list).Contains(StatusListPublisher.ListCredentialType))
            return Fail(StatusCodes.ListInvalid, $"{url} is not a {StatusListPublisher.ListCredentialType} with that id");
        if (Time(list, "validFrom") is { } from && from > now + TimeSpan.FromMinutes(5))
            return Fail(StatusCodes.ListInvalid, $"status list {url} is valid only from {XmlDateTime.Format(from)}");
        if (Time(list, "validUntil") is { } until && until < now)
            return Fail(StatusCodes.ListInvalid, $"status list {url} expired at {XmlDateTime.Format(until)}");
        if (!list.TryGetProperty("credentialSubject", out var subject) || subject.ValueKind != JsonValueKind.Object)
            return Fail(StatusCodes.ListInvalid, $"status list {url} has no credentialSubject");
        if (Text(subject, "statusPurpose") != purpose)
            return Fail(StatusCodes.ListInvalid, $"status list {url} is for {Text(subject, "statusPurpose") ?? "no purpose"}, the entry for {purpose}");
        if (Text(subject, "encodedList") is not { } encoded || !Bitstring.TryDecode(encoded, out var bitstring, out error))
            return Fail(StatusCodes.ListInvalid, $"status list {url}: {(error.Length > 0 ? error : "no encodedList")}");
        if (bitstring.LongLength * 8 < Bitstring.MinimumBits)
            return Fail(StatusCodes.ListInvalid, $"status list {url} has {bitstring.LongLength * 8} entries, fewer than the {Bitstring.MinimumBits} the spec requires");
        if (index >= bitstring.LongLength * 8)
            return Fail(StatusCodes.Malformed, $"statusListIndex {index} is outside the list of {bitstring.LongLength * 8} entries");

        if (!Bitstring.IsSet(bitstring, index)) return new(Name, CheckOutcome.Passed, StatusCodes.Active, $"{purpose} bit {index} of {url} is 0");
        return purpose == "suspension"
            ? Fail(StatusCodes.Suspended, $"suspended: bit {index} of {url} is set")
            : Fail(StatusCodes.Revoked, $"{purpose}: bit {index} of {url} is set");
    }

    private static VerificationCheck Fail(string code, string message) => new(Name, CheckOutcome.Failed, code, message);

    private static VerificationCheck Skip(string code, string message) => new(Name, CheckOutcome.Skipped, code, message);

    private static DateTimeOffset? Time(JsonElement owner, string name) =>
        Text(owner, name) is { } text && XmlDateTime.TryParse(text, requireTimezone: false, out var t) ? t : null;

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool SameAccount(string a, string? b) => EthDid.TryParse(a, out _, out _) && DidIdentity.Same(a, b);
}

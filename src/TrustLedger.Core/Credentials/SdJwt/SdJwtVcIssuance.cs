using System.Globalization;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials.SdJwt;

/// <summary>Why a stored credential cannot be delivered as an SD-JWT VC; <see cref="Code"/> is stable.</summary>
public sealed class SdJwtIssueException(string code, string message) : Exception(message)
{
    public const string NotProductType = "sd_jwt.not_product_type";
    public const string NotCurrent = "sd_jwt.not_current";
    public const string NoStatus = "sd_jwt.no_status_slot";
    public const string NotHolder = "sd_jwt.not_holder";

    public string Code { get; } = code;
}

/// <summary>
/// SD-JWT VCs of our stored credentials, and the Token Status List form of our revocation lists they
/// name. Issuing one costs no gas: the W3C credential it is made from is anchored already, and its
/// status slot is shared, so nothing new is stored.
/// </summary>
public sealed class SdJwtVcIssuance(Database db, IssuerKeys issuers, StatusListPublisher lists, CredentialUrls urls, TimeProvider time)
    : ITokenStatusSource
{
    /// <exception cref="SdJwtIssueException">The credential is not one of our types, not current, has no status slot, or <paramref name="holder"/> is not its subject.</exception>
    public IssuedSdJwtVc Issue(CredentialRow row, EthAddress holder, HolderKey key)
    {
        var credential = Unsigned(row);
        if (SdJwtVc.ProductType(credential) is null)
            throw new SdJwtIssueException(SdJwtIssueException.NotProductType, $"a {row.Type} is not issued as an SD-JWT VC (only endorsement, reciprocity and reputation credentials are)");
        if (row.RevokedAt is not null || row.SupersededBy is not null)
            throw new SdJwtIssueException(SdJwtIssueException.NotCurrent, $"credential {row.Id} is {(row.RevokedAt is not null ? "revoked" : "superseded")}");
        // A suspendable credential carries [revocation, suspension]: the token status list follows the revocation entry.
        var status = credential["credentialStatus"] is JsonArray entries ? entries.OfType<JsonObject>().FirstOrDefault(e => e["statusPurpose"]?.GetValue<string>() == "revocation")
            : credential["credentialStatus"] as JsonObject;
        if (status is not JsonObject entry || entry["statusListCredential"]?.GetValue<string>() is not { } listUrl
            || !lists.TryParseOwnUrl(listUrl, out _)
            || !long.TryParse(entry["statusListIndex"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out long index))
            throw new SdJwtIssueException(SdJwtIssueException.NoStatus, $"credential {row.Id} has no slot in our status lists, so an SD-JWT of it could not be revoked");
        var subject = SdJwtVc.Subjects(credential).Select(s => s["id"]?.GetValue<string>())
            .FirstOrDefault(id => EthDid.TryParse(id, out var did, out _) && did!.Address == holder);
        if (subject is null) throw new SdJwtIssueException(SdJwtIssueException.NotHolder, $"{holder} is not a subject of credential {row.Id}");
        // Whole seconds, as every time we write.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        return SdJwtVc.Issue(credential, subject, key, issuers.Default, urls.Base, TokenStatusList.StatusClaim(listUrl, index), now);
    }

    /// <summary>The statuslist+jwt of list <paramref name="list"/>, from the same revoked slots as its Bitstring Status List; null: no such list.</summary>
    public async Task<string?> TokenListAsync(long list, CancellationToken ct)
    {
        if (!(await StatusListStore.ListNumbersAsync(db, ct)).Contains(list)) return null;
        var revoked = await StatusListStore.RevokedIndicesAsync(db, list, ct);
        return TokenStatusList.Sign(TokenStatusList.Uri(lists.ListUrl(list)), StatusListPublisher.Bits, revoked, issuers.Default, time.GetUtcNow());
    }

    /// <summary>Our own lists are read from the database (never fetched); anyone else's are not read: null.</summary>
    public async ValueTask<bool?> IsSetAsync(string uri, long index, CancellationToken ct)
    {
        if (!uri.EndsWith(TokenStatusList.UriSuffix, StringComparison.Ordinal) || !lists.TryParseOwnUrl(uri[..^TokenStatusList.UriSuffix.Length], out long list))
            return null;
        if (index >= StatusListPublisher.Bits || !(await StatusListStore.ListNumbersAsync(db, ct)).Contains(list)) return null;
        return (await StatusListStore.RevokedIndicesAsync(db, list, ct)).Contains(index);
    }

    /// <summary>The credential as signed, without its securing: the JWS payload, or the document without its EIP-712 proof.</summary>
    public static JsonObject Unsigned(CredentialRow row)
    {
        if (row.Jws is { } jws && VcJwt.TryParse(jws, out var parsed, out _))
            return JsonNode.Parse(parsed!.Payload.GetRawText())!.AsObject();
        var document = JsonNode.Parse(row.Document)!.AsObject();
        document.Remove("proof");
        return document;
    }
}

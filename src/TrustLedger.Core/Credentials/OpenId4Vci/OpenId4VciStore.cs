using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Credentials.OpenId4Vci;

/// <summary>A credential offer as stored (table credential_offers, migration 015).</summary>
public sealed class OfferRow
{
    public string Id { get; init; } = "";
    public string CredentialId { get; init; } = "";
    public string Holder { get; init; } = "";
    public string Configurations { get; init; } = "";
    public string ExpiresAt { get; init; } = "";
    /// <summary>1 when a transaction code was set (a number: both databases read it the same way).</summary>
    public long TxCode { get; init; }
    public bool HasTxCode => TxCode == 1;
    public IReadOnlyList<string> ConfigurationIds => Configurations.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// What the wallet needs from a new offer: <paramref name="Handle"/> names it in the by-reference URL
/// (the stored id is its hash), the code derives from the handle, and the transaction code exists only here.
/// </summary>
public sealed record CreatedOffer(OfferRow Offer, string Handle, string PreAuthorizedCode, string? TxCode);

public sealed class TokenRow
{
    public string TokenHash { get; init; } = "";
    public string OfferId { get; init; } = "";
    public string ExpiresAt { get; init; } = "";
    public string Issued { get; init; } = "";
}

/// <summary>
/// Offers, access tokens and c_nonces of the pre-authorized code flow. Secrets are 256-bit random
/// base64url; only their SHA-256 is stored. Redeeming a code and spending a nonce are single
/// statements that succeed once, so two concurrent requests cannot both win.
/// </summary>
public sealed class OpenId4VciStore(Database db, IOptions<OpenId4VciOptions> options, TimeProvider time)
{
    private OpenId4VciOptions Settings => options.Value;

    private string Now => time.GetUtcNow().ToString("O");

    public static string Hash(string secret) => Hex.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Secret() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The pre-authorized code of the offer with this handle. Whoever has the by-reference URL reads
    /// the code from the offer anyway, so deriving one from the other loses nothing, and neither is
    /// stored: the table holds their hashes only.
    /// </summary>
    public static string CodeOf(string handle) => Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes("pre-authorized_code:" + handle)));

    public async Task<CreatedOffer> CreateOfferAsync(string credentialId, string holder, IReadOnlyList<string> configurations, bool withTxCode, CancellationToken ct)
    {
        string handle = Secret(), code = CodeOf(handle);
        string? txCode = withTxCode
            ? string.Concat(Enumerable.Range(0, Settings.TransactionCodeLength).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))))
            : null;
        var offer = new OfferRow
        {
            Id = Hash(handle), CredentialId = credentialId, Holder = holder,
            Configurations = string.Join(' ', configurations), ExpiresAt = (time.GetUtcNow() + Settings.OfferLifetime).ToString("O"), TxCode = withTxCode ? 1 : 0,
        };
        const string sql = """
            INSERT INTO credential_offers (id, code_hash, tx_code_hash, credential_id, holder, configurations, created_at, expires_at)
            VALUES (@Id, @CodeHash, @TxHash, @CredentialId, @Holder, @Configurations, @Now, @ExpiresAt)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await PruneAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            offer.Id, CodeHash = Hash(code), TxHash = txCode is null ? null : Hash(txCode), offer.CredentialId, offer.Holder, offer.Configurations, Now, offer.ExpiresAt,
        }, cancellationToken: ct));
        return new(offer, handle, code, txCode);
    }

    private const string OfferColumns = """
        SELECT id AS Id, credential_id AS CredentialId, holder AS Holder, configurations AS Configurations, expires_at AS ExpiresAt,
               CASE WHEN tx_code_hash IS NULL THEN 0 ELSE 1 END AS TxCode
        FROM credential_offers
        """;

    /// <summary>An offer that can still be redeemed (not expired, not redeemed, not locked by wrong transaction codes).</summary>
    public async Task<OfferRow?> FindOpenAsync(string handle, CancellationToken ct)
    {
        string id = Hash(handle);
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OfferRow>(new CommandDefinition(
            OfferColumns + " WHERE id = @id AND redeemed_at IS NULL AND expires_at > @Now AND failed_attempts < @Max",
            new { id, Now, Max = Settings.MaxTransactionCodeAttempts }, cancellationToken: ct));
    }

    public async Task<OfferRow?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OfferRow>(new CommandDefinition(OfferColumns + " WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Spends the pre-authorized code for an access token. Null with the reason when the code is
    /// unknown, expired, spent, or the transaction code is wrong (each wrong one counts; at the limit
    /// the offer is dead, whatever comes next).
    /// </summary>
    public async Task<(string? Token, OfferRow? Offer, string Reason)> RedeemAsync(string code, string? txCode, CancellationToken ct)
    {
        string codeHash = Hash(code), now = Now;
        await using var connection = await db.OpenConnectionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("""
            UPDATE credential_offers SET redeemed_at = @now
            WHERE code_hash = @codeHash AND redeemed_at IS NULL AND expires_at > @now AND failed_attempts < @Max
              AND (tx_code_hash IS NULL OR tx_code_hash = @TxHash)
            RETURNING id
            """, new { now, codeHash, Max = Settings.MaxTransactionCodeAttempts, TxHash = txCode is null ? "" : Hash(txCode) }, cancellationToken: ct));
        if (id is null)
        {
            var open = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE credential_offers SET failed_attempts = failed_attempts + 1
                WHERE code_hash = @codeHash AND redeemed_at IS NULL AND expires_at > @now AND failed_attempts < @Max AND tx_code_hash IS NOT NULL
                """, new { now, codeHash, Max = Settings.MaxTransactionCodeAttempts }, cancellationToken: ct));
            return (null, null, open == 1
                ? (txCode is null ? "the offer needs its tx_code" : "the tx_code is wrong")
                : "the pre-authorized code is unknown, expired or used");
        }
        string token = Secret();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO openid4vci_tokens (token_hash, offer_id, expires_at) VALUES (@Hash, @id, @ExpiresAt)",
            new { Hash = Hash(token), id, ExpiresAt = (time.GetUtcNow() + Settings.AccessTokenLifetime).ToString("O") }, cancellationToken: ct));
        return (token, await connection.QuerySingleAsync<OfferRow>(new CommandDefinition(OfferColumns + " WHERE id = @id", new { id }, cancellationToken: ct)), "");
    }

    public async Task<TokenRow?> FindTokenAsync(string token, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition("""
            SELECT token_hash AS TokenHash, offer_id AS OfferId, expires_at AS ExpiresAt, issued AS Issued
            FROM openid4vci_tokens WHERE token_hash = @Hash AND expires_at > @Now
            """, new { Hash = Hash(token), Now }, cancellationToken: ct));
    }

    /// <summary>Records that the token took <paramref name="configuration"/>; false when it took it before (one of each per offer).</summary>
    public async Task<bool> MarkIssuedAsync(TokenRow token, string configuration, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE openid4vci_tokens SET issued = @Next WHERE token_hash = @TokenHash AND issued = @Issued
            """, new { token.TokenHash, token.Issued, Next = (token.Issued + " " + configuration).Trim() }, cancellationToken: ct)) == 1;
    }

    public async Task<string> NewNonceAsync(CancellationToken ct)
    {
        string nonce = Secret();
        await using var connection = await db.OpenConnectionAsync(ct);
        await PruneAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO openid4vci_nonces (nonce, expires_at) VALUES (@nonce, @ExpiresAt)",
            new { nonce, ExpiresAt = (time.GetUtcNow() + Settings.NonceLifetime).ToString("O") }, cancellationToken: ct));
        return nonce;
    }

    /// <summary>True once for a nonce we issued that has not expired; it is gone afterwards.</summary>
    public async Task<bool> SpendNonceAsync(string nonce, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM openid4vci_nonces WHERE nonce = @nonce AND expires_at > @Now",
            new { nonce, Now }, cancellationToken: ct)) == 1;
    }

    /// <summary>Expired rows go as new ones come, so the tables stay as small as the traffic of the last minutes.</summary>
    public async Task PruneAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await PruneAsync(connection, ct);
    }

    private async Task PruneAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        // Offers are kept a day past expiry, so a late wallet is told "expired" by the by-reference URL rather than "unknown".
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM openid4vci_nonces WHERE expires_at <= @At", new { At = now.ToString("O") }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM openid4vci_tokens WHERE expires_at <= @At", new { At = now.ToString("O") }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM credential_offers WHERE expires_at <= @At",
            new { At = (now - TimeSpan.FromDays(1)).ToString("O") }, cancellationToken: ct));
    }
}

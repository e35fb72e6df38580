using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Auth;

/// <summary>
/// SIWE nonces: random, stored, short-lived, single use. Kept in the database so that any
/// replica can accept a login whose nonce another replica handed out.
/// </summary>
public sealed class Nonces(Database db, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const int Length = 24; // 62^24 ≈ 2^143
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public async Task<(string Nonce, DateTimeOffset ExpiresAt)> IssueAsync(CancellationToken ct)
    {
        var nonce = RandomNumberGenerator.GetString(Alphabet, Length);
        var now = clock.GetUtcNow();
        var expires = now + options.Value.NonceLifetime;
        await using var connection = await db.OpenConnectionAsync(ct);
        // Sweeping here keeps the table as small as the issue rate times the lifetime.
        const string sql = """
            DELETE FROM auth_nonces WHERE expires_at <= @Now;
            INSERT INTO auth_nonces (nonce, issued_at, expires_at) VALUES (@Nonce, @Now, @Expires);
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { Nonce = nonce, Now = now.ToUnixTimeMilliseconds(), Expires = expires.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return (nonce, expires);
    }

    /// <summary>True while the nonce is unused and unexpired; consumes nothing (checked before the costly signature work).</summary>
    public async Task<bool> IsLiveAsync(string nonce, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        const string sql = "SELECT COUNT(*) FROM auth_nonces WHERE nonce = @Nonce AND expires_at > @Now";
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql,
            new { Nonce = nonce, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Uses the nonce up. One statement both checks and deletes it, so of two concurrent logins
    /// with the same nonce exactly one gets true.
    /// </summary>
    public async Task<bool> TryConsumeAsync(string nonce, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        const string sql = "DELETE FROM auth_nonces WHERE nonce = @Nonce AND expires_at > @Now";
        return await connection.ExecuteAsync(new CommandDefinition(sql,
            new { Nonce = nonce, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }
}

using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Auth;

/// <summary>What presenting a refresh token led to.</summary>
public abstract record Rotation
{
    public sealed record Rotated(EthAddress Address, string SessionId, string RefreshToken) : Rotation;

    /// <summary>Unknown, expired, or its session ended.</summary>
    public sealed record Rejected : Rotation;

    /// <summary>Already rotated once: someone holds a copy. The whole session is now revoked.</summary>
    public sealed record Reused : Rotation;
}

/// <summary>
/// Sign-in sessions and their opaque refresh tokens. A token is stored only as its SHA-256 (it
/// has 256 random bits, so no salt is needed), is good for one rotation, and a second use
/// revokes every token of its session (OAuth 2.0 Security BCP, refresh token rotation).
/// </summary>
public sealed class Sessions(Database db, IOptions<AuthOptions> options, TimeProvider clock)
{
    private const string TokenPrefix = "tlr_";

    public async Task<(string SessionId, string RefreshToken)> StartAsync(EthAddress address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sessionId = Guid.NewGuid().ToString("N");
        var token = NewToken();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        const string sql = """
            INSERT INTO auth_sessions (id, address, created_at, expires_at) VALUES (@Id, @Address, @Now, @SessionEnd);
            INSERT INTO auth_refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (@Hash, @Id, @Now, @TokenEnd);
            """;
        var sessionEnd = now + options.Value.SessionLifetime;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = sessionId,
            Address = address.ToLowerHex(),
            Now = now.ToUnixTimeMilliseconds(),
            SessionEnd = sessionEnd.ToUnixTimeMilliseconds(),
            Hash = Hash(token),
            TokenEnd = Min(now + options.Value.RefreshTokenLifetime, sessionEnd).ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (sessionId, token);
    }

    public async Task<Rotation> RotateAsync(string refreshToken, CancellationToken ct)
    {
        if (!LooksLikeToken(refreshToken)) return new Rotation.Rejected();
        var now = clock.GetUtcNow();
        var hash = Hash(refreshToken);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        // Marking it used is the check: of two concurrent uses only one sees used_at still NULL.
        const string use = """
            UPDATE auth_refresh_tokens SET used_at = @Now
            WHERE token_hash = @Hash AND used_at IS NULL AND expires_at > @Now
              AND session_id IN (SELECT id FROM auth_sessions WHERE revoked_at IS NULL AND expires_at > @Now)
            RETURNING session_id
            """;
        var sessionId = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(use,
            new { Hash = hash, Now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        if (sessionId is null)
        {
            const string find = "SELECT session_id AS SessionId, used_at AS UsedAt FROM auth_refresh_tokens WHERE token_hash = @Hash";
            var known = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(find,
                new { Hash = hash }, tx, cancellationToken: ct));
            if (known is not { UsedAt: not null } reused) return new Rotation.Rejected();
            await RevokeSessionAsync(connection, tx, reused.SessionId, "reuse", now, ct);
            await tx.CommitAsync(ct);
            return new Rotation.Reused();
        }

        const string session = "SELECT address AS Address, expires_at AS ExpiresAt FROM auth_sessions WHERE id = @Id";
        var (address, sessionEnd) = await connection.QuerySingleAsync<SessionRow>(new CommandDefinition(session,
            new { Id = sessionId }, tx, cancellationToken: ct));
        var token = NewToken();
        const string insert = """
            INSERT INTO auth_refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES (@Hash, @Id, @Now, @TokenEnd)
            """;
        await connection.ExecuteAsync(new CommandDefinition(insert, new
        {
            Hash = Hash(token),
            Id = sessionId,
            Now = now.ToUnixTimeMilliseconds(),
            TokenEnd = Math.Min((now + options.Value.RefreshTokenLifetime).ToUnixTimeMilliseconds(), sessionEnd),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new Rotation.Rotated(EthAddress.Parse(address), sessionId, token);
    }

    /// <summary>
    /// True while the sign-in session is live: not ended by logout or by a refresh token's reuse, and
    /// before its absolute end. Every access token names its session (sid) and is checked against it
    /// on every request, so ending a session ends its access tokens at once, not when they expire.
    /// </summary>
    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken ct)
    {
        const string sql = "SELECT COUNT(*) FROM auth_sessions WHERE id = @Id AND revoked_at IS NULL AND expires_at > @Now";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql,
            new { Id = sessionId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct)) > 0;
    }

    /// <summary>Logout: ends the session the token belongs to. Unknown tokens are ignored.</summary>
    public async Task EndAsync(string refreshToken, CancellationToken ct)
    {
        if (!LooksLikeToken(refreshToken)) return;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        const string find = "SELECT session_id FROM auth_refresh_tokens WHERE token_hash = @Hash";
        var sessionId = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(find,
            new { Hash = Hash(refreshToken) }, tx, cancellationToken: ct));
        if (sessionId is not null) await RevokeSessionAsync(connection, tx, sessionId, "logout", clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
    }

    private static Task RevokeSessionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx,
        string sessionId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = "UPDATE auth_sessions SET revoked_at = @Now, revoked_reason = @Reason WHERE id = @Id AND revoked_at IS NULL";
        return connection.ExecuteAsync(new CommandDefinition(sql,
            new { Id = sessionId, Reason = reason, Now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
    }

    private sealed record TokenRow(string SessionId, long? UsedAt);

    private sealed record SessionRow(string Address, long ExpiresAt);

    private static string NewToken() => TokenPrefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    private static bool LooksLikeToken(string token) => token.Length == TokenPrefix.Length + 43 && token.StartsWith(TokenPrefix, StringComparison.Ordinal);

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

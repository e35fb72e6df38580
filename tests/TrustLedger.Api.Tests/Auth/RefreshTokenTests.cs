using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>Refresh token rotation, reuse detection, logout and lifetimes, on each database.</summary>
public abstract class RefreshTokenTests(AuthApplication app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private readonly EthPrivateKey _key = EthPrivateKey.Generate();

    public void Dispose()
    {
        app.Clock.Offset = TimeSpan.Zero;
        _key.Dispose();
    }

    private Task<HttpResponseMessage> RefreshAsync(string token) =>
        _client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = token });

    private static async Task<TokenResponse> TokensAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    [Fact]
    public async Task Refresh_WithFreshToken_GivesANewPairInTheSameSession()
    {
        var first = await Siwe.SignInAsync(_client, _key);

        var response = await RefreshAsync(first.RefreshToken);

        var second = await TokensAsync(response);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var (a, b) = (new JsonWebToken(first.AccessToken), new JsonWebToken(second.AccessToken));
        Assert.Equal(a.Subject, b.Subject);
        Assert.Equal(a.GetClaim("sid").Value, b.GetClaim("sid").Value);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().WithBearer(second.AccessToken).GetAsync("/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Refresh_WithARotatedToken_IsReuseAndRevokesTheWholeSession()
    {
        var first = await Siwe.SignInAsync(_client, _key);
        var second = await TokensAsync(await RefreshAsync(first.RefreshToken));

        var reuse = await RefreshAsync(first.RefreshToken);

        await reuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh-token-reused");
        // The legitimate holder's newer token dies with the session: the thief cannot keep it alive either.
        await (await RefreshAsync(second.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Refresh_SameTokenConcurrently_RotatesOnceAndTreatsTheRestAsReuse()
    {
        var first = await Siwe.SignInAsync(_client, _key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.CreateClient().PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = first.RefreshToken })));

        var winner = await TokensAsync(Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await loser.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh-token-reused");
        await (await RefreshAsync(winner.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var tokens = await Siwe.SignInAsync(_client, _key);

        var logout = await _client.PostAsJsonAsync("/v1/auth/logout", new { refreshToken = tokens.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await RefreshAsync(tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Refresh_AfterTheTokenLifetime_Returns401()
    {
        var tokens = await Siwe.SignInAsync(_client, _key);
        app.Clock.Offset = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);

        await (await RefreshAsync(tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Refresh_RotatingEverySixDays_StopsAtTheThirtyDaySessionEnd()
    {
        var refresh = (await Siwe.SignInAsync(_client, _key)).RefreshToken;
        for (var day = 6; day <= 24; day += 6)
        {
            app.Clock.Offset = TimeSpan.FromDays(day);
            refresh = (await TokensAsync(await RefreshAsync(refresh))).RefreshToken;
        }

        app.Clock.Offset = TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1);

        await (await RefreshAsync(refresh)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Theory]
    [InlineData("tlr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("garbage")]
    public async Task Refresh_WithUnknownToken_Returns401(string token)
    {
        await (await RefreshAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Refresh_WithoutToken_Returns400()
    {
        var response = await _client.PostAsJsonAsync("/v1/auth/refresh", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task AccessToken_IsNotARefreshToken()
    {
        var tokens = await Siwe.SignInAsync(_client, _key);

        await (await RefreshAsync(tokens.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }
}

public sealed class SqliteRefreshTokenTests(AuthApplication app) : RefreshTokenTests(app), IClassFixture<AuthApplication>;

public sealed class PostgresRefreshTokenTests(PostgresAuthApplication app) : RefreshTokenTests(app), IClassFixture<PostgresAuthApplication>;

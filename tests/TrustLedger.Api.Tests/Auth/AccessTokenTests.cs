using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// Bearer validation of our HS256 tokens. Every forged token differs from an accepted one
/// (<see cref="TokenForgedWithTheServerKey_IsAccepted"/>) in one respect only, and each test
/// checks it failed for that reason.
/// </summary>
public sealed class AccessTokenTests(AuthApplication app) : IClassFixture<AuthApplication>, IDisposable
{
    private readonly EthPrivateKey _key = EthPrivateKey.Generate();

    public void Dispose() => _key.Dispose();

    private string Subject => _key.Address.ToLowerHex();

    private string? _sid;

    /// <summary>Signs in for real: the key id to forge with, and a live session (<c>_sid</c>) a forged token may name.</summary>
    private async Task<string> KidAsync()
    {
        var token = (await Siwe.SignInAsync(app.CreateClient(), _key)).AccessToken;
        _sid = Jws.SessionOf(token);
        return Jws.KidOf(token);
    }

    private Task<HttpResponseMessage> MeAsync(string token) => app.CreateClient().WithBearer(token).GetAsync("/v1/auth/me");

    /// <summary>Signed with the server's key, naming the live session, so only what the test changed can make it fail.</summary>
    private async Task<string> SignedAsync(JsonObject payload, string alg = "HS256")
    {
        var kid = await KidAsync();
        if (payload.ContainsKey("sid")) payload["sid"] = _sid;
        return Jws.Create(Jws.Header(alg, kid), payload, Jws.Hmac256(app.Secret));
    }

    [Fact]
    public async Task TokenForgedWithTheServerKey_IsAccepted()
    {
        var response = await MeAsync(await SignedAsync(Jws.Claims(Subject)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_key.Address.ToString(), (await response.JsonAsync()).GetProperty("address").GetString());
    }

    /// <summary>A token signed with the server's key is still refused when it names no live session: access follows its session.</summary>
    [Fact]
    public async Task TokenForgedWithTheServerKey_ForASessionThatDoesNotExist_Returns401()
    {
        var token = Jws.Create(Jws.Header("HS256", await KidAsync()), Jws.Claims(Subject), Jws.Hmac256(app.Secret)); // a random sid

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("session", detail);
    }

    /// <summary>The attack: a stolen access token outliving the logout by up to 15 minutes.</summary>
    [Fact]
    public async Task Logout_EndsAccessAtOnce()
    {
        var tokens = await Siwe.SignInAsync(app.CreateClient(), _key);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(tokens.AccessToken)).StatusCode);

        var logout = await app.CreateClient().PostAsJsonAsync("/v1/auth/logout", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var detail = await (await MeAsync(tokens.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
        Assert.Contains("session has ended", detail);
        // Another sign-in of the same address is another session: it keeps working.
        var other = await Siwe.SignInAsync(app.CreateClient(), _key);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(other.AccessToken)).StatusCode);
    }

    /// <summary>A refresh token presented twice means a copy is in other hands: every access token of that session stops at once.</summary>
    [Fact]
    public async Task RefreshTokenReuse_EndsTheSessionsAccessTokensAtOnce()
    {
        var first = await Siwe.SignInAsync(app.CreateClient(), _key);
        var rotated = await (await app.CreateClient().PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = first.RefreshToken })).JsonAsync();
        var second = rotated.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(second)).StatusCode);

        var reuse = await app.CreateClient().PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        await reuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh-token-reused");

        await (await MeAsync(first.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
        await (await MeAsync(second)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task NoToken_Returns401ProblemWithBearerChallenge()
    {
        var response = await app.CreateClient().GetAsync("/v1/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task NonBearerAuthorization_Returns401()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", "YWRtaW46YWRtaW4=");

        await (await client.GetAsync("/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
    }

    [Fact]
    public async Task ExpiredToken_Returns401TokenExpired()
    {
        var token = await SignedAsync(Jws.Claims(Subject, DateTimeOffset.UtcNow.AddMinutes(-20)));

        var response = await MeAsync(token);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token-expired");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task TokenExpiredSecondsAgo_IsAcceptedWithinClockSkew()
    {
        var payload = Jws.Claims(Subject, DateTimeOffset.UtcNow.AddMinutes(-10));
        payload["exp"] = DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeSeconds();

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(await SignedAsync(payload))).StatusCode);
    }

    [Fact]
    public async Task NotYetValidToken_Returns401()
    {
        var token = await SignedAsync(Jws.Claims(Subject, DateTimeOffset.UtcNow.AddMinutes(5)));

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("not valid yet", detail);
    }

    [Fact]
    public async Task TokenWithoutExpiry_Returns401()
    {
        var payload = Jws.Claims(Subject);
        payload.Remove("exp");

        var detail = await (await MeAsync(await SignedAsync(payload))).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("lifetime", detail);
    }

    [Fact]
    public async Task TokenForAnotherAudience_Returns401()
    {
        var payload = Jws.Claims(Subject);
        payload["aud"] = "some-other-api";

        var detail = await (await MeAsync(await SignedAsync(payload))).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("audience", detail);
    }

    [Fact]
    public async Task TokenFromAnotherIssuer_Returns401()
    {
        var payload = Jws.Claims(Subject);
        payload["iss"] = "https://evil.example";

        var detail = await (await MeAsync(await SignedAsync(payload))).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("issuer", detail);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task UnsignedAlgNoneToken_Returns401(string alg)
    {
        var token = Jws.Create(Jws.Header(alg, await KidAsync()), Jws.Claims(Subject), sign: null);

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("signature", detail);
    }

    [Fact]
    public async Task AlgNoneHeaderOverAValidHmac_Returns401()
    {
        var token = Jws.Create(Jws.Header("none", await KidAsync()), Jws.Claims(Subject), Jws.Hmac256(app.Secret));

        await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Theory]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task OtherHmacWithTheRightSecret_Returns401BecauseOnlyHs256IsAllowed(string alg)
    {
        var sign = alg == "HS384" ? Jws.Hmac384(app.Secret) : Jws.Hmac512(app.Secret);
        var token = Jws.Create(Jws.Header(alg, await KidAsync()), Jws.Claims(Subject), sign);

        // With a 64-byte secret these verify; only ValidAlgorithms refuses them (IdentityModel
        // reports it as a signature failure).
        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Matches("algorithm|signature", detail);
    }

    [Fact]
    public async Task Rs256SignedByAnAttackerKey_Returns401()
    {
        using var rsa = RSA.Create(2048);
        var token = Jws.Create(Jws.Header("RS256", await KidAsync()), Jws.Claims(Subject), Jws.Rs256(rsa));

        await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Es256WithAttackerKeyEmbeddedAsJwk_Returns401()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec));
        var header = Jws.Header("ES256", await KidAsync());
        header["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = jwk.X, ["y"] = jwk.Y };

        var token = Jws.Create(header, Jws.Claims(Subject), Jws.Es256(ec));

        await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Hs256WithAnotherSecret_Returns401()
    {
        var token = Jws.Create(Jws.Header("HS256", await KidAsync()), Jws.Claims(Subject), Jws.Hmac256(RandomNumberGenerator.GetBytes(32)));

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("signature", detail);
    }

    [Fact]
    public async Task RealTokenWithSubjectSwapped_Returns401()
    {
        using var victim = EthPrivateKey.Generate();
        var real = (await Siwe.SignInAsync(app.CreateClient(), _key)).AccessToken;
        var parts = real.Split('.');
        var payload = Jws.PayloadOf(real);
        payload["sub"] = victim.Address.ToLowerHex();
        var tampered = $"{parts[0]}.{Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        var detail = await (await MeAsync(tampered)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("signature", detail);
    }

    [Fact]
    public async Task TokenWithoutAccessTokenType_Returns401()
    {
        var header = Jws.Header("HS256", await KidAsync());
        header["typ"] = "JWT"; // e.g. an ID token or another service's JWT signed with a shared key

        var token = Jws.Create(header, Jws.Claims(Subject), Jws.Hmac256(app.Secret));

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
        Assert.Contains("typ", detail);
    }

    [Fact]
    public async Task TokenWhoseSubjectIsNoAddress_Returns401()
    {
        await (await MeAsync(await SignedAsync(Jws.Claims("alice")))).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task GarbageToken_Returns401()
    {
        await (await MeAsync("not.a.jwt")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task Jwks_ForASharedSecret_PublishesNothing()
    {
        var body = await (await app.CreateClient().GetAsync("/.well-known/jwks.json")).JsonAsync();

        Assert.Empty(body.GetProperty("keys").EnumerateArray());
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// ES256 access tokens (an EC key in PEM): the public key is published, and the classic
/// algorithm confusion, an HS256 token keyed with that public key, is refused.
/// </summary>
public sealed class Es256TokenTests(Es256AuthApplication app) : IClassFixture<Es256AuthApplication>, IDisposable
{
    private readonly EthPrivateKey _key = EthPrivateKey.Generate();

    public void Dispose() => _key.Dispose();

    private Task<HttpResponseMessage> MeAsync(string token) => app.CreateClient().WithBearer(token).GetAsync("/v1/auth/me");

    private async Task<string> KidAsync() => Jws.KidOf((await Siwe.SignInAsync(app.CreateClient(), _key)).AccessToken);

    [Fact]
    public async Task Login_IssuesEs256TokensThatAreAccepted()
    {
        var tokens = await Siwe.SignInAsync(app.CreateClient(), _key);

        Assert.Equal("ES256", new JsonWebToken(tokens.AccessToken).Alg);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task TokenForgedWithTheServerKey_IsAccepted()
    {
        var session = await Siwe.SignInAsync(app.CreateClient(), _key);
        var claims = Jws.Claims(_key.Address.ToLowerHex(), sid: Jws.SessionOf(session.AccessToken));
        var token = Jws.Create(Jws.Header("ES256", Jws.KidOf(session.AccessToken)), claims, Jws.Es256(app.Key));

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Jwks_PublishesThePublicKeyOnly()
    {
        var body = await (await app.CreateClient().GetAsync("/.well-known/jwks.json")).JsonAsync();

        var key = Assert.Single(body.GetProperty("keys").EnumerateArray());
        var q = app.Key.ExportParameters(false).Q;
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal(Base64Url.Encode(q.X), key.GetProperty("x").GetString());
        Assert.Equal(Base64Url.Encode(q.Y), key.GetProperty("y").GetString());
        Assert.Equal(await KidAsync(), key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }

    public static TheoryData<string> PublicKeyForms => ["pem", "spki-der", "xy"];

    [Theory]
    [MemberData(nameof(PublicKeyForms))]
    public async Task Hs256KeyedWithThePublicKey_Returns401(string form)
    {
        var publicKey = app.Key.ExportParameters(false).Q;
        var hmacKey = form switch
        {
            "pem" => Encoding.ASCII.GetBytes(app.Key.ExportSubjectPublicKeyInfoPem()),
            "spki-der" => app.Key.ExportSubjectPublicKeyInfo(),
            _ => [.. publicKey.X!, .. publicKey.Y!],
        };
        var token = Jws.Create(Jws.Header("HS256", await KidAsync()), Jws.Claims(_key.Address.ToLowerHex()), Jws.Hmac256(hmacKey));

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Matches("algorithm|signature", detail);
    }

    [Fact]
    public async Task Es256SignedByAnotherKey_Returns401()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = Jws.Create(Jws.Header("ES256", await KidAsync()), Jws.Claims(_key.Address.ToLowerHex()), Jws.Es256(attacker));

        var detail = await (await MeAsync(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("signature", detail);
    }

    [Fact]
    public async Task Rs256SignedByAnAttackerKey_Returns401()
    {
        using var rsa = RSA.Create(2048);
        var kid = await KidAsync();
        var rs256 = Jws.Create(Jws.Header("RS256", kid), Jws.Claims(_key.Address.ToLowerHex()), Jws.Rs256(rsa));

        await (await MeAsync(rs256)).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// An OpenID Connect provider at https://idp.test (discovery document and JWKS served in
/// process through the JwtBearer backchannel) whose RS256 access tokens carry the caller's
/// address in <c>eth_address</c> (Auth:AddressClaim). Our own tokens keep working beside them.
/// </summary>
public sealed class ExternalAuthorityApplication : AuthApplication
{
    public const string IdpIssuer = "https://idp.test/";
    public const string IdpAudience = "trustledger-partner-api";
    public const string IdpKid = "idp-key-1";

    public RSA IdpKey { get; } = RSA.Create(2048);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Authority", IdpIssuer);
        builder.UseSetting("Auth:Audience", IdpAudience);
        builder.UseSetting("Auth:AddressClaim", "eth_address");
        builder.ConfigureTestServices(services => services.Configure<JwtBearerOptions>(BearerValidation.ExternalScheme,
            options => options.BackchannelHttpHandler = new IdentityProvider(IdpKey)));
    }

    /// <summary>An access token as the provider would issue it, valid now.</summary>
    public string IdpToken(Action<JsonObject>? change = null, RSA? signWith = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = IdpIssuer, ["aud"] = IdpAudience, ["sub"] = "user-123",
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600,
        };
        change?.Invoke(claims);
        return Jws.Create(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = IdpKid }, claims, Jws.Rs256(signWith ?? IdpKey));
    }

    private sealed class IdentityProvider(RSA key) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var p = key.ExportParameters(false);
            var body = request.RequestUri!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => new JsonObject { ["issuer"] = IdpIssuer, ["jwks_uri"] = "https://idp.test/jwks" },
                "/jwks" => new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = IdpKid,
                        ["n"] = Base64Url.Encode(p.Modulus), ["e"] = Base64Url.Encode(p.Exponent),
                    }),
                },
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });
        }
    }
}

public sealed class ExternalAuthorityTests(ExternalAuthorityApplication app) : IClassFixture<ExternalAuthorityApplication>, IDisposable
{
    private readonly EthPrivateKey _party = EthPrivateKey.Generate();

    public void Dispose() => _party.Dispose();

    private HttpClient With(string token) => app.CreateClient().WithBearer(token);

    [Fact]
    public async Task ProviderToken_WithAddress_SignsInThatAddressAsParty()
    {
        var token = app.IdpToken(c => c["eth_address"] = _party.Address.ToLowerHex());

        var response = await With(token).GetAsync("/v1/auth/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.JsonAsync();
        Assert.Equal(_party.Address.ToString(), me.GetProperty("address").GetString());
        Assert.Equal(["party"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    /// <summary>
    /// The attack: whoever can get the provider to put an admin's address in eth_address (a user
    /// profile field, a compromised provider) would be admin. A provider's word is worth the party
    /// role only; admin and issuer need a SIWE sign-in, a proof of the admin's key.
    /// </summary>
    [Fact]
    public async Task ProviderToken_ForAConfiguredAdmin_IsAPartyOnly_NeverAdmin()
    {
        var token = app.IdpToken(c => c["eth_address"] = app.Admin.Address.ToString());

        await (await With(token).GetAsync("/test-auth/admin")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        var me = await (await With(token).GetAsync("/v1/auth/me")).JsonAsync();
        Assert.Equal(["party"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var admin = await Siwe.SignInAsync(app.CreateClient(), app.Admin);
        Assert.Equal(HttpStatusCode.OK, (await With(admin.AccessToken).GetAsync("/test-auth/admin")).StatusCode);
    }

    [Fact]
    public async Task ProviderRolesAndAddressClaims_AreNotTrusted()
    {
        var token = app.IdpToken(c =>
        {
            c["eth_address"] = _party.Address.ToLowerHex();
            c["role"] = new JsonArray("admin");
            c["address"] = app.Admin.Address.ToLowerHex();
        });

        var response = await With(token).GetAsync("/test-auth/admin");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task ProviderToken_WithoutAddress_IsAuthenticatedButNoParty()
    {
        await (await With(app.IdpToken()).GetAsync("/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task ProviderToken_ForAnotherAudience_Returns401()
    {
        var token = app.IdpToken(c => { c["eth_address"] = _party.Address.ToLowerHex(); c["aud"] = "trustledger-api"; });

        var detail = await (await With(token).GetAsync("/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("audience", detail);
    }

    [Fact]
    public async Task TokenClaimingTheProviderButSignedByAnotherKey_Returns401()
    {
        using var attacker = RSA.Create(2048);
        var token = app.IdpToken(c => c["eth_address"] = _party.Address.ToLowerHex(), signWith: attacker);

        var detail = await (await With(token).GetAsync("/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("signature", detail);
    }

    [Fact]
    public async Task Hs256TokenKeyedWithTheProvidersPublicModulus_Returns401()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = ExternalAuthorityApplication.IdpIssuer, ["aud"] = ExternalAuthorityApplication.IdpAudience,
            ["eth_address"] = _party.Address.ToLowerHex(), ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600,
        };
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = ExternalAuthorityApplication.IdpKid };
        var token = Jws.Create(header, claims, Jws.Hmac256(app.IdpKey.ExportParameters(false).Modulus!));

        await (await With(token).GetAsync("/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");
    }

    [Fact]
    public async Task OurOwnTokens_StillWorkBesideTheProvider()
    {
        var tokens = await Siwe.SignInAsync(app.CreateClient(), _party);

        Assert.Equal(HttpStatusCode.OK, (await With(tokens.AccessToken).GetAsync("/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task TokenFromAnUnknownIssuer_Returns401()
    {
        var token = app.IdpToken(c => { c["iss"] = "https://evil.example/"; c["eth_address"] = _party.Address.ToLowerHex(); });

        var detail = await (await With(token).GetAsync("/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-invalid");

        Assert.Contains("issuer", detail);
    }
}

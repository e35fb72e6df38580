using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>The party / issuer / admin policies and the "acts only for itself" helpers, on probe endpoints.</summary>
public sealed class RoleTests(AuthApplication app) : IClassFixture<AuthApplication>, IDisposable
{
    private readonly EthPrivateKey _party = EthPrivateKey.Generate();

    public void Dispose() => _party.Dispose();

    private async Task<HttpClient> SignedInAsync(EthPrivateKey key) =>
        app.CreateClient().WithBearer((await Siwe.SignInAsync(app.CreateClient(), key)).AccessToken);

    [Fact]
    public async Task Admin_ReachesAdminEndpointAndSeesItsRoles()
    {
        var client = await SignedInAsync(app.Admin);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/test-auth/admin")).StatusCode);
        var me = await (await client.GetAsync("/v1/auth/me")).JsonAsync();
        Assert.Equal(["party", "admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Issuer_ReachesIssuerEndpointButNotAdminEndpoint()
    {
        var client = await SignedInAsync(app.Issuer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/test-auth/issuer")).StatusCode);
        var detail = await (await client.GetAsync("/test-auth/admin")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        Assert.Contains("admin", detail);
    }

    [Fact]
    public async Task Party_IsForbiddenFromIssuerAndAdminEndpoints()
    {
        var client = await SignedInAsync(_party);

        await (await client.GetAsync("/test-auth/admin")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
        await (await client.GetAsync("/test-auth/issuer")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task Anonymous_GetsUnauthorizedNotForbidden()
    {
        await (await app.CreateClient().GetAsync("/test-auth/admin")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
    }

    [Fact]
    public async Task RoleClaimsInTheToken_AreNotTrusted()
    {
        // Even a correctly signed token cannot grant a role configuration does not give.
        var session = (await Siwe.SignInAsync(app.CreateClient(), _party)).AccessToken;
        var kid = Jws.KidOf(session);
        var claims = Jws.Claims(_party.Address.ToLowerHex(), sid: Jws.SessionOf(session));
        claims["role"] = new JsonArray("party", "issuer", "admin");
        var token = Jws.Create(Jws.Header("HS256", kid), claims, Jws.Hmac256(app.Secret));

        var client = app.CreateClient().WithBearer(token);

        await (await client.GetAsync("/test-auth/admin")).AssertProblemAsync(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task RequireSelfRoute_AcceptsOwnAddressInAnyCase()
    {
        var client = await SignedInAsync(_party);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/test-auth/parties/{_party.Address.ToLowerHex()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/test-auth/parties/{_party.Address}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/test-auth/parties/{_party.Address.ToLowerHex().ToUpperInvariant().Replace("0X", "0x")}")).StatusCode);
    }

    [Fact]
    public async Task RequireSelfRoute_ForAnotherAddress_Returns403()
    {
        using var other = EthPrivateKey.Generate();
        var client = await SignedInAsync(_party);

        var detail = await (await client.GetAsync($"/test-auth/parties/{other.Address}")).AssertProblemAsync(HttpStatusCode.Forbidden, "not-self");

        Assert.Contains(_party.Address.ToString(), detail);
    }

    [Fact]
    public async Task RequireSelfRoute_EvenForAnAdmin_Returns403ForAnotherAddress()
    {
        var client = await SignedInAsync(app.Admin);

        await (await client.GetAsync($"/test-auth/parties/{_party.Address}")).AssertProblemAsync(HttpStatusCode.Forbidden, "not-self");
    }

    [Fact]
    public async Task RequireSelfRoute_WithBadChecksum_Returns400()
    {
        var client = await SignedInAsync(_party);
        // Flip the case of one letter of the EIP-55 form: still mixed case, checksum now wrong.
        var chars = _party.Address.ToString().ToCharArray();
        var i = Array.FindLastIndex(chars, char.IsLetter);
        chars[i] = char.IsUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
        var broken = new string(chars);
        Assert.False(EthAddress.IsValid(broken));

        await (await client.GetAsync($"/test-auth/parties/{broken}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-address");
    }

    [Fact]
    public async Task RequireSelfRoute_Anonymous_Returns401()
    {
        await (await app.CreateClient().GetAsync($"/test-auth/parties/{_party.Address}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
    }

    [Fact]
    public async Task RequireSelfHelper_InAHandler_AllowsSelfAndForbidsOthers()
    {
        using var other = EthPrivateKey.Generate();
        var client = await SignedInAsync(_party);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/test-auth/act-for", new { address = _party.Address.ToLowerHex() })).StatusCode);
        var detail = await (await client.PostAsJsonAsync("/test-auth/act-for", new { address = other.Address.ToString() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "not-self");
        Assert.Contains(other.Address.ToString(), detail);
    }
}

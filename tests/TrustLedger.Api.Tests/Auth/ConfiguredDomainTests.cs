using System.Net;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>The web app lives on its own origin (https://app.trustledger.test); the API is called on another host.</summary>
public sealed class ConfiguredDomainApplication : AuthApplication
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Domain", "app.trustledger.test");
        builder.UseSetting("Auth:Origin", "https://app.trustledger.test");
    }
}

public sealed class ConfiguredDomainTests(ConfiguredDomainApplication app) : IClassFixture<ConfiguredDomainApplication>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private readonly EthPrivateKey _key = EthPrivateKey.Generate();

    public void Dispose() => _key.Dispose();

    private async Task<HttpResponseMessage> LoginAsync(string domain, string uri, string? scheme = null)
    {
        var message = (Siwe.Message(_key.Address, await Siwe.NonceAsync(_client)) with { Domain = domain, Uri = uri, Scheme = scheme }).ToString();
        return await Siwe.LoginAsync(_client, message, Siwe.Sign(message, _key));
    }

    [Fact]
    public async Task Login_ForTheConfiguredDomainAndOrigin_Succeeds()
    {
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("app.trustledger.test", "https://app.trustledger.test/login", "https")).StatusCode);
    }

    [Fact]
    public async Task Login_NamingTheApiHostInsteadOfTheConfiguredDomain_Returns422()
    {
        // The request's Host (localhost) no longer counts once a domain is configured.
        await (await LoginAsync("localhost", "http://localhost/")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-domain-mismatch");
    }

    [Fact]
    public async Task Login_WithHostHeaderOfAPhishingSite_Returns422()
    {
        var message = (Siwe.Message(_key.Address, await Siwe.NonceAsync(_client)) with { Domain = "evil.example", Uri = "https://evil.example/" }).ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login") { Content = System.Net.Http.Json.JsonContent.Create(new { message, signature = Siwe.Sign(message, _key) }) };
        request.Headers.Host = "evil.example";

        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-domain-mismatch");
    }

    [Theory]
    [InlineData("http://app.trustledger.test/")]
    [InlineData("https://app.trustledger.test:8443/")]
    [InlineData("https://evil.example/")]
    public async Task Login_WithUriOffTheConfiguredOrigin_Returns422(string uri)
    {
        await (await LoginAsync("app.trustledger.test", uri)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-uri-mismatch");
    }
}

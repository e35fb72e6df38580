using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Contexts;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>The documents credentials name by URL, DID resolution, the issuer list.</summary>
public sealed class CredentialDocumentTests(TrustLedgerApplication app) : IClassFixture<TrustLedgerApplication>
{
    [Fact]
    public async Task OurContext_IsServedAtItsUrlPath_AsJsonLd_WithAStrongETag()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/contexts/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ContextCache.Our.ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.True(JsonDocument.Parse(ContextCache.Our).RootElement.GetProperty("@context").TryGetProperty("ReciprocityCredential", out _));
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Contains("max-age=86400", response.Headers.CacheControl!.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/contexts/v1");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task CredentialSchemas_AreServedAtTheirIds_UnderThePublicBase_AsSchemaJson()
    {
        // The test host's public base is the test server's own (Credentials:PublicBaseUrl = http://localhost).
        var response = await app.CreateClient().GetAsync("/schemas/reciprocity-credential-v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var schema = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http://localhost/schemas/reciprocity-credential-v1.json", schema.GetProperty("$id").GetString());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
    }

    [Fact]
    public async Task DidPkh_ResolvesToTheDidPkhDocument()
    {
        // The did:pkh spec's eip155 example account.
        const string did = "did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a";
        var response = await app.CreateClient().GetAsync($"/v1/dids/{did}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/did+ld+json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(did, document.GetProperty("id").GetString());
        var method = document.GetProperty("verificationMethod")[0];
        Assert.Equal(did + "#blockchainAccountId", method.GetProperty("id").GetString());
        Assert.Equal("EcdsaSecp256k1RecoveryMethod2020", method.GetProperty("type").GetString());
        Assert.Equal("eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a", method.GetProperty("blockchainAccountId").GetString());
        Assert.Equal(did + "#blockchainAccountId", document.GetProperty("assertionMethod")[0].GetString());
    }

    [Fact]
    public async Task DidEthr_ResolvesToTheDefaultDocument_AndTheResolutionProfileWraps()
    {
        using var key = EthPrivateKey.Generate();
        var did = EthDid.Ethr(key.Address, 31337);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/ld+json;profile=\"https://w3id.org/did-resolution\"");

        var resolution = await client.GetFromJsonAsync<JsonElement>($"/v1/dids/{did}");

        var document = resolution.GetProperty("didDocument");
        Assert.Equal(did, document.GetProperty("id").GetString());
        Assert.Equal(did + "#controller", document.GetProperty("verificationMethod")[0].GetProperty("id").GetString());
        Assert.Equal($"eip155:31337:{key.Address}", document.GetProperty("verificationMethod")[0].GetProperty("blockchainAccountId").GetString());
        Assert.Equal("application/did+ld+json", resolution.GetProperty("didResolutionMetadata").GetProperty("contentType").GetString());
    }

    // The binding's 501 for methodNotSupported became 400 (issue 15: no request a client can fix gets a 5xx);
    // the binding's error code is still in didResolutionMetadata.
    [Theory]
    [InlineData("did:example:123", "methodNotSupported")]
    [InlineData("did:pkh:eip155:1:0xnothex", "invalidDid")]
    [InlineData("not-a-did", "invalidDid")]
    public async Task OtherDids_AreRefusedWithTheResolutionBindingsErrorCode(string did, string error)
    {
        var response = await app.CreateClient().GetAsync($"/v1/dids/{did}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, body.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
    }

    [Fact]
    public async Task DidWeb_OfAnOriginNotAllowed_Is404_WithoutAFetch_AndOursResolvesLocally()
    {
        var client = app.CreateClient();
        var refused = await client.GetAsync("/v1/dids/did:web:example.com");
        // The test host's public base is http://localhost: our did:web is did:web:localhost, built from the key store.
        var ours = await client.GetFromJsonAsync<JsonElement>("/v1/dids/did:web:localhost");
        var wellKnown = await client.GetAsync("/.well-known/did.json");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notFound", body.GetProperty("didResolutionMetadata").GetProperty("error").GetString());
        Assert.Contains("StatusListOrigins", body.GetProperty("detail").GetString());
        Assert.Equal("did:web:localhost", ours.GetProperty("id").GetString());
        Assert.Equal("application/did+json", wellKnown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ours.GetRawText(), (await wellKnown.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    [Fact]
    public async Task Issuers_ListBothDidsOfTheIssuerKey_NotTheRelayer()
    {
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");

        var address = issuers.GetProperty("address").GetString()!;
        var ids = issuers.GetProperty("issuers").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal([$"did:pkh:eip155:31337:{address}", $"did:ethr:0x7a69:{address.ToLowerInvariant()}"], ids);
        Assert.Equal(ids[0], issuers.GetProperty("default").GetString());
        var relayer = app.Services.GetRequiredService<Core.Chain.ChainConnection>().Keys.Relayer.Address;
        Assert.NotEqual(relayer, address.ToLowerInvariant());
    }
}

/// <summary>The host on real Kestrel sockets, with the HTTPS endpoint on a free port.</summary>
public sealed class HttpsApplication : TrustLedgerApplication
{
    public int HttpsPort { get; } = FreePort();

    public HttpsApplication() => UseKestrel();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Any free port for plain HTTP; the HTTPS address is the one the API adds from Https:Port.
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Https:Port", HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Runs alone: a host on real Kestrel must not be built while other fixtures build theirs (the
/// factories find the host being built through a process-wide hook, so parallel builds can cross).
/// </summary>
[CollectionDefinition(nameof(CredentialHttpsTests), DisableParallelization = true)]
public sealed class HttpsCollection;

[Collection(nameof(CredentialHttpsTests))]
public sealed class CredentialHttpsTests(HttpsApplication app) : IClassFixture<HttpsApplication>
{
    [Fact]
    public async Task HttpsEndpoint_AnswersWithTheSelfSignedDevelopmentCertificate()
    {
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.Contains($"https://127.0.0.1:{app.HttpsPort}", addresses);
        X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            // This one call accepts the self-signed certificate, after looking at it.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
                return true;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{app.HttpsPort}") };

        var context = await client.GetAsync("/contexts/v1");
        var verify = await client.PostAsJsonAsync("/credentials/verify", new { verifiableCredential = new { } });

        Assert.Equal(HttpStatusCode.OK, context.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, verify.StatusCode);
        Assert.NotNull(seen);
        Assert.Equal(seen.Subject, seen.Issuer);
        Assert.Contains("TrustLedger development", seen.Subject);
    }
}

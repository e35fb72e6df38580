using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Tests.Credentials;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;

namespace TrustLedger.Api.Tests.Dids;

/// <summary>The service on real Kestrel sockets, its public base its own http://127.0.0.1:port.</summary>
public sealed class DidWebApplication : TrustLedgerApplication
{
    public int Port { get; } = FreePort();
    public string Origin => $"http://127.0.0.1:{Port}";

    public DidWebApplication() => UseKestrel();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("urls", Origin);
        builder.UseSetting("Https:Port", "0");
        builder.UseSetting("Credentials:PublicBaseUrl", Origin);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Our issuer as did:web of its public host, resolved the way a verifier elsewhere resolves it: over
/// HTTP from the running service, through the verifier's allow-listed fetcher.
/// </summary>
[Collection(nameof(CredentialHttpsTests))]
public sealed class DidWebTests(DidWebApplication app) : IClassFixture<DidWebApplication>
{
    [Fact]
    public async Task OurDidWeb_ResolvesOverHttp_ToTheIssuersKeys_AndAlsoKnownAsItsEthereumDids()
    {
        app.StartServer();
        var keys = app.Services.GetRequiredService<IssuerKeys>();
        string did = $"did:web:127.0.0.1%3A{app.Port}";
        using var fetcher = Fetcher();

        var resolution = await new DidResolver(31337, null, web: fetcher).ResolveAsync(did, null, CancellationToken.None);
        using var http = new HttpClient();
        var served = await http.GetAsync(app.Origin + "/.well-known/did.json");

        Assert.Null(resolution.Error);
        Assert.Equal("application/did+json", served.Content.Headers.ContentType?.MediaType);
        var document = resolution.Document!;
        Assert.Equal(did, document["id"]!.GetValue<string>());
        Assert.Equal([keys.EthrDid, keys.Identity.Did.Did], document["alsoKnownAs"]!.AsArray().Select(a => a!.GetValue<string>()));
        var identity = document["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == did + "#identity")!;
        Assert.True(JsonNode.DeepEquals(VcJwt.PublicJwk(keys.PublicKey), identity["publicKeyJwk"]));
        Assert.Contains(did + "#identity", document["assertionMethod"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task CredentialSignedAsOurDidWeb_VerifiesElsewhere_AndAtTheServiceItself()
    {
        app.StartServer();
        var keys = app.Services.GetRequiredService<IssuerKeys>();
        string did = $"did:web:127.0.0.1%3A{app.Port}";
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"),
            ["id"] = "urn:uuid:" + Guid.NewGuid(),
            ["type"] = new JsonArray("VerifiableCredential", "ExampleMembershipCredential"),
            ["issuer"] = did,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:pkh:eip155:31337:0x4444444444444444444444444444444444444444", ["name"] = "member" },
        };
        // The identity key signs as the did:web's #identity method (what a did:web-only deployment would issue).
        string jws = VcJwt.Sign(credential, keys.Identity.Key, did + "#identity");
        using var fetcher = Fetcher();
        var elsewhere = new CredentialVerifier(trustedIssuers: new OnlyTrusting(did), dids: new DidResolver(31337, null, web: fetcher));

        var result = await elsewhere.VerifyAsync(jws, new VerificationOptions { RequireKnownIssuer = true });
        using var http = new HttpClient { BaseAddress = new Uri(app.Origin) };
        var atService = await http.PostAsJsonAsync("/credentials/verify", new { verifiableCredential = jws });

        Assert.True(result.Verified, string.Join(" | ", result.Failures));
        Assert.Equal(IssuerCodes.Ok, result[VerificationCheck.Names.Issuer]!.Code);
        Assert.Equal(1, fetcher.RequestsSent);
        Assert.Equal(HttpStatusCode.OK, atService.StatusCode);
        var body = await atService.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("issuer.ok", body.GetProperty("results").GetProperty("issuer").GetProperty("code").GetString());
    }

    private AllowListedFetcher Fetcher() =>
        new(Options.Create(new CredentialOptions { StatusListOrigins = [app.Origin] }), TimeProvider.System);

    private sealed class OnlyTrusting(string did) : ITrustedIssuers
    {
        public ValueTask<IssuerTrust> CheckAsync(string issuer, IReadOnlyList<string> types, CancellationToken cancellationToken) =>
            ValueTask.FromResult(issuer == did ? new IssuerTrust(IssuerStanding.Trusted, "listed") : new IssuerTrust(IssuerStanding.Untrusted, "not listed"));
    }
}

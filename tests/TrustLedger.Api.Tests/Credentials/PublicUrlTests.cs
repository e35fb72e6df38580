using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>
/// The host on real Kestrel at a port chosen before start, with Credentials:PublicBaseUrl its own
/// http://127.0.0.1:port (what a local run does with its 5080), so the URLs in what it issues can be
/// fetched by a process outside it, as any verifier would.
/// </summary>
public class PublicUrlApplication : AuthApplication
{
    public PublicUrlApplication() : this("sqlite") { }

    protected PublicUrlApplication(string databaseKind) : base(databaseKind)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Https:Port", "0");
        builder.UseSetting("urls", BaseUrl);
        builder.UseSetting("Credentials:PublicBaseUrl", ""); // derived from where it listens, as on a local run
        builder.UseSetting("Auth:Domain", "localhost");     // the SIWE helper signs for localhost
    }
}

public sealed class PostgresPublicUrlApplication() : PublicUrlApplication("postgres");

/// <summary>
/// Issue 17, "URLs that resolve": a product credential names our context, schema and status list
/// under the public base; jsonld 9 (safe mode) expands and canonicalizes it with a loader that
/// fetches our context from the service, ajv (2020-12) validates it against the schema fetched from
/// the service, and every URL it names answers with the right media type (tests/interop/check-jsonld-and-schema.mjs).
/// </summary>
public abstract class PublicUrlTests<TApp>(TApp app) where TApp : PublicUrlApplication
{
    private ProductCredentials Products => app.Services.GetRequiredService<ProductCredentials>();

    [Fact]
    public async Task ProductCredentials_NameUrlsUnderThePublicBase_ThatAJsonLdProcessorAndASchemaValidatorResolve()
    {
        var eip712 = JsonNode.Parse((await Products.IssueEndorsementAsync(await EndorsementAsync())).Credential.Document)!.AsObject();
        var jwt = JsonNode.Parse((await Products.IssueEndorsementAsync(await EndorsementAsync(), SecuringMechanism.VcJwt)).Credential.Document)!.AsObject();
        var payload = Payload(jwt);

        Assert.Equal(app.BaseUrl + "/contexts/v1", eip712["@context"]![1]!.GetValue<string>());
        Assert.Equal(app.BaseUrl + "/schemas/endorsement-credential-v1.json", eip712["credentialSchema"]!["id"]!.GetValue<string>());
        // An endorsement can be suspended: [revocation entry, suspension entry], both under the public base.
        Assert.All(eip712["credentialStatus"]!.AsArray(), e => Assert.StartsWith(app.BaseUrl + "/v1/status-lists/", e!["statusListCredential"]!.GetValue<string>()));
        Assert.Equal(app.BaseUrl + "/contexts/v1", payload["@context"]![1]!.GetValue<string>());

        var answer = InteropScripts.Run("check-jsonld-and-schema.mjs", new JsonObject
        {
            ["base"] = app.BaseUrl,
            ["credentials"] = new JsonArray(eip712.DeepClone(), payload.DeepClone()),
        });
        foreach (var result in answer["results"]!.AsArray())
        {
            Assert.True(result!["error"] is null, result.ToJsonString());
            Assert.Equal(["https://trustledger.example/vocab#EndorsementCredential", "https://www.w3.org/2018/credentials#VerifiableCredential"],
                result["types"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Contains("https://trustledger.example/vocab#rating", result["subjectPredicates"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.True(result["quads"]!.GetValue<int>() >= 12, result.ToJsonString());
            Assert.True(result["schema"]!["valid"]!.GetValue<bool>(), result.ToJsonString());
        }
        var fetched = answer["fetched"]!.AsObject();
        Assert.StartsWith("application/ld+json", fetched[app.BaseUrl + "/contexts/v1"]!["contentType"]!.GetValue<string>());
        Assert.StartsWith("application/schema+json", fetched[app.BaseUrl + "/schemas/endorsement-credential-v1.json"]!["contentType"]!.GetValue<string>());
        foreach (var list in eip712["credentialStatus"]!.AsArray().Select(e => e!["statusListCredential"]!.GetValue<string>()))
        {
            Assert.Equal(200, fetched[list]!["status"]!.GetValue<int>());
            Assert.StartsWith("application/vc+jwt", fetched[list]!["contentType"]!.GetValue<string>());
        }
        Assert.All(fetched, f => Assert.Equal(200, f.Value!["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ACredentialTheSchemaRefuses_AndOneWithAnUndefinedTerm_FailTheIndependentTools()
    {
        var urls = app.Services.GetRequiredService<CredentialUrls>();
        var subject = new JsonObject
        {
            ["id"] = "did:pkh:eip155:31337:0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            ["endorser"] = "did:pkh:eip155:31337:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            ["rating"] = 300, ["category"] = "delivery", ["attestationUid"] = "0x" + new string('1', 64), ["occurredAt"] = "yesterday",
        };
        JsonObject Credential(JsonObject claims) => new()
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context, urls.Context),
            ["id"] = "urn:uuid:5f1c8e0a-3b6d-4c1e-9f7a-2d8b4e6c0a11",
            ["type"] = new JsonArray("VerifiableCredential", "EndorsementCredential"),
            ["issuer"] = "did:pkh:eip155:31337:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            ["validFrom"] = "2026-11-26T12:00:00Z",
            ["credentialSchema"] = new JsonObject { ["id"] = urls.Schema("endorsement-credential-v1.json"), ["type"] = "JsonSchema" },
            ["credentialSubject"] = claims,
        };
        var undefinedTerm = (JsonObject)subject.DeepClone();
        undefinedTerm["rating"] = 5;
        undefinedTerm["occurredAt"] = "2026-11-26T09:00:00Z";
        undefinedTerm["surprise"] = "not in any context";

        var answer = InteropScripts.Run("check-jsonld-and-schema.mjs", new JsonObject
        {
            ["base"] = app.BaseUrl,
            ["credentials"] = new JsonArray(Credential(subject), Credential(undefinedTerm)),
        });
        var results = answer["results"]!.AsArray();
        Assert.False(results[0]!["schema"]!["valid"]!.GetValue<bool>());
        var errors = results[0]!["schema"]!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.StartsWith("/credentialSubject/rating maximum"));
        Assert.Contains(errors, e => e.StartsWith("/credentialSubject/occurredAt format"));
        Assert.Contains("Safe mode validation error", results[1]!["error"]!.GetValue<string>());
        await Task.CompletedTask;
    }

    private async Task<AttestationView> EndorsementAsync()
    {
        using var endorser = EthPrivateKey.Generate();
        using var endorsed = EthPrivateKey.Generate();
        var client = await CredentialClient.SignedInAsync(app, endorser);
        var typed = await TypedDataAsync(client, $"attester={endorser.Address}&subject={endorsed.Address}&rating=5&category=logistics&comment=on%20time");
        var uid = (await (await PostAsync(client, "/v1/attestations", typed, Sign(typed, endorser))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("uid").GetString()!;
        await WaitForStatusAsync(client, uid, "confirmed");
        return (await client.GetFromJsonAsync<AttestationView>($"/v1/attestations/{uid}"))!;
    }

    private static JsonObject Payload(JsonObject envelope)
    {
        var jws = envelope["id"]!.GetValue<string>()[VcConstants.EnvelopeDataUrlPrefix.Length..];
        Assert.True(Base64Url.TryDecode(jws.Split('.')[1], out var bytes));
        return JsonNode.Parse(bytes)!.AsObject();
    }
}

public sealed class SqlitePublicUrlTests(PublicUrlApplication app) : PublicUrlTests<PublicUrlApplication>(app), IClassFixture<PublicUrlApplication>;

public sealed class PostgresPublicUrlTests(PostgresPublicUrlApplication app) : PublicUrlTests<PostgresPublicUrlApplication>(app), IClassFixture<PostgresPublicUrlApplication>;

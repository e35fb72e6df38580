using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Hosting;

/// <summary>
/// Issue 15: one input pipeline. JSON that does not parse, a body of the wrong shape or type, a query or
/// route value that does not parse, an empty body: 400 problem details naming the field. Control
/// characters are refused at input, so SQLite and PostgreSQL answer the same (PostgreSQL cannot store NUL).
/// </summary>
public abstract class InputPipelineTests(AuthApplication app)
{
    private readonly EthPrivateKey _party = EthPrivateKey.Generate();

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "/v1/auth/login", "{not json", "body" },
        { "/v1/auth/refresh", "{\"refreshToken\": 5}", "refreshToken" },
        { "/v1/auth/logout", "[1,2]", "body" },
        { "/v1/attestations", "{\"message\": {\"attester\": ", "message" },
        { "/v1/reciprocity-events", "{\"message\": 7, \"signature\": {}}", "signature" },
        { "/v1/reward-programs", "{\"name\": 5, \"symbol\": \"R\"}", "name" },
        { "/v1/reward-programs", "{\"name\": \"R\", \"epochLengthSeconds\": \"soon\"}", "epochLengthSeconds" },
        { "/v1/reward-programs", "{\"name\": \"R\", \"rules\": {\"rewards\": [{\"amount\": 12}]}}", "rules.rewards[0].amount" },
        { "/v1/reward-programs", "{\"name\": \"R\", \"epochLengthSeconds\": 99999999999999999999999}", "epochLengthSeconds" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_Is400NamingTheField(string path, string body, string field)
    {
        var client = await AdminAsync();
        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var errors = await AssertValidationAsync(response);
        Assert.True(errors.TryGetProperty(field, out _), $"{path} {body}: {errors}");
    }

    [Theory]
    [InlineData("/v1/network/graph?depth=abc", "depth")]
    [InlineData("/v1/network/graph?depth=9", "depth")]
    [InlineData("/v1/reputation?minConfidence=abc", "minConfidence")]
    [InlineData("/v1/reputation?minConfidence=NaN", "minConfidence")]
    [InlineData("/v1/attestations?from=abc", "from")]
    [InlineData("/v1/attestations?to=99999999999999999999999", "to")]
    [InlineData("/v1/reward-programs/abc", "id")]
    [InlineData("/v1/snapshots/1e3", "epoch")]
    [InlineData("/v1/parties?q=%00", "q")]
    [InlineData("/v1/reputation?sector=a%00b", "sector")]
    [InlineData("/v1/parties/%01", "address")]
    public async Task UnparsableQueryOrRouteValue_Is400NamingIt(string url, string field)
    {
        var errors = await AssertValidationAsync(await app.CreateClient().GetAsync(url));
        Assert.True(errors.TryGetProperty(field, out _), $"{url}: {errors}");
    }

    [Theory]
    [InlineData("Ac\\u0000me")]
    [InlineData("Ac\\u0007me")]
    [InlineData("Ac\\ud800me")]
    public async Task ProfileName_WithAControlCharacterOrBrokenUnicode_Is400OnBothDatabases(string escaped)
    {
        var client = await Siwe.SignInAsync(app.CreateClient(), _party) is var tokens ? app.CreateClient().WithBearer(tokens.AccessToken) : null!;
        var response = await client.PutAsync($"/v1/parties/{_party.Address}",
            new StringContent($"{{\"name\": \"{escaped}\"}}", Encoding.UTF8, "application/json"));

        var errors = await AssertValidationAsync(response);
        Assert.True(errors.TryGetProperty("name", out _), errors.ToString());
    }

    [Fact]
    public async Task EmptyBody_WhereOneIsRequired_Is400()
    {
        var response = await (await AdminAsync()).PostAsync("/v1/auth/login", new StringContent("", Encoding.UTF8, "application/json"));
        var errors = await AssertValidationAsync(response);
        Assert.True(errors.TryGetProperty("body", out _));
    }

    [Theory]
    [InlineData("{\"verifiableCredential\": \"a.b.c\"}")]
    [InlineData("{\"verifiableCredential\": {\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": \"EnvelopedVerifiableCredential\", \"id\": \"data:application/vc+jwt,abc.def.ghi\"}}")]
    public async Task MalformedJwsCredential_FailsVerification_AsA400NotA500(string body)
    {
        var response = await app.CreateClient().PostAsync("/credentials/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("verified").GetBoolean());
        Assert.Equal("https://trustledger.dev/problems/credential-not-verified", result.GetProperty("type").GetString());
    }

    [Fact]
    public async Task MalformedJwsInsideAPresentation_FailsVerification_AsA400NotA500()
    {
        const string body = """
            {"verifiablePresentation": {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
             "verifiableCredential": [{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "EnvelopedVerifiableCredential",
                                       "id": "data:application/vc+jwt,abc.def.ghi"}]}}
            """;
        var response = await app.CreateClient().PostAsync("/presentations/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verified").GetBoolean());
    }

    private async Task<HttpClient> AdminAsync() => app.CreateClient().WithBearer((await Siwe.SignInAsync(app.CreateClient(), app.Admin)).AccessToken);

    private static async Task<JsonElement> AssertValidationAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.StartsWith("https://trustledger.dev/problems/", body.GetProperty("type").GetString());
        return body.GetProperty("errors");
    }
}

public sealed class SqliteInputPipelineTests(AuthApplication app) : InputPipelineTests(app), IClassFixture<AuthApplication>;

public sealed class PostgresInputPipelineTests(PostgresAuthApplication app) : InputPipelineTests(app), IClassFixture<PostgresAuthApplication>;

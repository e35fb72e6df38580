using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TrustLedger.Api.Tests.Health;

public abstract class HealthTests(TrustLedgerApplication app, string kind)
{
    [Fact]
    public async Task Health_WithChainAndDatabaseUp_IsOkAndDescribesBoth()
    {
        var client = app.CreateClient();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        var chain = body.GetProperty("chain");
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        Assert.True(chain.GetProperty("latestBlock").GetInt64() > 0);
        var registry = chain.GetProperty("contracts").GetProperty("AttestationRegistry");
        Assert.True(registry.GetProperty("codeDeployed").GetBoolean());
        Assert.StartsWith("0x", registry.GetProperty("address").GetString());
        var database = body.GetProperty("database");
        Assert.Equal(kind, database.GetProperty("kind").GetString());
        Assert.True(database.GetProperty("migrationVersion").GetInt32() >= 1);
        // The automatic issuance budget (no anonymous gas without a bound) is visible to an operator.
        var issuance = body.GetProperty("issuance");
        Assert.True(issuance.GetProperty("perDay").GetInt32() > 0);
        Assert.Equal(issuance.GetProperty("perDay").GetInt64() - issuance.GetProperty("used").GetInt64(), issuance.GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task UnknownRoute_IsAProblemDetailsResponse()
    {
        var client = app.CreateClient();

        var response = await client.GetAsync("/no-such-thing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("https://trustledger.dev/problems/not-found", body.GetProperty("type").GetString());
    }
}

public sealed class SqliteHealthTests(TrustLedgerApplication app) : HealthTests(app, "sqlite"), IClassFixture<TrustLedgerApplication>;

public sealed class PostgresHealthTests(PostgresApplication app) : HealthTests(app, "postgres"), IClassFixture<PostgresApplication>;

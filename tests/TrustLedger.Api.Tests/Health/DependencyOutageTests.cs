using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Health;

/// <summary>The host on PostgreSQL with its chain node and its database each behind a proxy the tests can take away.</summary>
public sealed class OutageApplication() : TrustLedgerApplication("postgres")
{
    public JsonRpcProxy Node { get; private set; } = null!;
    public TcpForwarder Database { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Node = new JsonRpcProxy(RpcUrl);
        var server = new NpgsqlConnectionStringBuilder(ConnectionString);
        Database = new TcpForwarder(server.Host!, server.Port);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Chain:RpcUrl", Node.Url);
        var forwarded = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = Database.Port };
        builder.UseSetting("ConnectionStrings:Database", forwarded.ConnectionString);
        builder.UseSetting("Limits:PerClientPer10Seconds", "60");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Node.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// Issue 15: a dependency that is down gives a fast 503 with Retry-After (within 2 s) from every endpoint
/// that needs it, never a 500 and never a 20 s hang; /health answers within 2 s naming what is down,
/// and probes are never rate-limited out.
/// </summary>
public sealed class DependencyOutageTests(OutageApplication app) : IClassFixture<OutageApplication>
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(2);
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate();

    [Fact]
    public async Task Attest_WithTheNodeStoppedOrHung_Is503WithRetryAfterWithinTwoSeconds_AndWorksWhenItIsBack()
    {
        var client = await SignedInAsync(app, _alice);
        var typed = await TypedDataAsync(client, $"attester={_alice.Address}&subject={EthPrivateKey.Generate().Address}&rating=4");
        var signature = Sign(typed, _alice);
        try
        {
            app.Node.Stop();
            await AssertFast503Async(() => PostAsync(client, "/v1/attestations", typed, signature), "chain-unavailable", "stopped node, POST /v1/attestations");
            await AssertFast503Async(() => client.GetAsync("/v1/attestations/typed-data?attester=" + _alice.Address + "&subject=" + EthPrivateKey.Generate().Address + "&rating=3"),
                "chain-unavailable", "stopped node, GET typed-data");
            await AssertHealthDownAsync(client, "chain", "stopped node");

            app.Node.Start();
            await WaitHealthyAsync(client);
            app.Node.Hang = true;
            await Task.Delay(100);
            await AssertFast503Async(() => PostAsync(client, "/v1/attestations", typed, signature), "chain-unavailable", "hung node, POST /v1/attestations");
            await AssertHealthDownAsync(client, "chain", "hung node");
        }
        finally
        {
            app.Node.Hang = false;
            app.Node.Start();
        }

        await WaitHealthyAsync(client);
        var accepted = await PostAsync(client, "/v1/attestations", typed, signature);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var uid = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        await WaitForStatusAsync(client, uid, "confirmed");
    }

    [Fact]
    public async Task Reads_WithTheDatabaseDown_Are503WithinTwoSeconds_AndHealthNamesIt()
    {
        var client = app.CreateClient();
        try
        {
            app.Database.Stop();
            await AssertFast503Async(() => client.GetAsync("/v1/parties?q=acme"), "database-unavailable", "database down, GET /v1/parties");
            await AssertFast503Async(() => client.GetAsync($"/v1/attestations?subject={_alice.Address}"), "database-unavailable", "database down, GET /v1/attestations");
            await AssertHealthDownAsync(client, "database", "database down");
        }
        finally
        {
            app.Database.Start();
        }
        await WaitHealthyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/parties?q=acme")).StatusCode);
    }

    [Fact]
    public async Task HealthProbes_AreNeverRateLimited_WhileOtherRequestsOfTheSameClientAre()
    {
        // A client address of its own: the limit is per address, and the other tests share the default one.
        using var client = new HttpClient(app.Server.CreateHandler(c => c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7")))
        {
            BaseAddress = new Uri("http://localhost"),
        };
        var limited = 0;
        for (var i = 0; i < 80; i++)
            if ((await client.GetAsync("/v1/network/summary")).StatusCode == HttpStatusCode.TooManyRequests) limited++;
        Assert.True(limited > 0, "the per-client limit (60 per 10 s here) should have refused some of 80 requests");

        for (var i = 0; i < 80; i++)
        {
            var probe = await client.GetAsync(i % 2 == 0 ? "/health" : "/livez");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, probe.StatusCode);
        }
    }

    private static async Task AssertFast503Async(Func<Task<HttpResponseMessage>> send, string code, string what)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        clock.Stop();
        var body = await response.Content.ReadAsStringAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms");
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode} {body}");
        Assert.True(clock.Elapsed < Fast, $"{what}: answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://trustledger.dev/problems/" + code, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Every answer within 2 s; probes share one check per second, so the outage shows within a second or two.</summary>
    private static async Task AssertHealthDownAsync(HttpClient client, string part, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(3);
        while (true)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.GetAsync("/health");
            clock.Stop();
            TestContext.Current.TestOutputHelper?.WriteLine($"{what}: /health {(int)response.StatusCode} in {clock.ElapsedMilliseconds} ms");
            Assert.True(clock.Elapsed < Fast, $"/health answered after {clock.ElapsedMilliseconds} ms");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var down = body.TryGetProperty("down", out var d) ? d.EnumerateArray().Select(e => e.GetString()).ToList() : [];
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && down.Contains(part))
            {
                Assert.Equal("https://trustledger.dev/problems/unhealthy", body.GetProperty("type").GetString());
                Assert.Equal("down", body.GetProperty(part).GetProperty("status").GetString());
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                return;
            }
            Assert.True(DateTime.UtcNow < until, $"/health does not name {part} as down: {body}");
            await Task.Delay(200);
        }
    }

    private static async Task WaitHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the service did not become healthy again");
    }
}

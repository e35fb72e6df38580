using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustLedger.Api.Tests.Snapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Chain;

/// <summary>
/// The chain is replaced under a running service: its node (reached through a proxy) becomes a second Hardhat node
/// with another genesis and none of our contracts. The service says so once (log, /health), refuses intake with 503,
/// fails the request it held with a reason that says so, serves no proof of the old chain, marks the old records,
/// and, started again, begins clean on the new chain with distinct, verified contracts and epochs from 1.
/// </summary>
public abstract class ChainReplacementTests(string databaseKind) : IAsyncLifetime
{
    private PrivateNode _first = null!, _second = null!;
    private JsonRpcProxy _proxy = null!;
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate();
    private readonly string _partner = EthPrivateKey.Generate().Address.ToLowerHex();

    public async ValueTask InitializeAsync()
    {
        _first = await PrivateNode.StartAsync();
        _second = await PrivateNode.StartAsync();
        _proxy = new JsonRpcProxy(_first.Url);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task ReplacedChain_IsOneEvent_NothingStaleIsServed_AndARestartBeginsClean()
    {
        var logs = new LogCollector();
        var app = new ReplaceableChainApplication(databaseKind, _proxy, logs);
        await app.InitializeAsync();
        await app.FundAsync(_first.Url);
        var client = await SignedInAsync(app, _alice);
        var first = await EndorseAsync(client, "rating=5");
        await WaitForStatusAsync(client, first, "confirmed");
        await app.IndexedThroughAsync(await BlockNumberAsync(_first.Url));
        var admin = await SignedInAsync(app, app.Admin);
        var epoch = (await (await admin.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot").GetProperty("epoch").GetInt64();
        await SnapshotsApiTests.PublishedAsync(client, epoch);
        Assert.Equal(1, epoch);
        await WaitAsync(async () => await client.GetAsync($"/v1/reputation/{_partner}") is { IsSuccessStatusCode: true } r
            && (await r.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("snapshot", out var s) && s.ValueKind == JsonValueKind.Object);
        var held = await EndorseAsync(client, "rating=4"); // waits out the batch window: still held when the chain goes

        await app.FundAsync(_second.Url);
        _proxy.UpstreamUrl = _second.Url;

        var health = await WaitForHealthAsync(client, "replaced");
        Assert.Equal(503, health.GetProperty("status").GetInt32());
        Assert.StartsWith("chain replaced: ", health.GetProperty("chain").GetProperty("error").GetString());
        var typed = await TypedDataAsync(client, Query("rating=3"));
        var refused = await PostAsync(client, "/v1/attestations", typed, Sign(typed, _alice));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.EndsWith("/chain-replaced", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var failed = await WaitForStatusAsync(client, held, "failed");
        Assert.Contains("ChainGone", failed.ToString());
        var reputation = await client.GetAsync($"/v1/reputation/{_partner}");
        Assert.False(reputation.IsSuccessStatusCode && (await reputation.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("snapshot", out var stale) && stale.ValueKind == JsonValueKind.Object);
        await Task.Delay(2000); // the watch keeps running: still one message
        Assert.Equal(1, logs.Count("The chain was replaced"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT COUNT(*) FROM snapshots WHERE old_chain IS NOT NULL"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT COUNT(*) FROM attestations"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT COUNT(*) FROM chain_transactions WHERE old_chain IS NULL"));
        var sentBefore = _proxy.Requests.Count(r => r["method"]?.GetValue<string>() == "eth_sendRawTransaction");
        await app.DisposeAsync();

        // Started again on the new chain: a new generation, new contracts at distinct addresses, epochs from 1.
        await using var again = new ReplaceableChainApplication(databaseKind, _proxy, logs, app.ConnectionString, app.Deployments);
        await again.InitializeAsync();
        client = await SignedInAsync(again, _alice);
        health = await WaitForHealthAsync(client, "current");
        var deployment = again.Services.GetRequiredService<ChainConnection>().Deployment;
        Assert.Equal(3, deployment.Contracts.Values.Select(c => c.Address).Distinct().Count());
        foreach (var (name, contract) in deployment.Contracts)
            Assert.NotNull(await ContractCode.ArtifactHashAsync(new Nethereum.Web3.Web3(_second.Url), name, contract.Address));
        Assert.Equal(2L, await again.ScalarAsync<long>("SELECT COUNT(*) FROM chain_generations"));
        var renewed = await EndorseAsync(client, "rating=5");
        await WaitForStatusAsync(client, renewed, "confirmed");
        await again.IndexedThroughAsync(await BlockNumberAsync(_second.Url));
        var fresh = (await (await (await SignedInAsync(again, again.Admin)).PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot");
        Assert.Equal(1, fresh.GetProperty("epoch").GetInt64());
        await SnapshotsApiTests.PublishedAsync(client, 1);
        var list = await client.GetFromJsonAsync<JsonElement>("/v1/snapshots");
        Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("failed", (await client.GetFromJsonAsync<JsonElement>($"/v1/attestations/{held}")).GetProperty("status").GetString());
        Assert.True(_proxy.Requests.Count(r => r["method"]?.GetValue<string>() == "eth_sendRawTransaction") > sentBefore);
        Assert.Equal(0, logs.Count("UNIQUE constraint"));
        Assert.Equal(0, logs.Count("Object reference not set"));
    }

    private string Query(string rating) => $"attester={_alice.Address}&subject={_partner}&{rating}&category=logistics&comment=on+time";

    private async Task<string> EndorseAsync(HttpClient client, string rating)
    {
        var typed = await TypedDataAsync(client, Query(rating));
        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, _alice));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
    }

    private static async Task<JsonElement> WaitForHealthAsync(HttpClient client, string identity)
    {
        JsonElement body = default;
        await WaitAsync(async () =>
        {
            body = await (await client.GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>();
            return body.TryGetProperty("chain", out var chain) && chain.GetProperty("identity").GetString() == identity;
        });
        return body;
    }

    private static async Task WaitAsync(Func<Task<bool>> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the condition did not hold in time");
            await Task.Delay(200);
        }
    }

    private static async Task<long> BlockNumberAsync(string url)
    {
        using var http = new HttpClient();
        return Convert.ToInt64((await TestServices.RpcAsync(http, url, "eth_blockNumber")).GetString(), 16);
    }
}

public sealed class ChainReplacementSqliteTests() : ChainReplacementTests("sqlite");

public sealed class ChainReplacementPostgresTests() : ChainReplacementTests("postgres");

/// <summary>The host on a chain reached through <paramref name="proxy"/>, its keys funded on whichever node is behind it.</summary>
internal sealed class ReplaceableChainApplication(
    string databaseKind, JsonRpcProxy proxy, LogCollector logs, string? connectionString = null, string? deployments = null,
    string? mnemonic = null)
    : SnapshotApplication(databaseKind)
{
    public new string ConnectionString => connectionString ?? base.ConnectionString;
    public string Deployments { get; } = deployments ?? Directory.CreateTempSubdirectory("trustledger-deployments-").FullName;
    /// <summary>The service's keys: a restart of the same service passes the first one's (the publisher's role is on that key).</summary>
    public string Mnemonic { get; } = mnemonic ?? new NBitcoin.Mnemonic(NBitcoin.Wordlist.English, NBitcoin.WordCount.Twelve).ToString();

    public async Task FundAsync(string nodeUrl)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 4; i++)
            await TestServices.RpcAsync(http, nodeUrl, "hardhat_setBalance", new ServiceKey("test", KeyStore.Derive(Mnemonic, i)).Address, "0x3635C9ADC5DEA00000");
        await FundContractAdminAsync(nodeUrl);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var url = proxy.UpstreamUrl;
        await FundAsync(url);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var db = Database.Open(ConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Database", ConnectionString);
        builder.UseSetting("Chain:RpcUrl", proxy.Url);
        builder.UseSetting("Chain:DeploymentsDirectory", Deployments);
        builder.UseSetting("Chain:WatchInterval", "00:00:00.300");
        builder.UseSetting("Keys:Mnemonic", Mnemonic);
        builder.UseSetting("Relayer:BatchWindow", "00:00:02");
        builder.ConfigureLogging(l => l.AddProvider(logs));
    }
}

/// <summary>Every log message of the hosts it is given to, to count what was said.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly List<string> _messages = [];

    public int Count(string text)
    {
        lock (_messages) return _messages.Count(m => m.Contains(text, StringComparison.Ordinal));
    }

    public ILogger CreateLogger(string categoryName) => new Collecting(this);

    public void Dispose() { }

    private sealed class Collecting(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages) owner._messages.Add(formatter(state, exception) + (exception is null ? "" : " " + exception.Message));
        }
    }
}

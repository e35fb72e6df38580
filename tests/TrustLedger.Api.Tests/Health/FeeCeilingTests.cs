using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Health;

/// <summary>A Hardhat node of this class's own: the test turns automine off, which would stall everyone else.</summary>
public sealed class FeeCeilingNode : IAsyncLifetime
{
    public PrivateNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Node = await PrivateNode.StartAsync();

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// A relayer transaction nobody mines is replaced with higher fees, every Transactions:StuckAfter, up to
/// Transactions:FeeCeilingGwei and never above; then the sender stops bidding and /health raises the alert. Once
/// blocks come again the request is confirmed and the alert clears.
/// </summary>
public sealed class FeeCeilingTests(FeeCeilingNode fixture) : IClassFixture<FeeCeilingNode>
{
    private const decimal CeilingGwei = 10m;
    private readonly HttpClient _http = new();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task StuckRelayerTransaction_IsBumpedToTheCeilingAndNoFurther_AndHealthShowsTheAlert(string databaseKind)
    {
        var url = fixture.Node.Url;
        var database = databaseKind == "postgres" ? await TestServices.CreatePostgresDatabaseAsync() : TestServices.CreateSqliteDatabase();
        await using var app = new PrivateChainApplication(url, database);
        var client = app.CreateClient(); // starts the host: deploys and registers schemas while blocks are still mined
        using var alice = EthPrivateKey.Generate();
        var signedIn = await SignedInAsync(app, alice);
        var typed = await TypedDataAsync(signedIn, $"attester={alice.Address}&subject={EthPrivateKey.Generate().Address}&rating=5&category=supplier&comment=ok");

        await TestServices.RpcAsync(_http, url, "evm_setAutomine", false);
        try
        {
            var accepted = await PostAsync(signedIn, "/v1/attestations", typed, Sign(typed, alice));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var uid = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;

            var relayer = await EventuallyAsync(client, h => Relayer(h) is { } r && r.GetProperty("atFeeCeiling").GetBoolean(), "the relayer reaches the fee ceiling");
            var health = await client.GetFromJsonAsync<JsonElement>("/health");
            Assert.Equal("alert", health.GetProperty("transactions").GetProperty("status").GetString());
            Assert.Contains("fee ceiling", relayer.GetProperty("alert").GetString());
            Assert.Equal("ok", health.GetProperty("status").GetString()); // the service still serves: a person is alerted, nothing is taken down

            var fees = await FeesAsync(app.Db);
            await Task.Delay(1500); // many StuckAfter periods: no further bid
            Assert.Equal(fees.Count, (await FeesAsync(app.Db)).Count);
            var ceiling = new BigInteger(CeilingGwei * 1_000_000_000m);
            Assert.True(fees.Count >= 4, $"only {fees.Count} attempts before the ceiling");
            Assert.All(fees, f => Assert.True(f <= ceiling, $"bid {f} wei above the ceiling {ceiling}"));
            Assert.Equal(fees.Order(), fees);                       // every replacement bid higher
            Assert.True(fees[^1] * 110 > ceiling * 100, "stopped below the ceiling with room for another bid");

            await TestServices.RpcAsync(_http, url, "evm_setAutomine", true);
            await TestServices.RpcAsync(_http, url, "evm_mine");
            await WaitForStatusAsync(signedIn, uid, "confirmed", 60);
            await EventuallyAsync(client, h => h.GetProperty("transactions").GetProperty("status").GetString() == "ok", "the alert clears");
        }
        finally
        {
            await TestServices.RpcAsync(_http, url, "evm_setAutomine", true);
        }
    }

    private static JsonElement? Relayer(JsonElement health) =>
        health.GetProperty("transactions").GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("job").GetString() == "relayer") is { ValueKind: JsonValueKind.Object } r
            ? r : null;

    private static async Task<JsonElement> EventuallyAsync(HttpClient client, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync("/health");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (body.TryGetProperty("transactions", out var t) && t.ValueKind == JsonValueKind.Object && condition(body))
                return Relayer(body) ?? body;
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}: {body}");
            await Task.Delay(100);
        }
    }

    /// <summary>The max fee of every attempt of the relayer's one transaction, oldest first.</summary>
    private static async Task<List<BigInteger>> FeesAsync(Database db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var fees = await connection.QueryAsync<string>("SELECT max_fee_per_gas FROM chain_transactions WHERE purpose = 'relayer' ORDER BY id");
        return [.. fees.Select(f => BigInteger.Parse(f, CultureInfo.InvariantCulture))];
    }

    /// <summary>The host on the private node, Hardhat's dev keys, a fast stuck timer and a low fee ceiling.</summary>
    private sealed class PrivateChainApplication(string url, string database) : Auth.AuthApplication
    {
        public Database Db => Services.GetRequiredService<Database>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Chain:RpcUrl", url);
            builder.UseSetting("ConnectionStrings:Database", database);
            builder.UseSetting("Chain:DeploymentsDirectory", Directory.CreateTempSubdirectory("trustledger-deployments-").FullName);
            builder.UseSetting("Keys:Mnemonic", ""); // Hardhat's dev accounts, funded on this node
            builder.UseSetting("Transactions:StuckAfter", "00:00:00.150");
            builder.UseSetting("Transactions:FeeCeilingGwei", CeilingGwei.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Relayer:BatchWindow", "00:00:00");
            builder.UseSetting("Rewards:Enabled", "false");
        }
    }
}

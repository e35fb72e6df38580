using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Relationships.PartyActions;

namespace TrustLedger.Api.Tests.Relationships;

/// <summary>
/// A supplier with four kinds of relationship, made through the API on a node of its own: a fresh mutual one (D),
/// an endorsement never returned (B, with a profile), a reciprocity event proposed and never confirmed (C),
/// and a partner whose latest rating fell (E). A tie fades after a tenth of the one-day half-life (2.4 h of chain
/// time), which the fading test passes by moving this node's clock, so neither a slow setup on a loaded machine
/// nor the shared node's other tests decide it.
/// </summary>
public class RelationshipsApplication : TrustLedgerApplication
{
    private PrivateNode? _node;

    public RelationshipsApplication() : this("sqlite") { }

    protected RelationshipsApplication(string kind) : base(kind) { }

    public EthPrivateKey Supplier { get; } = EthPrivateKey.Generate();
    public EthPrivateKey B { get; } = EthPrivateKey.Generate();
    public EthPrivateKey C { get; } = EthPrivateKey.Generate();
    public EthPrivateKey D { get; } = EthPrivateKey.Generate();
    public EthPrivateKey E { get; } = EthPrivateKey.Generate();
    public string Address(EthPrivateKey k) => k.Address.ToLowerHex();
    public string ProposalToC { get; private set; } = "";

    public const double HalfLifeDays = 1;
    public const double FadingShare = 0.1;

    /// <summary>Seconds of chain time after which a tie with no new evidence fades.</summary>
    public const double FadingAfterSeconds = HalfLifeDays * FadingShare * 86400;

    protected override async Task<string> ChainUrlAsync()
    {
        _node = await PrivateNode.StartAsync();
        return _node.Url;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_node is not null) await _node.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Reputation:HalfLifeDays", HalfLifeDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Relationships:FadingShareOfHalfLife", FadingShare.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var s = Address(Supplier);
        await WriteProfileAsync(this, B, "Bravo Freight", "https://bravo.example", "logistics", "EU-West");
        List<string> uids =
        [
            await EndorseAsync(this, B, s, 5),
            await ProposeAsync(this, Supplier, Address(C), 5),
            await EndorseAsync(this, D, s, 5),
            await EndorseAsync(this, Supplier, Address(D), 4),
            await EndorseAsync(this, E, s, 5),
        ];
        ProposalToC = uids[1];
        await WaitForBoardAsync(this, uids, s); // E's later rating comes after the first, so the drop is the newest
        await WaitForBoardAsync(this, [await EndorseAsync(this, E, s, 2)], s);
    }
}

public sealed class PostgresRelationshipsApplication() : RelationshipsApplication("postgres");

public abstract class RelationshipsApiTests(RelationshipsApplication app)
{
    private string Supplier => app.Address(app.Supplier);

    private async Task<JsonElement> TiesAsync() => await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/parties/{Supplier}/ties");

    private static JsonElement TieWith(JsonElement ties, string address) =>
        ties.GetProperty("ties").EnumerateArray().Single(t => t.GetProperty("address").GetString() == address);

    private static List<string> Reasons(JsonElement tie) =>
        [.. tie.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!)];

    [Fact]
    public async Task Tie_WithNoEvidenceForTheConfiguredTime_IsFlaggedFading_WithItsReason()
    {
        var fresh = TieWith(await TiesAsync(), app.Address(app.D));
        Assert.Equal("mutual", fresh.GetProperty("direction").GetString());
        Assert.DoesNotContain("fading", Reasons(fresh));
        Assert.False(fresh.GetProperty("atRisk").GetBoolean());

        // Let the configured time pass on the chain with no new evidence (a block without attestations, later by that much).
        using var http = new HttpClient();
        await TestServices.RpcAsync(http, app.RpcUrl, "evm_increaseTime", (long)RelationshipsApplication.FadingAfterSeconds + 60);
        await TestServices.RpcAsync(http, app.RpcUrl, "evm_mine");
        var block = (await TestServices.RpcAsync(http, app.RpcUrl, "eth_blockNumber")).GetString()!;
        var ties = await WaitForBoardPastAsync(app, Supplier, Convert.ToInt64(block, 16));

        var faded = TieWith(ties, app.Address(app.D));
        Assert.True(faded.GetProperty("atRisk").GetBoolean());
        var risk = faded.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "fading");
        Assert.Contains("Nothing new", risk.GetProperty("why").GetString());
        Assert.Contains("propose a reciprocity event", risk.GetProperty("nextStep").GetString());
        Assert.True(faded.GetProperty("strength").GetDouble() < fresh.GetProperty("strength").GetDouble()); // recency decays it
    }

    [Fact]
    public async Task ProposedButNeverConfirmedEvent_FlagsTheTieOneSided_NamingTheEvent()
    {
        var tie = TieWith(await TiesAsync(), app.Address(app.C));

        Assert.Equal("outgoing", tie.GetProperty("direction").GetString());
        var risk = tie.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "one-sided");
        Assert.Contains("has not confirmed it", risk.GetProperty("why").GetString());
        Assert.Contains(app.ProposalToC, risk.GetProperty("nextStep").GetString());
    }

    [Fact]
    public async Task EndorsementNeverReturned_IsOneSided_AndShowsThePartnersName()
    {
        var ties = await TiesAsync();
        var tie = TieWith(ties, app.Address(app.B));

        Assert.Equal("Bravo Freight", tie.GetProperty("name").GetString());
        Assert.Equal("incoming", tie.GetProperty("direction").GetString());
        Assert.Contains(tie.GetProperty("kind").GetString(), new[] { "bonding", "bridging", "linking" });
        var risk = tie.GetProperty("risks").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "one-sided");
        Assert.Equal("Bravo Freight vouches for you; you have not returned it.", risk.GetProperty("why").GetString());
        Assert.StartsWith("Bravo Freight", tie.GetProperty("summary").GetString()!.Split(" with ")[1]);
        // Mutual beats one-sided at equal freshness and rating.
        Assert.True(TieWith(ties, app.Address(app.D)).GetProperty("strength").GetDouble() > tie.GetProperty("strength").GetDouble());
    }

    [Fact]
    public async Task LatestRatingWellBelowTheEarlierOnes_IsTurningNegative()
    {
        var tie = TieWith(await TiesAsync(), app.Address(app.E));

        Assert.Equal(2, tie.GetProperty("evidence").GetInt32());
        Assert.Contains("turning-negative", Reasons(tie));
    }

    [Fact]
    public async Task TiesCsv_HasCrmColumns_AndOneRowPerTie()
    {
        var response = await app.CreateClient().GetAsync($"/v1/parties/{Supplier}/ties.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Name,Website,Industry,Region,Wallet Address,Tie Kind,Relationship Strength,Last Evidence,At Risk,At Risk Reason,Next Step", lines[0]);
        Assert.Equal(5, lines.Length); // B, C, D, E
        var bravo = lines.Single(l => l.StartsWith("Bravo Freight,", StringComparison.Ordinal));
        Assert.StartsWith($"Bravo Freight,https://bravo.example,logistics,EU-West,{app.Address(app.B)},", bravo);
        Assert.Contains(",true,", bravo);
    }

    [Fact]
    public async Task Ties_OfAPartyWithoutAny_IsAnEmptyList_AndABadAddressIs400()
    {
        var client = app.CreateClient();
        var empty = await client.GetFromJsonAsync<JsonElement>($"/v1/parties/{EthPrivateKey.Generate().Address.ToLowerHex()}/ties");
        var bad = await client.GetAsync("/v1/parties/0x12/ties");

        Assert.Equal(0, empty.GetProperty("ties").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

public sealed class SqliteRelationshipsApiTests(RelationshipsApplication app) : RelationshipsApiTests(app), IClassFixture<RelationshipsApplication>;

public sealed class PostgresRelationshipsApiTests(PostgresRelationshipsApplication app) : RelationshipsApiTests(app), IClassFixture<PostgresRelationshipsApplication>;

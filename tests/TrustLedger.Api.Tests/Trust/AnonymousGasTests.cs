using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Api.Tests.Snapshots;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;
using static TrustLedger.Api.Tests.Trust.ChainFacts;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>The snapshot host with a daily budget of three automatic credentials and a board that refreshes every half second.</summary>
public class BudgetSnapshotApplication : SnapshotApplication
{
    public const int PerDay = 3;

    public BudgetSnapshotApplication() : this("sqlite") { }

    protected BudgetSnapshotApplication(string databaseKind) : base(databaseKind) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Credentials:AutomaticIssuancePerDay", PerDay.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Reputation:RefreshInterval", "00:00:00.500");
    }
}

public sealed class PostgresBudgetSnapshotApplication() : BudgetSnapshotApplication("postgres");

/// <summary>
/// Issue 14, point 6, as the attack: anyone, signed in or not, asks over and over for a party's
/// ReputationCredential (each new one is an anchor our key pays for), while endorsements keep the
/// board refreshing. Anchors: at most one per party per published snapshot epoch, and never more
/// per day than Credentials:AutomaticIssuancePerDay, after which issuance answers 503 with
/// Retry-After and /health shows the spent budget.
/// </summary>
public abstract class AnonymousGasTests<TApp>(TApp app) where TApp : BudgetSnapshotApplication
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long> PublishSnapshotAsync()
    {
        var admin = await SignedInAsync(app, app.Admin);
        var response = await admin.PostAsync("/v1/snapshots", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var epoch = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("snapshot").GetProperty("epoch").GetInt64();
        await SnapshotsApiTests.PublishedAsync(app.CreateClient(), epoch);
        return epoch;
    }

    private static async Task<string> CredentialIdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Credential anchors about <paramref name="party"/> the indexer saw on chain.</summary>
    private async Task<List<string>> AnchorsAboutAsync(string party)
    {
        var page = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/attestations?subject={party}&schema=credential-anchor&limit=100", Ct);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uid").GetString()!)];
    }

    /// <summary>An endorsement on chain, then waits for a board computed past it (a refresh the next request is served from).</summary>
    private async Task RefreshWithEndorsementAsync(int from, int to)
    {
        var block = await app.EndorseAsync(from, to, 4);
        await ReputationAsOfAsync(app.CreateClient(), app.Business(to), block);
    }

    [Fact]
    public async Task HundredAnonymousRequests_AcrossBoardRefreshes_AnchorOncePerPartyPerEpoch_ThenTheBudgetStopsIssuance()
    {
        var party = app.Business(1);
        await app.EndorseAsync(0, 1, 5);
        await app.EndorseAsync(0, 2, 4);
        await app.EndorseAsync(1, 2, 5);
        await app.IndexedThroughAsync(await app.EndorseAsync(2, 3, 3));
        var first = await PublishSnapshotAsync();

        var ids = new List<string>();
        // Ten at once first: concurrent callers must not anchor twice either.
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.CreateClient().GetAsync($"/v1/reputation/{party}/credential", Ct)));
        foreach (var response in burst) ids.Add(await CredentialIdAsync(response));
        long second = 0;
        for (var i = 10; i < 100; i++)
        {
            if (i == 25) await RefreshWithEndorsementAsync(3, 1);
            if (i == 50)
            {
                await RefreshWithEndorsementAsync(4, 2);
                second = await PublishSnapshotAsync();
            }
            if (i == 75) await RefreshWithEndorsementAsync(4, 1);
            ids.Add(await CredentialIdAsync(await app.CreateClient().GetAsync($"/v1/reputation/{party}/credential", Ct)));
        }

        Assert.True(second > first);
        Assert.Single(ids.Take(50).Distinct());
        Assert.Single(ids.Skip(50).Distinct());
        Assert.NotEqual(ids[0], ids[50]);
        // On chain (as indexed): exactly the two anchors, one per epoch, each valid in the registry itself.
        await EventuallyAsync(async () => (await AnchorsAboutAsync(party)).Count >= 2, "both epochs' anchors indexed");
        await Task.Delay(1000, Ct);
        var anchors = await AnchorsAboutAsync(party);
        Assert.Equal(2, anchors.Count);
        foreach (var uid in anchors) Assert.True(await IsValidOnChainAsync(app, uid));

        // The third automatic credential of the day spends the budget; the fourth is refused, repeats stay free.
        await CredentialIdAsync(await app.CreateClient().GetAsync($"/v1/reputation/{app.Business(2)}/credential", Ct));
        var refused = await app.CreateClient().GetAsync($"/v1/reputation/{app.Business(3)}/credential", Ct);
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "issuance-budget-spent");
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 86400 }, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(ids[^1], await CredentialIdAsync(await app.CreateClient().GetAsync($"/v1/reputation/{party}/credential", Ct)));
        Assert.Empty(await AnchorsAboutAsync(app.Business(3)));

        var health = await (await app.CreateClient().GetAsync("/health", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var issuance = health.GetProperty("issuance");
        Assert.Equal(BudgetSnapshotApplication.PerDay, issuance.GetProperty("perDay").GetInt32());
        Assert.Equal(BudgetSnapshotApplication.PerDay, issuance.GetProperty("used").GetInt32());
        Assert.Equal(0, issuance.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task AnonymousRequest_ForAPartyNoSnapshotHolds_Is401_AndAnchorsNothing()
    {
        using var a = EthPrivateKey.Generate();
        using var b = EthPrivateKey.Generate();
        var (_, block) = await new DirectParty(app, a).EndorseAsync(b.Address.ToLowerHex(), 5);
        await ReputationAsOfAsync(app.CreateClient(), b.Address.ToLowerHex(), block);

        var response = await app.CreateClient().GetAsync($"/v1/reputation/{b.Address.ToLowerHex()}/credential", Ct);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token-missing");
        // Another signed-in party may not have it issued on our gas either.
        var other = await SignedInAsync(app, a);
        await (await other.GetAsync($"/v1/reputation/{b.Address.ToLowerHex()}/credential", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "not-self");
        Assert.Empty(await AnchorsAboutAsync(b.Address.ToLowerHex()));
    }
}

public sealed class SqliteAnonymousGasTests(BudgetSnapshotApplication app)
    : AnonymousGasTests<BudgetSnapshotApplication>(app), IClassFixture<BudgetSnapshotApplication>;

public sealed class PostgresAnonymousGasTests(PostgresBudgetSnapshotApplication app)
    : AnonymousGasTests<PostgresBudgetSnapshotApplication>(app), IClassFixture<PostgresBudgetSnapshotApplication>;

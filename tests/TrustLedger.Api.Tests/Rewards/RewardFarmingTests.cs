using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using TrustLedger.Api.Hosting;
using TrustLedger.Api.Relaying;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Rewards;

/// <summary>A community: a seed (the chamber of commerce) that endorsed two members before any program existed.</summary>
public class CommunityApplication : RewardsApplication
{
    public CommunityApplication() : this("sqlite") { }

    protected CommunityApplication(string databaseKind) : base(databaseKind) { }

    private readonly SemaphoreSlim _setup = new(1, 1);
    private bool _ready;

    public EthPrivateKey Seed { get; } = EthPrivateKey.Generate();
    public EthPrivateKey Member1 { get; } = EthPrivateKey.Generate();
    public EthPrivateKey Member2 { get; } = EthPrivateKey.Generate();

    public async Task EnsureCommunityAsync(RewardsHarness h)
    {
        await _setup.WaitAsync();
        try
        {
            if (_ready) return;
            await h.EndorseAsync(Seed, Member1);
            await h.EndorseAsync(Seed, Member2);
            _ready = true;
        }
        finally
        {
            _setup.Release();
        }
    }
}

public sealed class PostgresCommunityApplication() : CommunityApplication("postgres");

/// <summary>Farming attempts earn nothing beyond the rules.</summary>
public abstract class RewardFarmingTests(CommunityApplication app)
{
    private readonly RewardsHarness _h = new(app, app.Admin);

    private object Guarded(object reward, long cooldown = 3_600, string? memberCap = null) => new
    {
        rewards = new[] { reward },
        pairCooldownSeconds = cooldown,
        memberEpochCap = memberCap,
        reputation = new { seeds = new[] { app.Seed.Address.ToLowerHex() }, minCounterpartyScore = 1, minRecipientScore = 1 },
    };

    private async Task<long> ProgramAsync(object rules)
    {
        await app.EnsureCommunityAsync(_h);
        return (await _h.CreateProgramAsync(RewardsHarness.Program(rules: rules))).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task MutualEndorsementLoop_EarnsOnce_ThenThePairCooldownHolds()
    {
        var id = await ProgramAsync(Guarded(new { schema = "endorsement", amount = "1", recipients = "subject" }));
        var (m1, m2) = (app.Member1, app.Member2);

        var loop = new List<(EthPrivateKey Subject, string Uid)>();
        for (var i = 0; i < 2; i++)
        {
            loop.Add((m2, await _h.EndorseAsync(m1, m2)));
            loop.Add((m1, await _h.EndorseAsync(m2, m1)));
        }

        var decisions = new List<JsonElement>();
        foreach (var (subject, uid) in loop) decisions.Add(await _h.SettledAsync(id, subject, uid));
        Assert.Equal(["1", "0", "0", "0"], decisions.Select(d => d.GetProperty("amount").GetString()));
        Assert.All(decisions.Skip(1), d => Assert.Equal("pair-cooldown", d.GetProperty("reason").GetString()));
        Assert.Equal(["0", "1"], [await _h.BalanceAsync(id, m1), await _h.BalanceAsync(id, m2)]);
    }

    [Fact]
    public async Task SybilRing_WithoutTrustFromTheCommunitysSeeds_EarnsNothing_WhileTrustedMembersDo()
    {
        var id = await ProgramAsync(Guarded(new { schema = "reciprocity", amount = "10", recipients = "both" }));
        EthPrivateKey[] ring = [EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate()];
        await _h.EndorseAsync(ring[0], ring[1]); // the ring vouches for itself too
        await _h.EndorseAsync(ring[1], ring[0]);

        var ringEvents = new List<string>();
        for (var i = 0; i < ring.Length; i++) ringEvents.Add(await _h.ReciprocityEventAsync(ring[i], ring[(i + 1) % ring.Length]));
        var honest = await _h.ReciprocityEventAsync(app.Member1, app.Member2);

        for (var i = 0; i < ring.Length; i++)
        {
            var asProposer = await _h.SettledAsync(id, ring[i], ringEvents[i]);
            Assert.Equal(("0", "skipped"), (asProposer.GetProperty("amount").GetString(), asProposer.GetProperty("status").GetString()));
            Assert.Contains(asProposer.GetProperty("reason").GetString(), (string[])["counterparty-reputation", "recipient-reputation"]);
            Assert.Equal("0", await _h.BalanceAsync(id, ring[i]));
        }
        Assert.Equal("minted", (await _h.SettledAsync(id, app.Member2, honest)).GetProperty("status").GetString());
        Assert.Equal(["10", "10"], [await _h.BalanceAsync(id, app.Member1), await _h.BalanceAsync(id, app.Member2)]);
    }

    [Fact]
    public async Task SecondAddressOfAMember_EarnsNothingWithoutStanding_AndLentStandingIsBoundByCooldownAndCap()
    {
        var id = await ProgramAsync(Guarded(new { schema = "reciprocity", amount = "10", recipients = "both" }, memberCap: "10"));
        var member = app.Member1;
        var second = EthPrivateKey.Generate();

        var selfDealing = await _h.ReciprocityEventAsync(second, member);
        var forSecond = await _h.SettledAsync(id, second, selfDealing);
        var forMember = await _h.SettledAsync(id, member, selfDealing);
        Assert.Equal(("0", "recipient-reputation"), (forSecond.GetProperty("amount").GetString(), forSecond.GetProperty("reason").GetString()));
        Assert.Equal(("0", "counterparty-reputation"), (forMember.GetProperty("amount").GetString(), forMember.GetProperty("reason").GetString()));

        // The member lends its own standing to the second address, then ping-pongs with it.
        await _h.EndorseAsync(member, second);
        var pingPong = new List<string>();
        for (var i = 0; i < 3; i++) pingPong.Add(i % 2 == 0 ? await _h.ReciprocityEventAsync(member, second) : await _h.ReciprocityEventAsync(second, member));

        var earned = new List<string?>();
        foreach (var uid in pingPong) earned.Add((await _h.SettledAsync(id, second, uid)).GetProperty("amount").GetString());
        Assert.Equal(1, earned.Count(a => a != "0")); // at most one paying event per pair and cooldown ...
        Assert.True(decimal.Parse(await _h.BalanceAsync(id, second)) <= 10); // ... and never beyond the member epoch cap
        Assert.All((await _h.HistoryAsync(id, second)).Where(r => r.GetProperty("amount").GetString() == "0" && pingPong.Contains(r.GetProperty("eventUid").GetString()!)),
            r => Assert.Contains(r.GetProperty("reason").GetString(), (string[])["pair-cooldown", "recipient-reputation"]));
    }

    [Fact]
    public async Task ReplayedSignatures_AreRefused_AndNothingIsEarnedTwice_NotEvenWhenTheMintIsRepeated()
    {
        var id = await ProgramAsync(new { rewards = new[] { new { schema = "reciprocity", amount = "10", recipients = "both" } } });
        var (proposer, counterparty) = (EthPrivateKey.Generate(), EthPrivateKey.Generate());
        var client = await _h.ClientAsync(proposer);
        var data = Hex.Encode(Core.Attestations.ProductSchemas.Reciprocity.Parsed.Encode(Core.Attestations.ProductSchemas.ToBytes32("delivery")!, (byte)5, "PO-9"));
        var proposal = await TypedDataAsync(client, $"schema=reciprocity&attester={proposer.Address}&subject={counterparty.Address}&data={data}");
        var signature = Sign(proposal, proposer);

        var first = await PostAsync(client, "/v1/reciprocity-events", proposal, signature);
        var replay = await PostAsync(client, "/v1/reciprocity-events", proposal, signature);
        var uid = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(uid, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()); // the same request, not a second one
        await WaitForStatusAsync(client, uid, "confirmed");
        var signed = SignedMessages.ReadAttestation(new SignedMessage(JsonSerializer.SerializeToElement(proposal["message"]), signature), new InputFields());
        var direct = new AttestByDelegationFunction { Request = signed.ToContract() }.GetCallData();
        Assert.Equal("NonceUsed", await _h.RevertOfAsync(_h.Chain.Keys.Relayer.Address, _h.Chain.Deployment.AddressOf("AttestationRegistry"), direct));

        var (confirmation, confirmationSignature) = await _h.SignedConfirmationAsync(counterparty, proposer, uid, "PO-9");
        Assert.Equal(HttpStatusCode.Accepted, (await _h.PostConfirmationAsync(counterparty, uid, confirmation, confirmationSignature)).StatusCode);
        await _h.WaitConfirmedEventAsync(uid);
        Assert.Equal(HttpStatusCode.Accepted, (await _h.PostConfirmationAsync(counterparty, uid, confirmation, confirmationSignature)).StatusCode);
        await _h.SettledAsync(id, proposer, uid, "minted");
        await _h.SettledAsync(id, counterparty, uid, "minted");

        // A lost database update: the service believes the rewards were never minted and mints them again.
        var db = app.Services.GetRequiredService<Database>();
        await using (var connection = await db.OpenConnectionAsync())
            Assert.Equal(2, await connection.ExecuteAsync("UPDATE rewards SET status = 'pending' WHERE program_id = @id AND event_uid = @uid", new { id, uid }));
        await RewardsHarness.EventuallyAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM reward_transactions WHERE program_id = @id AND kind = 'mint' AND status = 'mined'", new { id }) == 2
                && await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rewards WHERE program_id = @id AND status = 'minted'", new { id }) == 2;
        }, "the repeated mint is mined and the rewards are minted again");

        Assert.Equal(["10", "10"], [await _h.BalanceAsync(id, proposer), await _h.BalanceAsync(id, counterparty)]);
        Assert.Single(await _h.HistoryAsync(id, proposer));
        Assert.Equal("20", (await _h.StatsAsync(id)).GetProperty("token").GetProperty("totalIssued").GetString());
    }
}

public sealed class SqliteRewardFarmingTests(CommunityApplication app) : RewardFarmingTests(app), IClassFixture<CommunityApplication>;

public sealed class PostgresRewardFarmingTests(PostgresCommunityApplication app) : RewardFarmingTests(app), IClassFixture<PostgresCommunityApplication>;

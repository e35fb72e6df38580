using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Contracts;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Rewards;

/// <summary>The real host with an admin, fast polling of the indexer and the rewards worker.</summary>
public class RewardsApplication : AuthApplication
{
    public RewardsApplication() : this("sqlite") { }

    protected RewardsApplication(string databaseKind) : base(databaseKind) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Indexer:PollInterval", "00:00:00.100");
        builder.UseSetting("Rewards:PollInterval", "00:00:00.100");
        builder.UseSetting("Rewards:RetryAfter", "00:00:00.500");
        builder.UseSetting("Rewards:AdminWait", "00:01:00");
    }
}

public sealed class PostgresRewardsApplication() : RewardsApplication("postgres");

/// <summary>
/// What the reward tests do through the real API: programs as an admin, confirmed reciprocity events and
/// endorsements as the parties (signed in with SIWE, signed EIP-712, relayed), and reads of what they earned.
/// </summary>
public sealed class RewardsHarness(TrustLedgerApplication app, EthPrivateKey admin)
{
    private readonly Dictionary<EthAddress, HttpClient> _clients = [];
    public HttpClient Anonymous { get; } = app.CreateClient();

    public ChainConnection Chain => app.Services.GetRequiredService<ChainConnection>();

    public async Task<HttpClient> ClientAsync(EthPrivateKey key)
    {
        if (!_clients.TryGetValue(key.Address, out var client)) _clients[key.Address] = client = await SignedInAsync(app, key);
        return client;
    }

    public static object Program(string budget = "0", string epochCap = "1000", bool transferable = false, object? rules = null) => new
    {
        name = "Market Association Points", symbol = "MAP", epochLengthSeconds = 86_400, epochCap, budget, transferable,
        rules = rules ?? new { rewards = new[] { new { schema = "reciprocity", amount = "10", recipients = "both" } } },
    };

    public async Task<JsonElement> CreateProgramAsync(object body)
    {
        var response = await (await ClientAsync(admin)).PostAsJsonAsync("/v1/reward-programs", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create program: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<HttpResponseMessage> AdminPostAsync(string path, object? body = null) =>
        await (await ClientAsync(admin)).PostAsJsonAsync(path, body ?? new { });

    /// <summary>
    /// An admin operation the new way: the API hands out the contract admin's transactions (no service key may send
    /// them), the admin's own wallet sends them, and the program follows the token's events. Returns the program once
    /// <paramref name="done"/> holds for it.
    /// </summary>
    public async Task<JsonElement> AdminActAsync(long program, string operation, object? body, Func<JsonElement, bool> done, string what)
    {
        var response = await AdminPostAsync($"/v1/reward-programs/{program}/{operation}", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {json}");
        var contractAdmin = app.ContractAdmin.Address.ToLowerHex();
        Assert.Equal(contractAdmin, json.GetProperty("admin").GetString());
        Assert.DoesNotContain(Chain.Keys.All, k => k.Address == contractAdmin);
        foreach (var call in json.GetProperty("calls").EnumerateArray())
        {
            Assert.Equal(contractAdmin, call.GetProperty("from").GetString());
            await app.SendAsContractAdminAsync(call.GetProperty("to").GetString()!, call.GetProperty("data").GetString()!, Chain.Options.RpcUrl);
        }
        JsonElement found = default;
        await EventuallyAsync(async () => done(found = await Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{program}")), what);
        return found;
    }

    private static string Reciprocity(string kind, int rating, string reference) =>
        Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32(kind)!, (byte)rating, reference));

    /// <summary>
    /// A reciprocity event both sides confirmed, through the API; returns its uid once indexed as confirmed.
    /// <paramref name="deadline"/> (unix seconds) bounds both signatures, else the service's default hour.
    /// </summary>
    public async Task<string> ReciprocityEventAsync(EthPrivateKey proposer, EthPrivateKey counterparty, string reference = "PO-1", long? deadline = null)
    {
        var id = await ProposeAsync(proposer, counterparty, reference, deadline);
        await ConfirmAsync(counterparty, proposer, id, reference, deadline);
        return id;
    }

    public async Task<string> ProposeAsync(EthPrivateKey proposer, EthPrivateKey counterparty, string reference = "PO-1", long? deadline = null)
    {
        var client = await ClientAsync(proposer);
        var proposal = await TypedDataAsync(client,
            $"schema=reciprocity&attester={proposer.Address}&subject={counterparty.Address}&data={Reciprocity("delivery", 5, reference)}{Deadline(deadline)}");
        var response = await PostAsync(client, "/v1/reciprocity-events", proposal, Sign(proposal, proposer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        await WaitForStatusAsync(client, id, "confirmed");
        return id;
    }

    private static string Deadline(long? deadline) => deadline is { } d ? $"&deadline={d}" : "";

    public async Task<(JsonElement TypedData, string Signature)> SignedConfirmationAsync(EthPrivateKey counterparty, EthPrivateKey proposer, string id,
        string reference = "PO-1", long? deadline = null)
    {
        var confirmation = await TypedDataAsync(Anonymous,
            $"schema=reciprocity&attester={counterparty.Address}&subject={proposer.Address}&refUid={id}&data={Reciprocity("delivery", 4, reference)}{Deadline(deadline)}");
        return (JsonSerializer.SerializeToElement(confirmation), Sign(confirmation, counterparty));
    }

    public async Task ConfirmAsync(EthPrivateKey counterparty, EthPrivateKey proposer, string id, string reference = "PO-1", long? deadline = null)
    {
        var (typedData, signature) = await SignedConfirmationAsync(counterparty, proposer, id, reference, deadline);
        var response = await PostConfirmationAsync(counterparty, id, typedData, signature);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitConfirmedEventAsync(id);
    }

    public async Task<HttpResponseMessage> PostConfirmationAsync(EthPrivateKey counterparty, string id, JsonElement typedData, string signature) =>
        await (await ClientAsync(counterparty)).PostAsJsonAsync($"/v1/reciprocity-events/{id}/confirm", new { message = typedData.GetProperty("message"), signature });

    public async Task WaitConfirmedEventAsync(string id) =>
        await EventuallyAsync(async () => (await Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}"))
            .GetProperty("status").GetString() == "confirmed", $"event {id} is confirmed on chain");

    /// <summary>An endorsement (5 stars) through the API; returns its uid once indexed.</summary>
    public async Task<string> EndorseAsync(EthPrivateKey from, EthPrivateKey to)
    {
        var client = await ClientAsync(from);
        var typed = await TypedDataAsync(client, $"attester={from.Address}&subject={to.Address}&rating=5&category=supplier");
        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, from));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        await WaitForStatusAsync(client, uid, "confirmed");
        return uid;
    }

    public Task<JsonElement> MemberAsync(long program, EthPrivateKey member) =>
        Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{program}/members/{member.Address}");

    public async Task<JsonElement[]> HistoryAsync(long program, EthPrivateKey member) =>
        [.. (await Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{program}/members/{member.Address}/rewards?limit=200"))
            .GetProperty("items").EnumerateArray()];

    /// <summary>The member's decisions about <paramref name="eventUid"/> once settled (not pending or minting).</summary>
    public async Task<JsonElement> SettledAsync(long program, EthPrivateKey member, string eventUid, params string[] statuses)
    {
        statuses = statuses.Length == 0 ? ["minted", "skipped"] : statuses;
        JsonElement found = default;
        await EventuallyAsync(async () =>
        {
            var match = (await HistoryAsync(program, member)).Where(r => r.GetProperty("eventUid").GetString() == eventUid).ToList();
            if (match.Count == 0) return false;
            found = Assert.Single(match);
            return statuses.Contains(found.GetProperty("status").GetString());
        }, $"{member.Address}'s reward for {eventUid} settles as {string.Join("/", statuses)}");
        return found;
    }

    public async Task<string> BalanceAsync(long program, EthPrivateKey member) =>
        (await MemberAsync(program, member)).GetProperty("balance").GetString()!;

    public Task<JsonElement> StatsAsync(long program) => Anonymous.GetFromJsonAsync<JsonElement>($"/v1/reward-programs/{program}/stats");

    /// <summary>The custom error a call from <paramref name="from"/> would revert with (eth_estimateGas), or null if it would succeed.</summary>
    public async Task<string?> RevertOfAsync(string from, string to, byte[] callData)
    {
        try
        {
            await Chain.Web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(Hex.Encode(callData), to) { From = from, Value = new HexBigInteger(0) });
            return null;
        }
        catch (RpcResponseException e)
        {
            var (code, _) = CustomErrors.Rewards.Describe(e);
            var data = e.RpcError?.Data?.ToString()?.Trim('"');
            // Not a token error: try the registry's.
            return code == "Reverted" && data is not null && Hex.TryDecode(data, out var bytes) ? CustomErrors.Registry.Describe(bytes).Code : code;
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(150);
        }
    }
}

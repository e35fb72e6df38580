using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Relationships;

/// <summary>What parties do through the API in these tests: endorse, propose, write a profile; and waiting for the board.</summary>
public static class PartyActions
{
    public static async Task<string> EndorseAsync(TrustLedgerApplication app, EthPrivateKey attester, string subject, int rating)
    {
        var client = await SignedInAsync(app, attester);
        var typed = await TypedDataAsync(client, $"attester={attester.Address}&subject={subject}&rating={rating}&category=logistics");
        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, attester));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
    }

    public static async Task<string> ProposeAsync(TrustLedgerApplication app, EthPrivateKey proposer, string counterparty, int rating)
    {
        var client = await SignedInAsync(app, proposer);
        var data = Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)rating, "PO-7"));
        var typed = await TypedDataAsync(client, $"schema=reciprocity&attester={proposer.Address}&subject={counterparty}&data={data}");
        var response = await PostAsync(client, "/v1/reciprocity-events", typed, Sign(typed, proposer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
    }

    public static async Task<string> ConfirmAsync(TrustLedgerApplication app, EthPrivateKey counterparty, string proposer, string proposalUid, int rating)
    {
        var client = await SignedInAsync(app, counterparty);
        var data = Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)rating, "PO-7"));
        var typed = await TypedDataAsync(client, $"schema=reciprocity&attester={counterparty.Address}&subject={proposer}&refUid={proposalUid}&data={data}");
        var response = await PostAsync(client, $"/v1/reciprocity-events/{proposalUid}/confirm", typed, Sign(typed, counterparty));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
    }

    public static async Task WriteProfileAsync(TrustLedgerApplication app, EthPrivateKey owner, string name, string website, string sector, string region)
    {
        var client = await SignedInAsync(app, owner);
        var response = await client.PutAsJsonAsync($"/v1/parties/{owner.Address.ToLowerHex()}", new { name, website, sector, region });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits until every uid is confirmed on chain and a board at or past their blocks is served; returns that block.</summary>
    public static async Task<long> WaitForBoardAsync(TrustLedgerApplication app, IEnumerable<string> uids, string anyParty)
    {
        var client = app.CreateClient();
        long last = 0;
        foreach (var uid in uids) last = Math.Max(last, (await WaitForStatusAsync(client, uid, "confirmed")).GetProperty("block").GetInt64());
        await WaitForBoardPastAsync(app, anyParty, last);
        return last;
    }

    public static async Task<JsonElement> WaitForBoardPastAsync(TrustLedgerApplication app, string party, long block)
    {
        var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync($"/v1/parties/{party}/ties");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var ties = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (ties.GetProperty("asOfBlock").GetInt64() >= block) return ties;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the reputation board did not reach block {block}");
    }
}

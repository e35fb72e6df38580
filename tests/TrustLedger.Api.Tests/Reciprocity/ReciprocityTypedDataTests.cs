using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Reciprocity;

/// <summary>
/// Issue 15: a newcomer proposes and confirms a reciprocity event with only what /docs describes: the
/// service builds both messages (no ABI encoding on the client), the wallets sign them as returned.
/// </summary>
public sealed class ReciprocityTypedDataTests(TrustLedgerApplication app) : IClassFixture<TrustLedgerApplication>
{
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();
    private readonly EthPrivateKey _buyer = EthPrivateKey.Generate();

    [Fact]
    public async Task ProposeAndConfirm_WithTheServicesTypedData_EndsConfirmedWithTheDecodedFields()
    {
        var supplier = await SignedInAsync(app, _supplier);
        var proposalResponse = await supplier.GetAsync(
            $"/v1/reciprocity-events/typed-data?proposer={_supplier.Address}&counterparty={_buyer.Address}&kind=delivery&rating=5&reference=PO-1001");
        Assert.Equal(HttpStatusCode.OK, proposalResponse.StatusCode);
        var proposal = (await proposalResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = proposalResponse.Headers.GetValues("X-Reciprocity-Event-Id").Single();

        var proposed = await PostAsync(supplier, "/v1/reciprocity-events", proposal, Sign(proposal, _supplier));
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        Assert.Equal(id, (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString());

        var buyer = await SignedInAsync(app, _buyer);
        var confirmation = (await buyer.GetFromJsonAsync<JsonObject>($"/v1/reciprocity-events/{id}/confirmation/typed-data?rating=4&reference=received"))!;
        Assert.Equal(_buyer.Address.ToLowerHex(), confirmation["message"]!["attester"]!.GetValue<string>());
        Assert.Equal(id, confirmation["message"]!["refUID"]!.GetValue<string>());
        var confirmed = await PostAsync(buyer, $"/v1/reciprocity-events/{id}/confirm", confirmation, Sign(confirmation, _buyer));
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);

        var view = await WaitForEventAsync(supplier, id, "confirmed");
        var fields = view.GetProperty("proposal").GetProperty("fields");
        Assert.Equal("delivery", fields.GetProperty("kind").GetString());
        Assert.Equal(5, fields.GetProperty("rating").GetInt32());
        Assert.Equal("PO-1001", fields.GetProperty("reference").GetString());
        Assert.Equal(4, view.GetProperty("confirmation").GetProperty("fields").GetProperty("rating").GetInt32());

        // Confirmed already: a second confirmation would never count, so none is handed out.
        var again = await buyer.GetAsync($"/v1/reciprocity-events/{id}/confirmation/typed-data?rating=4");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ProposalTypedData_WithBadFields_NamesEach_AndASelfEventIsRefusedUpFront()
    {
        var client = app.CreateClient();
        var bad = await client.GetAsync($"/v1/reciprocity-events/typed-data?proposer={_supplier.Address}&counterparty=nope&rating=9&kind={new string('k', 40)}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "counterparty", "rating", "kind" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var self = await client.GetAsync($"/v1/reciprocity-events/typed-data?proposer={_supplier.Address}&counterparty={_supplier.Address}&rating=5&kind=delivery");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Equal("https://trustledger.dev/problems/SelfAttestation", (await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task ConfirmationTypedData_ForNoEvent_Is404()
    {
        var response = await app.CreateClient().GetAsync($"/v1/reciprocity-events/0x{new string('1', 64)}/confirmation/typed-data?rating=3");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<JsonElement> WaitForEventAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement view = default;
        while (DateTime.UtcNow < deadline)
        {
            view = await client.GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}");
            if (view.GetProperty("status").GetString() == status) return view;
            await Task.Delay(100);
        }
        throw new TimeoutException($"event {id} did not reach {status}: {view}");
    }
}

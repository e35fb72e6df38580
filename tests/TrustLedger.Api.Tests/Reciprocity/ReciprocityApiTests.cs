using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Reciprocity;

public sealed class ReciprocityApiTests(TrustLedgerApplication app) : IClassFixture<TrustLedgerApplication>
{
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();
    private readonly EthPrivateKey _buyer = EthPrivateKey.Generate();

    private static string Data(string kind, int rating, string reference) =>
        Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32(kind)!, (byte)rating, reference));

    [Fact]
    public async Task ProposedThenConfirmedByTheCounterparty_IsConfirmedOnChain()
    {
        var client = await SignedInAsync(app, _supplier);
        var proposal = await TypedDataAsync(client,
            $"schema=reciprocity&attester={_supplier.Address}&subject={_buyer.Address}&data={Data("delivery", 5, "PO-1001")}");
        var proposed = await PostAsync(client, "/v1/reciprocity-events", proposal, Sign(proposal, _supplier));
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var id = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        await WaitForStatusAsync(client, id, "confirmed");
        var before = await client.GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}");
        Assert.Equal("proposed", before.GetProperty("status").GetString());

        var confirmation = await TypedDataAsync(client,
            $"schema=reciprocity&attester={_buyer.Address}&subject={_supplier.Address}&refUid={id}&data={Data("delivery", 4, "PO-1001")}");
        var buyerClient = await SignedInAsync(app, _buyer);
        var confirmed = await PostAsync(buyerClient, $"/v1/reciprocity-events/{id}/confirm", confirmation, Sign(confirmation, _buyer));
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement view;
        do
        {
            await Task.Delay(100);
            view = await client.GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}");
        } while (view.GetProperty("status").GetString() != "confirmed" && DateTime.UtcNow < deadline);
        Assert.Equal("confirmed", view.GetProperty("status").GetString());
        // No wait: an event reads confirmed only once the reputation this replica serves counts the trade.
        var supplier = await client.GetFromJsonAsync<JsonElement>($"/v1/reputation/{_supplier.Address.ToLowerHex()}");
        Assert.True(supplier.GetProperty("asOfBlock").GetInt64() >= view.GetProperty("confirmation").GetProperty("block").GetInt64());
        Assert.Equal(1, supplier.GetProperty("evidence").GetProperty("confirmedReciprocity").GetInt32());
        Assert.Equal(_supplier.Address.ToLowerHex(), view.GetProperty("proposer").GetString());
        Assert.Equal("delivery", view.GetProperty("proposal").GetProperty("fields").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ConfirmationByAThirdParty_IsRefusedBeforeRelaying()
    {
        var client = await SignedInAsync(app, _supplier);
        var proposal = await TypedDataAsync(client,
            $"schema=reciprocity&attester={_supplier.Address}&subject={_buyer.Address}&data={Data("referral", 5, "intro")}");
        var id = (await (await PostAsync(client, "/v1/reciprocity-events", proposal, Sign(proposal, _supplier)))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        using var stranger = EthPrivateKey.Generate();

        var bogus = await TypedDataAsync(client,
            $"schema=reciprocity&attester={stranger.Address}&subject={_supplier.Address}&refUid={id}&data={Data("referral", 5, "intro")}");
        var response = await PostAsync(await SignedInAsync(app, stranger), $"/v1/reciprocity-events/{id}/confirm", bogus, Sign(bogus, stranger));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("message.attester", out _));
    }

    [Fact]
    public async Task ProposalUnderAnotherSchema_IsRefused()
    {
        var client = await SignedInAsync(app, _supplier);
        var endorsement = await TypedDataAsync(client, $"attester={_supplier.Address}&subject={_buyer.Address}&rating=4");

        var response = await PostAsync(client, "/v1/reciprocity-events", endorsement, Sign(endorsement, _supplier));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

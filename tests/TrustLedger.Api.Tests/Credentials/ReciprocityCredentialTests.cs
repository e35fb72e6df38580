using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>The host with a fast background check for confirmed events.</summary>
public sealed class ReciprocityCredentialApplication : Auth.AuthApplication
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Credentials:ReciprocityScanInterval", "00:00:00.300");
    }
}

/// <summary>Each confirmed reciprocity event gets one ReciprocityCredential with both parties as subjects and holders.</summary>
public sealed class ReciprocityCredentialTests(ReciprocityCredentialApplication app) : IClassFixture<ReciprocityCredentialApplication>
{
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();
    private readonly EthPrivateKey _buyer = EthPrivateKey.Generate();

    private static string Data(int rating) =>
        Hex.Encode(ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)rating, "PO-7"));

    /// <summary>Supplier proposes, buyer confirms, both relayed; returns the event id once the event reads confirmed.</summary>
    private async Task<string> ConfirmedEventAsync()
    {
        var supplier = await SignedInAsync(app, _supplier);
        var proposal = await TypedDataAsync(supplier, $"schema=reciprocity&attester={_supplier.Address}&subject={_buyer.Address}&data={Data(5)}");
        var proposed = await PostAsync(supplier, "/v1/reciprocity-events", proposal, Sign(proposal, _supplier));
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var id = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
        await WaitForStatusAsync(supplier, id, "confirmed");
        var before = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials");
        Assert.Equal("proposed", before.GetProperty("status").GetString());
        Assert.Empty(before.GetProperty("credentials").EnumerateArray());

        var confirmation = await TypedDataAsync(supplier,
            $"schema=reciprocity&attester={_buyer.Address}&subject={_supplier.Address}&refUid={id}&data={Data(4)}");
        var confirmed = await PostAsync(await SignedInAsync(app, _buyer), $"/v1/reciprocity-events/{id}/confirm", confirmation, Sign(confirmation, _buyer));
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        var clock = Stopwatch.StartNew();
        while ((await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}")).GetProperty("status").GetString() != "confirmed")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"event {id} not confirmed");
            await Task.Delay(100);
        }
        return id;
    }

    [Fact]
    public async Task ConfirmedEvent_GetsOneReciprocityCredential_HeldByBothParties()
    {
        var id = await ConfirmedEventAsync();

        var first = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials");
        var again = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials");

        Assert.Equal("confirmed", first.GetProperty("status").GetString());
        var credential = Assert.Single(first.GetProperty("credentials").EnumerateArray());
        Assert.Equal(credential.GetProperty("id").GetString(), Assert.Single(again.GetProperty("credentials").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("ReciprocityCredential", credential.GetProperty("type").GetString());
        Assert.Equal(new[] { _supplier.Address.ToLowerHex(), _buyer.Address.ToLowerHex() }.Order(),
            credential.GetProperty("holders").EnumerateArray().Select(h => h.GetString()!).Order());
        var subjects = credential.GetProperty("verifiableCredential").GetProperty("credentialSubject").EnumerateArray().ToList();
        Assert.Equal(2, subjects.Count);
        Assert.All(subjects, s => Assert.Equal(id, s.GetProperty("eventUid").GetString()));
        Assert.Equal("delivery", subjects[0].GetProperty("eventType").GetString());

        var credentialId = credential.GetProperty("id").GetString()!;
        await CredentialClient.WaitForStateAsync(app.CreateClient(), credentialId, "active");
        var verify = await CredentialClient.VerifyAsync(app.CreateClient(),
            System.Text.Json.Nodes.JsonNode.Parse(credential.GetProperty("verifiableCredential").GetRawText())!);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verify.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(("passed", "schema.ok"), CredentialClient.Check(result, "schema"));
        var buyerList = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/credentials?holder={_buyer.Address}");
        Assert.Contains(buyerList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == credentialId);
    }

    [Fact]
    public async Task ConfirmedEvent_IsIssuedByTheBackgroundCheck_WithoutAnyoneAsking()
    {
        var id = await ConfirmedEventAsync();

        var clock = Stopwatch.StartNew();
        JsonElement credential = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var list = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/credentials?holder={_supplier.Address}");
            credential = list.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("source").GetString() == $"reciprocity:{id}");
            if (credential.ValueKind == JsonValueKind.Object) break;
            await Task.Delay(200);
        }

        Assert.Equal(JsonValueKind.Object, credential.ValueKind);
        var viaEvent = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials");
        Assert.Equal(credential.GetProperty("id").GetString(), viaEvent.GetProperty("credentials")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task UnknownEvent_Is404()
    {
        var response = await app.CreateClient().GetAsync($"/v1/reciprocity-events/{RegistryUidsZero}/credentials");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private const string RegistryUidsZero = "0x00000000000000000000000000000000000000000000000000000000000000aa";
}

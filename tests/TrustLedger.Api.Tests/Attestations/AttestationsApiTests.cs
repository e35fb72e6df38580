using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Attestations;

public abstract class AttestationsApiTests(TrustLedgerApplication app)
{
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate();
    private readonly string _partner = EthPrivateKey.Generate().Address.ToLowerHex();

    private string Query(string? extra = null) =>
        $"attester={_alice.Address}&subject={_partner}&rating=5&category=logistics&comment=on+time{extra}";

    [Fact]
    public async Task Endorse_SignedTypedData_IsRelayedIndexedListedAndRevocable()
    {
        var client = await SignedInAsync(app, _alice);
        var typed = await TypedDataAsync(client, Query());
        Assert.Equal("Attest", typed["primaryType"]!.GetValue<string>());
        Assert.Equal(31337, typed["domain"]!["chainId"]!.GetValue<long>());

        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, _alice));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var uid = accepted.GetProperty("uid").GetString()!;
        Assert.StartsWith(_alice.Address.ToLowerHex(), uid);
        Assert.Equal($"/v1/attestations/{uid}", response.Headers.Location?.OriginalString);
        var confirmed = await WaitForStatusAsync(client, uid, "confirmed");
        Assert.Equal(_partner, confirmed.GetProperty("subject").GetString());
        Assert.Equal("endorsement", confirmed.GetProperty("schemaName").GetString());
        Assert.Equal(5, confirmed.GetProperty("fields").GetProperty("rating").GetInt32());
        Assert.Equal("logistics", confirmed.GetProperty("fields").GetProperty("category").GetString());
        Assert.True(confirmed.GetProperty("block").GetInt64() > 0);

        var list = await client.GetFromJsonAsync<JsonElement>($"/v1/attestations?subject={_partner}");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("uid").GetString() == uid);

        var revocation = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            $"/v1/attestations/{uid}/revocation/typed-data?revoker={_alice.Address}");
        var revoked = await PostAsync(client, $"/v1/attestations/{uid}/revoke", revocation!, Sign(revocation!, _alice));
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);
        var final = await WaitForStatusAsync(client, uid, "revoked");
        Assert.Equal("confirmed", final.GetProperty("revocation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task SameSignedMessageTwice_ReturnsTheSameUidAndCreatesNothing()
    {
        var client = await SignedInAsync(app, _alice);
        var typed = await TypedDataAsync(client, Query());
        var signature = Sign(typed, _alice);

        var first = await (await PostAsync(client, "/v1/attestations", typed, signature)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await PostAsync(client, "/v1/attestations", typed, signature);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("uid").GetString(), second.GetProperty("uid").GetString());
        Assert.Equal(first.GetProperty("requestId").GetInt64(), second.GetProperty("requestId").GetInt64());
    }

    [Fact]
    public async Task SignatureByAnotherKey_Is422WithTheRegistryErrorAsType()
    {
        var client = await SignedInAsync(app, _alice);
        var typed = await TypedDataAsync(client, Query());

        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, EthPrivateKey.Generate()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://trustledger.dev/problems/InvalidSignature", problem.GetProperty("type").GetString());
        Assert.Equal("signature", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task TypedData_WithBadInputs_ListsEveryBadField()
    {
        var client = app.CreateClient();
        var mixedCaseWrongChecksum = "0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266".Replace("F39", "f39").Replace("aB88", "AB88");

        var response = await client.GetAsync($"/v1/attestations/typed-data?attester={mixedCaseWrongChecksum}&subject=nope&rating=9");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://trustledger.dev/problems/validation", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("attester", out _));
        Assert.True(errors.TryGetProperty("subject", out _));
        Assert.True(errors.TryGetProperty("rating", out _));
    }

    [Fact]
    public async Task TypedData_AcceptsAddressesInAnyCase()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync(
            $"/v1/attestations/typed-data?attester={_alice.Address.ToLowerHex().ToUpperInvariant().Replace("0X", "0x")}&subject={_alice.Address}&rating=3".Replace(
                $"subject={_alice.Address}", $"subject={_partner}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownUid_Is404Problem()
    {
        var response = await app.CreateClient().GetAsync($"/v1/attestations/0x{new string('1', 64)}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MalformedJson_Is400Problem()
    {
        var response = await (await SignedInAsync(app, _alice)).PostAsync("/v1/attestations",
            new StringContent("{\"message\": {\"attester\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MessageWithoutFields_Is400ListingThem()
    {
        var response = await (await SignedInAsync(app, _alice)).PostAsJsonAsync("/v1/attestations", new { message = new { }, signature = "0x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "message.attester", "message.schema", "message.subject", "message.nonce", "message.deadline" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Submit_WithoutSignIn_Is401_AndForAnotherAddress_Is403()
    {
        var anonymous = app.CreateClient();
        var typed = await TypedDataAsync(anonymous, Query());
        var signature = Sign(typed, _alice);

        var unauthenticated = await PostAsync(anonymous, "/v1/attestations", typed, signature);
        using var mallory = EthPrivateKey.Generate();
        var impostor = await PostAsync(await SignedInAsync(app, mallory), "/v1/attestations", typed, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("application/problem+json", unauthenticated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, impostor.StatusCode);
    }

    [Fact]
    public async Task OversizeBody_Is413()
    {
        var huge = new string('a', 2 * 1024 * 1024);
        var response = await app.CreateClient().PostAsync("/v1/attestations",
            new StringContent($"{{\"message\": {{}}, \"signature\": \"{huge}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

public sealed class SqliteAttestationsApiTests(TrustLedgerApplication app) : AttestationsApiTests(app), IClassFixture<TrustLedgerApplication>;

public sealed class PostgresAttestationsApiTests(PostgresApplication app) : AttestationsApiTests(app), IClassFixture<PostgresApplication>;

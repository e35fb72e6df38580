using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Attestations;

/// <summary>
/// Issue 15: intake accepts exactly what the registry will accept (a v of 0/1 is the same signature as
/// 27/28 and is normalised, so it confirms on chain), and typed-data endpoints refuse up front what the
/// POST would refuse, with the same registry-named problem.
/// </summary>
public abstract class IntakeTests(TrustLedgerApplication app)
{
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate();
    private readonly string _partner = EthPrivateKey.Generate().Address.ToLowerHex();

    [Fact]
    public async Task Endorsement_SignedWithV0Or1_IsNormalisedAndConfirmedOnChain_NotFailedLater()
    {
        var client = await SignedInAsync(app, _alice);
        foreach (var _ in new[] { 0, 1 })
        {
            var typed = await TypedDataAsync(client, $"attester={_alice.Address}&subject={EthPrivateKey.Generate().Address}&rating=4");
            var signature = Hex.Decode(Sign(typed, _alice));
            signature[64] -= 27; // what some hardware wallets return: 0 or 1

            var response = await PostAsync(client, "/v1/attestations", typed, Hex.Encode(signature));

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var uid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
            await WaitForStatusAsync(client, uid, "confirmed");
        }
    }

    [Fact]
    public async Task TypedData_ForASelfEndorsement_Is422SelfAttestation_AsThePostWouldBe()
    {
        var response = await app.CreateClient().GetAsync($"/v1/attestations/typed-data?attester={_alice.Address}&subject={_alice.Address}&rating=5");

        await AssertRefusedAsync(response, "SelfAttestation", "subject");
    }

    [Fact]
    public async Task TypedData_WithAPastDeadline_Is422DeadlinePassed()
    {
        var past = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
        var response = await app.CreateClient().GetAsync($"/v1/attestations/typed-data?attester={_alice.Address}&subject={_partner}&rating=5&deadline={past}");

        await AssertRefusedAsync(response, "DeadlinePassed", "deadline");
    }

    [Fact]
    public async Task RevocationTypedData_ForAnotherPartysAttestation_Is422NotAttester()
    {
        var client = await SignedInAsync(app, _alice);
        var typed = await TypedDataAsync(client, $"attester={_alice.Address}&subject={_partner}&rating=3");
        var uid = (await (await PostAsync(client, "/v1/attestations", typed, Sign(typed, _alice))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("uid").GetString()!;
        using var mallory = EthPrivateKey.Generate();

        var response = await app.CreateClient().GetAsync($"/v1/attestations/{uid}/revocation/typed-data?revoker={mallory.Address}");

        await AssertRefusedAsync(response, "NotAttester", "uid");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("https://trustledger.dev/problems/" + code, problem.GetProperty("type").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }
}

public sealed class SqliteIntakeTests(TrustLedgerApplication app) : IntakeTests(app), IClassFixture<TrustLedgerApplication>;

public sealed class PostgresIntakeTests(PostgresApplication app) : IntakeTests(app), IClassFixture<PostgresApplication>;

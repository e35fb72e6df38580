using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.Web3;
using TrustLedger.Api.Tests.Rewards;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Relaying;

/// <summary>
/// The relayer's limits through the API, as an attacker tries them: endorsements too large to batch, a signature
/// valid for ever, a schema the relayer was never told to relay. Each is refused at intake with problem details,
/// and the honest request next to them is confirmed.
/// </summary>
public abstract class RelayLimitsApiTests(Auth.AuthApplication app)
{
    private readonly EthPrivateKey _attacker = EthPrivateKey.Generate(), _honest = EthPrivateKey.Generate();
    private readonly string _partner = EthPrivateKey.Generate().Address.ToLowerHex();

    [Fact]
    public async Task TwoSeventyKilobyteEndorsements_AreRefusedAtIntakeWith413_AndANormalOneIsConfirmed()
    {
        var attacker = await SignedInAsync(app, _attacker);
        foreach (var filler in "ab")
        {
            var typed = await TypedDataAsync(attacker, $"attester={_attacker.Address}&subject={_partner}&rating=5&category=supplier&comment=x");
            var comment = new string(filler, 70_000);
            typed["message"]!["data"] = Hex.Encode(ProductSchemas.Endorsement.Parsed.Encode((byte)5, ProductSchemas.ToBytes32("supplier")!, comment));

            var refused = await PostAsync(attacker, "/v1/attestations", typed, Sign(typed, _attacker));

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("https://trustledger.dev/problems/DataTooLarge", problem.GetProperty("type").GetString());
            Assert.Equal("data", problem.GetProperty("field").GetString());
            var uid = RegistryUidOf(typed);
            Assert.Equal(HttpStatusCode.NotFound, (await attacker.GetAsync($"/v1/attestations/{uid}")).StatusCode); // nothing stored
        }

        var honest = await SignedInAsync(app, _honest);
        var normal = await TypedDataAsync(honest, $"attester={_honest.Address}&subject={_partner}&rating=4&category=supplier&comment=on+time");
        var accepted = await PostAsync(honest, "/v1/attestations", normal, Sign(normal, _honest));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await WaitForStatusAsync(honest, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!, "confirmed");
    }

    [Fact]
    public async Task CommentOneByteAboveItsLimit_Is413_AndADeadlineOfForever_Is422DeadlineTooFar()
    {
        var client = await SignedInAsync(app, _attacker);
        var typed = await TypedDataAsync(client, $"attester={_attacker.Address}&subject={_partner}&rating=5&category=supplier&comment=x");
        var tooLong = typed.DeepClone().AsObject();
        // An endorsement's comment holds at most 1,024 bytes: one more and the data outgrows the schema's encoding.
        tooLong["message"]!["data"] = Hex.Encode(ProductSchemas.Endorsement.Parsed.Encode((byte)5, ProductSchemas.ToBytes32("supplier")!, new string('c', 1_025)));
        await AssertRefusedAsync(await PostAsync(client, "/v1/attestations", tooLong, Sign(tooLong, _attacker)), 413, "DataTooLarge");

        var forever = typed.DeepClone().AsObject();
        forever["message"]!["deadline"] = ((BigInteger.One << 256) - 1).ToString();
        await AssertRefusedAsync(await PostAsync(client, "/v1/attestations", forever, Sign(forever, _attacker)), 422, "DeadlineTooFar");

        var monthAndADay = typed.DeepClone().AsObject();
        monthAndADay["message"]!["deadline"] = DateTimeOffset.UtcNow.AddDays(31).ToUnixTimeSeconds().ToString();
        await AssertRefusedAsync(await PostAsync(client, "/v1/attestations", monthAndADay, Sign(monthAndADay, _attacker)), 422, "DeadlineTooFar");
    }

    [Fact]
    public async Task SchemaNobodyAllowed_IsRefused_UntilAnAdminListsIt_AndAHookedOneNeedsAllowHook()
    {
        var registrar = EthPrivateKey.Generate();
        var plain = await RegisterAsync(registrar, $"uint8 score,string note{Guid.NewGuid():N}", RegistryUids.ZeroAddress);
        var registry = app.Services.GetChain().Deployment.AddressOf(ProductContracts.Registry);
        var hooked = await RegisterAsync(registrar, $"uint8 score,string note{Guid.NewGuid():N}", registry); // any contract may be named as hook
        var admin = await SignedInAsync(app, app.Admin);
        var stranger = await SignedInAsync(app, _attacker);

        var listed = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/relay/schemas");
        Assert.Equal(ProductSchemas.All.Select(s => s.Uid), listed.EnumerateArray().Where(s => s.GetProperty("product").GetBoolean()).Select(s => s.GetProperty("schema").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PutAsJsonAsync($"/v1/relay/schemas/{plain}", new { reason = "mine" })).StatusCode);

        var refusedHook = await admin.PutAsJsonAsync($"/v1/relay/schemas/{hooked}", new { reason = "a partner's schema" });
        await AssertRefusedAsync(refusedHook, 422, "schema-has-hook");
        var allowedHook = await admin.PutAsJsonAsync($"/v1/relay/schemas/{hooked}", new { reason = "a partner's schema, hook reviewed", allowHook = true });
        Assert.Equal(HttpStatusCode.OK, allowedHook.StatusCode);
        Assert.True((await allowedHook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allowHook").GetBoolean());

        var allowed = await admin.PutAsJsonAsync($"/v1/relay/schemas/{plain}", new { reason = "a partner's schema" });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains((await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/relay/schemas")).EnumerateArray(), s => s.GetProperty("schema").GetString() == plain);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/relay/schemas/{plain}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/v1/relay/schemas/{plain}")).StatusCode);
    }

    private async Task<string> RegisterAsync(EthPrivateKey key, string definition, string hook)
    {
        using var http = new HttpClient();
        await TestServices.RpcAsync(http, app.Services.GetChain().Options.RpcUrl, "hardhat_setBalance", key.Address.ToLowerHex(), "0x3635C9ADC5DEA00000");
        var secret = new byte[32];
        key.ExportSecret(secret);
        var web3 = new Web3(new ServiceKey("registrar", secret).ToAccount(ChainOptions.DevChainId), app.Services.GetChain().Options.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var receipt = await web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>().SendRequestAndWaitForReceiptAsync(
            app.Services.GetChain().Deployment.AddressOf(ProductContracts.Registry), new RegisterSchemaFunction { Schema = definition, Hook = hook, Revocable = true });
        Assert.Equal(1, (int)receipt.Status.Value);
        return SchemaSpec.UidOf(definition, true, hook);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal($"https://trustledger.dev/problems/{code}", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }

    private static string RegistryUidOf(JsonObject typed) =>
        RegistryUids.UidOf(typed["message"]!["attester"]!.GetValue<string>().ToLowerInvariant(),
            BigInteger.Parse(typed["message"]!["nonce"]!.ToString()));
}

public sealed class SqliteRelayLimitsApiTests(RewardsApplication app) : RelayLimitsApiTests(app), IClassFixture<RewardsApplication>;

public sealed class PostgresRelayLimitsApiTests(PostgresRewardsApplication app) : RelayLimitsApiTests(app), IClassFixture<PostgresRewardsApplication>;

internal static class ServiceProviderChain
{
    public static ChainConnection GetChain(this IServiceProvider services) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChainConnection>(services);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>ProductCredentials, as the reputation and endorsement endpoints call it: built, signed, anchored, stored, idempotent.</summary>
public sealed class ProductCredentialTests(AuthApplication app) : IClassFixture<AuthApplication>
{
    private ProductCredentials Products => app.Services.GetRequiredService<ProductCredentials>();

    private async Task<JsonElement> VerifiedAsync(IssueOutcome outcome)
    {
        await CredentialClient.WaitForStateAsync(app.CreateClient(), outcome.Credential.Id, "active");
        var response = await CredentialClient.VerifyAsync(app.CreateClient(), JsonNode.Parse(outcome.Credential.Document)!);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        return result;
    }

    [Fact]
    public async Task Endorsement_OnChain_BecomesOneEndorsementCredential()
    {
        using var endorser = EthPrivateKey.Generate();
        using var endorsed = EthPrivateKey.Generate();
        var client = await SignedInAsync(app, endorser);
        var typed = await TypedDataAsync(client, $"attester={endorser.Address}&subject={endorsed.Address}&rating=4&category=logistics&comment=on%20time");
        var uid = (await (await PostAsync(client, "/v1/attestations", typed, Sign(typed, endorser))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("uid").GetString()!;
        await WaitForStatusAsync(client, uid, "confirmed");
        var view = await client.GetFromJsonAsync<AttestationView>($"/v1/attestations/{uid}");

        var first = await Products.IssueEndorsementAsync(view!);
        var again = await Products.IssueEndorsementAsync(view!);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Credential.Id, again.Credential.Id);
        Assert.Equal([endorsed.Address.ToLowerHex()], first.Holders);
        var subject = JsonNode.Parse(first.Credential.Document)!["credentialSubject"]!;
        Assert.Equal(4, subject["rating"]!.GetValue<int>());
        Assert.Equal("logistics", subject["category"]!.GetValue<string>());
        Assert.Equal(uid, subject["attestationUid"]!.GetValue<string>());
        Assert.Equal(("passed", "schema.ok"), CredentialClient.Check(await VerifiedAsync(first), "schema"));
    }

    [Fact]
    public async Task Reputation_WithASnapshotProof_IsIssuedOncePerState_AsJwtToo()
    {
        using var party = EthPrivateKey.Generate();
        var snapshot = new ReputationSnapshotProof(3, "0x" + new string('a', 64), ["0x" + new string('b', 64)], 7);

        var eip712 = await Products.IssueReputationAsync(party.Address.ToString(), 72.5m, 4, 19, 120, "trustledger-v1", snapshot);
        var repeat = await Products.IssueReputationAsync(party.Address.ToLowerHex(), 72.5m, 4, 19, 120, "trustledger-v1", snapshot);
        var later = await Products.IssueReputationAsync(party.Address.ToString(), 73m, 3, 20, 130, "trustledger-v1", mechanism: SecuringMechanism.VcJwt);

        Assert.Equal(eip712.Credential.Id, repeat.Credential.Id);
        Assert.NotEqual(eip712.Credential.Id, later.Credential.Id);
        Assert.Equal("vc+jwt", later.Credential.Mechanism);
        var subject = JsonNode.Parse(eip712.Credential.Document)!["credentialSubject"]!;
        Assert.Equal("72.5", subject["score"]!.GetValue<string>());
        Assert.Equal(snapshot.Root, subject["snapshotRoot"]!.GetValue<string>());
        Assert.Equal(7, subject["leafIndex"]!.GetValue<long>());
        Assert.Equal(("passed", "schema.ok"), CredentialClient.Check(await VerifiedAsync(eip712), "schema"));
        await VerifiedAsync(later);
    }
}

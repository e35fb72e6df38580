using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;
using static TrustLedger.Api.Tests.Trust.ChainFacts;

namespace TrustLedger.Api.Tests.Trust;

/// <summary>
/// Issue 14, point 2, as the attack: a supplier gets a ReciprocityCredential for a trade, then
/// withdraws the trade (revokes its proposal) and keeps showing the credential to buyers. From the
/// revocation's indexing on, verification says revoked; and the credentials worker revokes the
/// credential's anchor on chain, so a verifier reading the registry directly sees it too. The same
/// for an EndorsementCredential whose endorsement the endorser revokes.
/// </summary>
public abstract class CredentialFollowsFactTests<TApp>(TApp app) where TApp : TrustApplication
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();
    private readonly EthPrivateKey _buyer = EthPrivateKey.Generate();

    /// <summary>The attester revokes its attestation through the API (signed revocation, relayed); waits until it reads revoked.</summary>
    private static async Task RevokeThroughTheApiAsync(HttpClient client, EthPrivateKey attester, string uid)
    {
        var revocation = await client.GetFromJsonAsync<JsonObject>($"/v1/attestations/{uid}/revocation/typed-data?revoker={attester.Address}", Ct);
        var revoked = await PostAsync(client, $"/v1/attestations/{uid}/revoke", revocation!, Sign(revocation!, attester));
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);
        await WaitForStatusAsync(client, uid, "revoked", 60);
    }

    private async Task<JsonElement> VerifyResultAsync(JsonNode credential)
    {
        var response = await Credentials.CredentialClient.VerifyAsync(app.CreateClient(), credential);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return result;
    }

    /// <summary>Verification already says revoked; the worker then revokes the anchor on chain and the view reads "revoked" with the fact as reason.</summary>
    private async Task AssertRevokedNowAndOnChainAsync(string credentialId, JsonNode document, string anchorUid)
    {
        var result = await VerifyResultAsync(document);
        Assert.False(result.GetProperty("verified").GetBoolean(), result.ToString());
        Assert.Equal(("failed", "status.revoked"), Credentials.CredentialClient.Check(result, "status"));
        Assert.Equal("status.revoked", result.GetProperty("verdict").GetProperty("code").GetString());
        Assert.False(result.GetProperty("verdict").GetProperty("trusted").GetBoolean());

        await EventuallyAsync(async () => !await IsValidOnChainAsync(app, anchorUid), $"the anchor {anchorUid} revoked on chain");
        var view = await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), credentialId, "revoked");
        Assert.Equal("fact-revoked", view.GetProperty("status").GetProperty("revokedReason").GetString());
        var anchor = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/attestations/{anchorUid}", Ct);
        Assert.Equal("revoked", anchor.GetProperty("status").GetString());
        // Still revoked once the chain caught up: nothing flips it back.
        Assert.Equal("status.revoked", Credentials.CredentialClient.Check(await VerifyResultAsync(document), "status").Code);
    }

    [Fact]
    public async Task RevokedProposal_ItsReciprocityCredentialReportsRevokedAtOnce_AndItsAnchorIsRevokedOnChain()
    {
        var supplier = await SignedInAsync(app, _supplier);
        var id = await Trades.ConfirmedEventAsync(app, _supplier, _buyer);
        var credentials = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials", Ct);
        var credential = Assert.Single(credentials.GetProperty("credentials").EnumerateArray());
        var credentialId = credential.GetProperty("id").GetString()!;
        var document = JsonNode.Parse(credential.GetProperty("verifiableCredential").GetRawText())!;
        var active = await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), credentialId, "active");
        var anchorUid = active.GetProperty("anchor").GetProperty("uid").GetString()!;
        Assert.Equal("trusted", (await VerifyResultAsync(document)).GetProperty("verdict").GetProperty("code").GetString());
        Assert.True(await IsValidOnChainAsync(app, anchorUid));

        await RevokeThroughTheApiAsync(supplier, _supplier, id);

        Assert.False(await IsConfirmedOnChainAsync(app, id));
        await AssertRevokedNowAndOnChainAsync(credentialId, document, anchorUid);
        var after = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials", Ct);
        Assert.NotEqual("confirmed", after.GetProperty("status").GetString());
        Assert.All(after.GetProperty("credentials").EnumerateArray(), c => Assert.NotEqual("active", c.GetProperty("status").GetProperty("state").GetString()));
    }

    [Fact]
    public async Task RevokedEndorsement_ItsEndorsementCredentialReportsRevokedAtOnce_AndItsAnchorIsRevokedOnChain()
    {
        var endorser = await SignedInAsync(app, _buyer);
        var typed = await TypedDataAsync(endorser, $"attester={_buyer.Address}&subject={_supplier.Address}&rating=5&category=logistics&comment=on%20time");
        var submitted = await PostAsync(endorser, "/v1/attestations", typed, Sign(typed, _buyer));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var uid = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("uid").GetString()!;
        await WaitForStatusAsync(endorser, uid, "confirmed");
        var view = await endorser.GetFromJsonAsync<AttestationView>($"/v1/attestations/{uid}", Ct);
        var issued = await app.Services.GetRequiredService<ProductCredentials>().IssueEndorsementAsync(view!, ct: Ct);
        var document = JsonNode.Parse(issued.Credential.Document)!;
        var active = await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), issued.Credential.Id, "active");
        var anchorUid = active.GetProperty("anchor").GetProperty("uid").GetString()!;
        Assert.Equal("trusted", (await VerifyResultAsync(document)).GetProperty("verdict").GetProperty("code").GetString());

        await RevokeThroughTheApiAsync(endorser, _buyer, uid);

        await AssertRevokedNowAndOnChainAsync(issued.Credential.Id, document, anchorUid);
        // Asking again for the revoked endorsement's credential gives the stored, revoked one, not a fresh active copy.
        var again = await app.Services.GetRequiredService<ProductCredentials>().IssueEndorsementAsync(view!, ct: Ct);
        Assert.Equal(issued.Credential.Id, again.Credential.Id);
    }

    [Fact]
    public async Task RevokedConfirmation_RevokesTheCredential_AndConfirmingAgainSupersedesIt()
    {
        var buyer = await SignedInAsync(app, _buyer);
        var id = await Trades.ConfirmedEventAsync(app, _supplier, _buyer);
        var eventView = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}", Ct);
        var confirmationUid = eventView.GetProperty("confirmation").GetProperty("uid").GetString()!;
        var first = (await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials", Ct))
            .GetProperty("credentials")[0];
        var firstId = first.GetProperty("id").GetString()!;
        var firstDocument = JsonNode.Parse(first.GetProperty("verifiableCredential").GetRawText())!;
        var firstAnchor = (await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), firstId, "active"))
            .GetProperty("anchor").GetProperty("uid").GetString()!;

        // The buyer withdraws its confirmation: the trade is one-sided again, and so is its credential's standing.
        await RevokeThroughTheApiAsync(buyer, _buyer, confirmationUid);
        Assert.Equal("status.revoked", Credentials.CredentialClient.Check(await VerifyResultAsync(firstDocument), "status").Code);
        await EventuallyAsync(async () => !await IsValidOnChainAsync(app, firstAnchor), $"the anchor {firstAnchor} revoked on chain");

        // It confirms again: a new credential for the new confirmation; the old one stays dead.
        var again = await TypedDataAsync(buyer, $"schema=reciprocity&attester={_buyer.Address}&subject={_supplier.Address}&refUid={id}&data={Trades.Data(3)}");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(buyer, $"/v1/reciprocity-events/{id}/confirm", again, Sign(again, _buyer))).StatusCode);
        await EventuallyAsync(async () => (await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}", Ct))
            .GetProperty("status").GetString() == "confirmed", $"event {id} confirmed again");
        var listed = (await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials", Ct))
            .GetProperty("credentials").EnumerateArray().ToList();
        var current = listed[0];
        var currentId = current.GetProperty("id").GetString()!;
        Assert.NotEqual(firstId, currentId);
        await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), currentId, "active");
        Assert.Equal("trusted", (await VerifyResultAsync(JsonNode.Parse(current.GetProperty("verifiableCredential").GetRawText())!))
            .GetProperty("verdict").GetProperty("code").GetString());
        var old = Assert.Single(listed, c => c.GetProperty("id").GetString() == firstId);
        Assert.Contains(old.GetProperty("status").GetProperty("state").GetString(), new[] { "superseded", "revoked" });
        var oldVerdict = (await VerifyResultAsync(firstDocument)).GetProperty("verdict");
        Assert.False(oldVerdict.GetProperty("trusted").GetBoolean());
        Assert.Contains(oldVerdict.GetProperty("code").GetString(), new[] { "status.superseded", "status.revoked" });
    }

    [Fact]
    public async Task RevocationRelayed_OncePerCredential_NotEveryPass()
    {
        var supplier = await SignedInAsync(app, _supplier);
        var id = await Trades.ConfirmedEventAsync(app, _supplier, _buyer);
        var credentials = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/reciprocity-events/{id}/credentials", Ct);
        var credentialId = credentials.GetProperty("credentials")[0].GetProperty("id").GetString()!;
        var anchorUid = (await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), credentialId, "active"))
            .GetProperty("anchor").GetProperty("uid").GetString()!;

        await RevokeThroughTheApiAsync(supplier, _supplier, id);
        await EventuallyAsync(async () => !await IsValidOnChainAsync(app, anchorUid), $"the anchor {anchorUid} revoked on chain");
        var first = (await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), credentialId, "revoked"))
            .GetProperty("status").GetProperty("revokeRequestId").GetInt64();
        // Several worker passes later (300 ms each) the credential still has that one revocation request.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(2)) await Task.Delay(300);
        var view = await Credentials.CredentialClient.WaitForStateAsync(app.CreateClient(), credentialId, "revoked");
        Assert.Equal(first, view.GetProperty("status").GetProperty("revokeRequestId").GetInt64());
    }
}

public sealed class SqliteCredentialFollowsFactTests(TrustApplication app)
    : CredentialFollowsFactTests<TrustApplication>(app), IClassFixture<TrustApplication>;

public sealed class PostgresCredentialFollowsFactTests(PostgresTrustApplication app)
    : CredentialFollowsFactTests<PostgresTrustApplication>(app), IClassFixture<PostgresTrustApplication>;

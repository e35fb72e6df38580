using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>
/// Issue 17: POST /presentations/verify with presentations made outside our code
/// (tests/interop/make-presentations.mjs): Veramo's EIP-712 shape signed with ethers, and a
/// VC-JOSE-COSE vp+jwt signed with jose, compact and enveloped, around credentials the API issued.
/// </summary>
public sealed class PresentationInteropTests(AuthApplication app) : IClassFixture<AuthApplication>
{
    private static async Task<(HttpStatusCode Status, JsonElement Result)> VerifyPresentationAsync(HttpClient client, JsonNode presentation, JsonObject? options = null)
    {
        var response = await client.PostAsJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = presentation.DeepClone(), ["options"] = options ?? new JsonObject(),
        });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonObject Made(EthPrivateKey holder, JsonArray veramoCredentials, JsonArray envelopes, string? nonce = null, string? aud = null)
    {
        var secret = new byte[32];
        holder.ExportSecret(secret);
        return InteropScripts.Run("make-presentations.mjs", new JsonObject
        {
            ["privateKey"] = Hex.Encode(secret), ["chainId"] = ChainId,
            ["veramoCredentials"] = veramoCredentials, ["envelopes"] = envelopes, ["nonce"] = nonce, ["aud"] = aud,
        }).AsObject();
    }

    [Fact]
    public async Task VeramoEip712Presentation_AndJosesVpJwt_VerifyOverTheVcApi_BoundToTheirHolder()
    {
        using var holder = EthPrivateKey.Generate();
        var issuer = await SignedInAsync(app, app.Issuer);
        var envelope = await IssuedAsync(issuer, Credential(holder.Address), format: "vc+jwt");
        var eip712 = await IssuedAsync(issuer, Credential(holder.Address));
        await WaitForStateAsync(issuer, IdOf(envelope), "active");
        await WaitForStateAsync(issuer, IdOf(eip712), "active");
        var jws = envelope["id"]!.GetValue<string>()[VcConstants.EnvelopeDataUrlPrefix.Length..];
        var made = Made(holder, [jws, eip712.ToJsonString()], [envelope.DeepClone()], nonce: "n-17", aud: "buyer.example");
        var client = app.CreateClient();

        var (status, veramo) = await VerifyPresentationAsync(client, made["veramo"]!);
        Assert.True(status == HttpStatusCode.OK, veramo.ToString());
        Assert.True(veramo.GetProperty("verdict").GetProperty("trusted").GetBoolean(), veramo.ToString());
        Assert.Equal(("passed", "holder.ok"), Check(veramo, "holder"));
        Assert.Equal(("passed", "holder.bound"), Check(veramo, "binding"));
        Assert.Equal(2, veramo.GetProperty("credentialResults").GetArrayLength());

        var compact = made["vpJwt"]!.GetValue<string>();
        var enveloped = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["id"] = VcConstants.PresentationEnvelopeDataUrlPrefix + compact,
            ["type"] = VcConstants.EnvelopedPresentationType,
        };
        foreach (var form in new JsonNode[] { compact, enveloped })
        {
            var (ok, result) = await VerifyPresentationAsync(client, form, new JsonObject { ["challenge"] = "n-17", ["domain"] = "buyer.example" });
            Assert.True(ok == HttpStatusCode.OK, result.ToString());
            Assert.True(result.GetProperty("verdict").GetProperty("trusted").GetBoolean(), result.ToString());
            Assert.Equal(("passed", "signature.ok"), Check(result, "signature"));
            Assert.Equal(("passed", "holder.bound"), Check(result, "binding"));
        }

        var (replayed, replay) = await VerifyPresentationAsync(client, compact, new JsonObject { ["challenge"] = "n-18" });
        Assert.Equal(HttpStatusCode.BadRequest, replayed);
        Assert.Equal(("failed", "signature.challenge_mismatch"), Check(replay, "signature"));
    }

    [Fact]
    public async Task SomeoneElsesCredential_FailsHolderBinding_UnlessTheVerifierTurnsItOff()
    {
        using var holder = EthPrivateKey.Generate();
        using var subject = EthPrivateKey.Generate();
        var issuer = await SignedInAsync(app, app.Issuer);
        var envelope = await IssuedAsync(issuer, Credential(subject.Address), format: "vc+jwt");
        await WaitForStateAsync(issuer, IdOf(envelope), "active");
        var compact = Made(holder, [], [envelope.DeepClone()])["vpJwt"]!.GetValue<string>();
        var client = app.CreateClient();

        var (refused, result) = await VerifyPresentationAsync(client, compact);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(("failed", "holder.not_subject"), Check(result, "binding"));
        Assert.Equal("holder.not_subject", result.GetProperty("verdict").GetProperty("code").GetString());

        var (accepted, relaxed) = await VerifyPresentationAsync(client, compact, new JsonObject { ["requireHolderIsSubject"] = false });
        Assert.True(accepted == HttpStatusCode.OK, relaxed.ToString());
    }
}

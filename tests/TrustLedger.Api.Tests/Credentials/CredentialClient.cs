using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>What the credential tests do over HTTP: sign in as the issuer, issue, follow a credential's status, verify.</summary>
public static class CredentialClient
{
    public const long ChainId = 31337;

    public static async Task<HttpClient> SignedInAsync(TrustLedgerApplication app, EthPrivateKey key) =>
        app.CreateClient().WithBearer((await Siwe.SignInAsync(app.CreateClient(), key)).AccessToken);

    public static string Did(EthAddress address) => EthDid.Pkh(ChainId, address);

    /// <summary>The key as a private JWK (ES256K, with "d"), for the interop scripts that sign as a wallet or another issuer.</summary>
    public static JsonObject PrivateJwk(EthPrivateKey key)
    {
        var secret = new byte[32];
        key.ExportSecret(secret);
        var jwk = VcJwt.PublicJwk(key.PublicKey);
        jwk["d"] = Base64Url.Encode(secret);
        return jwk;
    }

    /// <summary>An unsecured VC 2.0 credential about <paramref name="subject"/> as a VC API client sends it (no id, no issuer).</summary>
    public static JsonObject Credential(EthAddress subject, string? issuer = null)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context, VcConstants.CredentialsExamplesV2Context),
            ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, "SupplierCredential"),
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = Did(subject), ["name"] = "Acme Supplies", ["deliveries"] = 12 },
        };
        if (issuer is not null) credential["issuer"] = issuer;
        return credential;
    }

    public static Task<HttpResponseMessage> IssueAsync(HttpClient client, JsonObject credential, string? format = null) =>
        client.PostAsJsonAsync("/credentials/issue", new JsonObject
        {
            ["credential"] = credential.DeepClone(),
            ["options"] = format is null ? new JsonObject() : new JsonObject { ["format"] = format },
        });

    /// <summary>Issues and returns the verifiableCredential of the 201 response.</summary>
    public static async Task<JsonObject> IssuedAsync(HttpClient client, JsonObject credential, string? format = null)
    {
        var response = await IssueAsync(client, credential, format);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"issue: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["verifiableCredential"]!.AsObject();
    }

    /// <summary>The credential's id: its own, or the one inside the envelope's JWS payload.</summary>
    public static string IdOf(JsonObject verifiableCredential)
    {
        var id = verifiableCredential["id"]!.GetValue<string>();
        if (!id.StartsWith(VcConstants.EnvelopeDataUrlPrefix, StringComparison.Ordinal)) return id;
        var payload = id[VcConstants.EnvelopeDataUrlPrefix.Length..].Split('.')[1];
        Assert.True(Base64Url.TryDecode(payload, out var bytes));
        return JsonNode.Parse(bytes)!["id"]!.GetValue<string>();
    }

    public static string PathOf(string id) => "/v1/credentials/" + Uri.EscapeDataString(id);

    /// <summary>Polls GET /v1/credentials/{id} until its status state is <paramref name="state"/>; returns the view.</summary>
    public static async Task<JsonElement> WaitForStateAsync(HttpClient client, string id, string state, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        JsonElement view = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            view = await client.GetFromJsonAsync<JsonElement>(PathOf(id));
            if (view.GetProperty("status").GetProperty("state").GetString() == state) return view;
            await Task.Delay(150);
        }
        throw new TimeoutException($"credential {id} did not reach '{state}': {view}");
    }

    public static Task<HttpResponseMessage> VerifyAsync(HttpClient client, JsonNode verifiableCredential) =>
        client.PostAsJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = verifiableCredential.DeepClone(), ["options"] = new JsonObject() });

    /// <summary>The check named <paramref name="check"/> in a verification response's results.</summary>
    public static (string Outcome, string Code) Check(JsonElement result, string check)
    {
        var entry = result.GetProperty("results").GetProperty(check);
        return (entry.GetProperty("outcome").GetString()!, entry.GetProperty("code").GetString()!);
    }
}

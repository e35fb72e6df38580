using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Api.Tests.Attestations;

/// <summary>What a wallet-backed client does: fetch typed data, sign it (generic EIP-712 encoder), post it.</summary>
public static class EndorsementClient
{
    /// <summary>A client signed in (SIWE) as <paramref name="key"/>'s address, as writes require.</summary>
    public static async Task<HttpClient> SignedInAsync(TrustLedgerApplication app, EthPrivateKey key)
    {
        var client = app.CreateClient();
        var tokens = await TrustLedger.Api.Tests.Auth.Siwe.SignInAsync(client, key);
        return TrustLedger.Api.Tests.Auth.Siwe.WithBearer(client, tokens.AccessToken);
    }

    public static async Task<JsonObject> TypedDataAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/v1/attestations/typed-data?{query}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static string Sign(JsonObject typedData, EthPrivateKey key)
    {
        using var doc = JsonDocument.Parse(typedData.ToJsonString());
        return Hex.Encode(EthSigner.Sign(Eip712.HashTypedData(doc.RootElement), key));
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonObject typedData, string signature) =>
        client.PostAsJsonAsync(path, new { message = typedData["message"], signature });

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string uid, string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement body = default;
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync($"/v1/attestations/{uid}");
            if (response.IsSuccessStatusCode)
            {
                body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (body.GetProperty("status").GetString() == status) return body;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"attestation {uid} did not reach '{status}' (last: {body})");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// A wallet's side of Sign-In with Ethereum, for tests: get a nonce, write the message the way
/// the siwe library does, personal_sign it, log in. Other features' tests call
/// <see cref="SignInAsync"/> to get a bearer token for a key.
/// </summary>
public static class Siwe
{
    public const long DevChainId = 31337;

    /// <summary>The message a browser app on http://localhost (the test server's host) would ask to sign.</summary>
    public static SiweMessage Message(EthAddress address, string nonce, DateTimeOffset? issuedAt = null) => new(
        Scheme: null,
        Domain: "localhost",
        Address: address.ToString(),
        Statement: "Sign in to TrustLedger.",
        Uri: "http://localhost/",
        ChainId: DevChainId,
        Nonce: nonce,
        IssuedAt: SiweMessage.FormatTime(issuedAt ?? DateTimeOffset.UtcNow));

    /// <summary>personal_sign (EIP-191) as a wallet does it: 0x + r || s || v hex.</summary>
    public static string Sign(string message, EthPrivateKey key) =>
        Hex.Encode(EthSigner.Sign(SiweVerifier.PersonalMessageHash(Encoding.UTF8.GetBytes(message)), key));

    public static async Task<string> NonceAsync(HttpClient client)
    {
        var response = await client.PostAsync("/v1/auth/nonce", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonce").GetString()!;
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string message, string signature) =>
        client.PostAsJsonAsync("/v1/auth/login", new { message, signature });

    public static async Task<TokenResponse> SignInAsync(HttpClient client, EthPrivateKey key)
    {
        var message = Message(key.Address, await NonceAsync(client)).ToString();
        var response = await LoginAsync(client, message, Sign(message, key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>A client that sends <paramref name="accessToken"/> as its bearer token.</summary>
    public static HttpClient WithBearer(this HttpClient client, string accessToken)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

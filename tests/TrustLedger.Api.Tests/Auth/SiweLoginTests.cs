using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Nethereum.Signer;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>Sign-In with Ethereum against the real chain and each database.</summary>
public abstract class SiweLoginTests(AuthApplication app)
{
    private const string HardhatKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Login_WithHardhatDevKey_ReturnsShortLivedTokensForItsAddress()
    {
        var address = EthAddress.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var message = Siwe.Message(address, await Siwe.NonceAsync(_client)).ToString();
        // Signed by Nethereum's own EIP-191 signer, not by the code under test.
        var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, new EthECKey(HardhatKey0));

        var response = await Siwe.LoginAsync(_client, message, signature);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var tokens = (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.Equal(900, tokens.ExpiresIn);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.StartsWith("tlr_", tokens.RefreshToken);
        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", jwt.Subject);
        Assert.Equal(["trustledger-api"], jwt.Audiences);
        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);

        var me = await app.CreateClient().WithBearer(tokens.AccessToken).GetAsync("/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.JsonAsync();
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", body.GetProperty("address").GetString());
        Assert.Equal(["party"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Login_WithRandomKey_SignsInThatAddress()
    {
        using var key = EthPrivateKey.Generate();

        var tokens = await Siwe.SignInAsync(_client, key);

        Assert.Equal(key.Address.ToLowerHex(), new JsonWebToken(tokens.AccessToken).Subject);
    }

    [Fact]
    public async Task Login_WithAllOptionalFields_IsAccepted()
    {
        using var key = EthPrivateKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var message = (Siwe.Message(key.Address, await Siwe.NonceAsync(_client)) with
        {
            Scheme = "http",
            Statement = null,
            ExpirationTime = SiweMessage.FormatTime(now.AddMinutes(10)),
            NotBefore = SiweMessage.FormatTime(now.AddMinutes(-1)),
            RequestId = "req-42",
            Resources = ["ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/", "https://example.com/my-web2-claim.json"],
        }).ToString();

        var response = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_WithErc1271ContractWallet_SignsInTheWallet()
    {
        using var owner = EthPrivateKey.Generate();
        var wallet = await TestWallet.DeployAsync(app.RpcUrl, owner.Address);
        var message = Siwe.Message(wallet, await Siwe.NonceAsync(_client)).ToString();

        var response = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, owner));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.Equal(wallet.ToLowerHex(), new JsonWebToken(tokens.AccessToken).Subject);
    }

    [Fact]
    public async Task Login_WithErc1271WalletAndStrangersSignature_Returns401()
    {
        using var owner = EthPrivateKey.Generate();
        using var stranger = EthPrivateKey.Generate();
        var wallet = await TestWallet.DeployAsync(app.RpcUrl, owner.Address);
        var message = Siwe.Message(wallet, await Siwe.NonceAsync(_client)).ToString();

        var response = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, stranger));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-signature-invalid");
    }

    [Fact]
    public async Task Login_WithReplayedNonce_Returns401()
    {
        using var key = EthPrivateKey.Generate();
        var message = Siwe.Message(key.Address, await Siwe.NonceAsync(_client)).ToString();
        var signature = Siwe.Sign(message, key);
        Assert.Equal(HttpStatusCode.OK, (await Siwe.LoginAsync(_client, message, signature)).StatusCode);

        var replay = await Siwe.LoginAsync(_client, message, signature);

        await replay.AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-nonce-invalid");
    }

    [Fact]
    public async Task Login_WithNonceNeverIssued_Returns401()
    {
        using var key = EthPrivateKey.Generate();
        var message = Siwe.Message(key.Address, "NeverIssued12345678").ToString();

        var response = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, key));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-nonce-invalid");
    }

    [Fact]
    public async Task Login_WithExpiredNonce_Returns401()
    {
        using var key = EthPrivateKey.Generate();
        var nonce = await Siwe.NonceAsync(_client);
        var message = Siwe.Message(key.Address, nonce).ToString();
        app.Clock.Offset = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1); // the default nonce lifetime has passed
        try
        {
            var response = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, key));

            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-nonce-invalid");
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Login_FailedAttempt_DoesNotUseUpTheNonce()
    {
        using var key = EthPrivateKey.Generate();
        using var other = EthPrivateKey.Generate();
        var message = Siwe.Message(key.Address, await Siwe.NonceAsync(_client)).ToString();
        var bad = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, other));
        await bad.AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-signature-invalid");

        var good = await Siwe.LoginAsync(_client, message, Siwe.Sign(message, key));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Login_ConcurrentlyWithOneNonce_SucceedsExactlyOnce()
    {
        using var key = EthPrivateKey.Generate();
        var message = Siwe.Message(key.Address, await Siwe.NonceAsync(_client)).ToString();
        var signature = Siwe.Sign(message, key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Siwe.LoginAsync(app.CreateClient(), message, signature)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var failed in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-nonce-invalid");
    }

    [Fact]
    public async Task Nonce_IsLongAlphanumericUniqueAndShortLived()
    {
        var before = DateTimeOffset.UtcNow;
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _client.PostAsync("/v1/auth/nonce", null)));
        var bodies = await Task.WhenAll(responses.Select(r => r.JsonAsync()));

        var nonces = bodies.Select(b => b.GetProperty("nonce").GetString()!).ToList();
        Assert.All(nonces, n => Assert.Matches("^[A-Za-z0-9]{24}$", n));
        Assert.Equal(5, nonces.Distinct().Count());
        var expiresAt = bodies[0].GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddMinutes(5).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(1));
        Assert.True(responses[0].Headers.CacheControl?.NoStore);
    }
}

public sealed class SqliteSiweLoginTests(AuthApplication app) : SiweLoginTests(app), IClassFixture<AuthApplication>;

public sealed class PostgresSiweLoginTests(PostgresAuthApplication app) : SiweLoginTests(app), IClassFixture<PostgresAuthApplication>;

using System.Net;
using System.Net.Http.Json;
using TrustLedger.Api.Auth;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>Each check of a signed message, failing alone: the message is otherwise valid and correctly signed.</summary>
public sealed class SiweRejectionTests(AuthApplication app) : IClassFixture<AuthApplication>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private readonly EthPrivateKey _key = EthPrivateKey.Generate();

    public void Dispose() => _key.Dispose();

    private async Task<SiweMessage> FreshMessageAsync() => Siwe.Message(_key.Address, await Siwe.NonceAsync(_client));

    private Task<HttpResponseMessage> SignAndLoginAsync(SiweMessage message) =>
        Siwe.LoginAsync(_client, message.ToString(), Siwe.Sign(message.ToString(), _key));

    [Fact]
    public async Task Login_ForAnotherDomain_Returns422()
    {
        var message = await FreshMessageAsync() with { Domain = "evil.example", Uri = "https://evil.example/" };

        var detail = await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-domain-mismatch");

        Assert.Contains("evil.example", detail);
    }

    [Fact]
    public async Task Login_WithUriOfAnotherOrigin_Returns422()
    {
        var message = await FreshMessageAsync() with { Uri = "https://evil.example/login" };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-uri-mismatch");
    }

    [Fact]
    public async Task Login_WithUriOnAnotherPortOfTheHost_Returns422()
    {
        var message = await FreshMessageAsync() with { Uri = "http://localhost:8080/" };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-uri-mismatch");
    }

    [Fact]
    public async Task Login_WithSchemePrefixContradictingTheUri_Returns422()
    {
        var message = await FreshMessageAsync() with { Scheme = "https" };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-uri-mismatch");
    }

    [Fact]
    public async Task Login_ForAnotherChain_Returns422()
    {
        var message = await FreshMessageAsync() with { ChainId = 1 };

        var detail = await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "siwe-chain-mismatch");

        Assert.Contains("31337", detail);
    }

    [Fact]
    public async Task Login_IssuedInTheFuture_Returns401()
    {
        var message = await FreshMessageAsync() with { IssuedAt = SiweMessage.FormatTime(DateTimeOffset.UtcNow.AddMinutes(5)) };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-not-yet-valid");
    }

    [Fact]
    public async Task Login_IssuedSecondsAheadWithinSkew_IsAccepted()
    {
        var message = await FreshMessageAsync() with { IssuedAt = SiweMessage.FormatTime(DateTimeOffset.UtcNow.AddSeconds(10)) };

        Assert.Equal(HttpStatusCode.OK, (await SignAndLoginAsync(message)).StatusCode);
    }

    [Fact]
    public async Task Login_BeforeNotBefore_Returns401()
    {
        var message = await FreshMessageAsync() with { NotBefore = SiweMessage.FormatTime(DateTimeOffset.UtcNow.AddMinutes(10)) };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-not-yet-valid");
    }

    [Fact]
    public async Task Login_AfterExpirationTime_Returns401()
    {
        var now = DateTimeOffset.UtcNow;
        var message = await FreshMessageAsync() with
        {
            IssuedAt = SiweMessage.FormatTime(now.AddMinutes(-3)),
            ExpirationTime = SiweMessage.FormatTime(now.AddMinutes(-2)),
        };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-expired");
    }

    [Fact]
    public async Task Login_WithGarbageSignature_Returns401()
    {
        var message = (await FreshMessageAsync()).ToString();
        var garbage = Hex.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(65));

        await (await Siwe.LoginAsync(_client, message, garbage)).AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-signature-invalid");
    }

    [Fact]
    public async Task Login_SignedByAnotherAddress_Returns401NamingTheSigner()
    {
        using var other = EthPrivateKey.Generate();
        var message = (await FreshMessageAsync()).ToString();

        var detail = await (await Siwe.LoginAsync(_client, message, Siwe.Sign(message, other)))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-signature-invalid");

        Assert.Contains(other.Address.ToString(), detail);
    }

    [Fact]
    public async Task Login_WithMessageChangedAfterSigning_Returns401()
    {
        var message = await FreshMessageAsync();
        var signature = Siwe.Sign(message.ToString(), _key);
        var changed = message with { Statement = "Sign in to TrustLedger and give away everything." };

        await (await Siwe.LoginAsync(_client, changed.ToString(), signature)).AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-signature-invalid");
    }

    [Fact]
    public async Task Login_WithHighSSignature_Returns401()
    {
        // The malleable twin (n - s, flipped v) of a valid signature must not be a second valid one.
        var message = (await FreshMessageAsync()).ToString();
        var signature = Hex.Decode(Siwe.Sign(message, _key));
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        (n - s).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(signature.AsSpan(32, 32));
        signature[64] ^= 1;

        await (await Siwe.LoginAsync(_client, message, Hex.Encode(signature))).AssertProblemAsync(HttpStatusCode.Unauthorized, "siwe-signature-invalid");
    }

    [Theory]
    [InlineData("not a siwe message")]
    [InlineData("localhost wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n")]
    public async Task Login_WithMalformedMessage_Returns400(string message)
    {
        await (await Siwe.LoginAsync(_client, message, Siwe.Sign(message, _key))).AssertProblemAsync(HttpStatusCode.BadRequest, "siwe-invalid-message");
    }

    [Fact]
    public async Task Login_WithLowerCaseAddress_Returns400()
    {
        var message = (await FreshMessageAsync()).ToString().Replace(_key.Address.ToString(), _key.Address.ToLowerHex());

        var detail = await (await Siwe.LoginAsync(_client, message, Siwe.Sign(message, _key))).AssertProblemAsync(HttpStatusCode.BadRequest, "siwe-invalid-message");

        Assert.Contains("EIP-55", detail);
    }

    [Fact]
    public async Task Login_WithMissingFields_Returns400ListingThem()
    {
        var response = await _client.PostAsJsonAsync("/v1/auth/login", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("message", out _));
        Assert.True(errors.TryGetProperty("signature", out _));
    }

    [Fact]
    public async Task Login_WithNonHexSignature_Returns400()
    {
        var message = (await FreshMessageAsync()).ToString();

        await (await Siwe.LoginAsync(_client, message, "0xnothex")).AssertProblemAsync(HttpStatusCode.BadRequest, "siwe-invalid-message");
    }

    [Fact]
    public async Task Login_WithOversizeMessage_Returns400()
    {
        var message = await FreshMessageAsync() with { Statement = new string('a', SiweVerifier.MaxMessageLength) };

        await (await SignAndLoginAsync(message)).AssertProblemAsync(HttpStatusCode.BadRequest, "siwe-invalid-message");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.SdJwt;
using TrustLedger.Core.Crypto;
using static TrustLedger.Api.Tests.Credentials.CredentialClient;

namespace TrustLedger.Api.Tests.Credentials;

/// <summary>The host on real Kestrel at a fixed 127.0.0.1 port that is also its public base URL, so a wallet outside the process can follow every URL it is given.</summary>
public class OpenIdApplication : AuthApplication
{
    public OpenIdApplication() : this("sqlite") { }

    protected OpenIdApplication(string databaseKind) : base(databaseKind) => UseKestrel();

    public int Port { get; } = FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("urls", BaseUrl);
        builder.UseSetting("Https:Port", "0");
        builder.UseSetting("Credentials:PublicBaseUrl", BaseUrl);
        // The tests sign in with the messages a browser app on http://localhost would sign (Siwe.Message).
        builder.UseSetting("Auth:Domain", "localhost");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class PostgresOpenIdApplication() : OpenIdApplication("postgres");

/// <summary>
/// OpenID4VCI 1.0 pre-authorized code flow: a wallet built from @openid4vc/openid4vci
/// (tests/interop/oid4vci-wallet.mjs) takes an offer a holder created, and receives the credential
/// in both formats (dc+sd-jwt bound to its key, jwt_vc_json to the account's); codes are single
/// use, transaction codes limited, proofs and nonces checked. On SQLite and on PostgreSQL.
/// </summary>
public abstract class OpenId4VciTests<TApp>(TApp app) where TApp : OpenIdApplication
{
    private readonly EthPrivateKey _supplier = EthPrivateKey.Generate();
    private readonly EthPrivateKey _wallet = EthPrivateKey.Generate();

    [Fact]
    public async Task Wallet_RunsThePreAuthorizedFlow_AndReceivesBothFormats_BoundToItsKeys()
    {
        var (id, offer) = await OfferAsync(format: "vc+jwt");
        Assert.Equal(["EndorsementCredential_sd_jwt", "EndorsementCredential_jwt"], offer.Configurations);
        Assert.Matches("^[0-9]{6}$", offer.TxCode);
        Assert.StartsWith("openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(app.BaseUrl + "/v1/credential-offers/"), offer.OfferLink);

        var wallet = InteropScripts.Run("oid4vci-wallet.mjs", new JsonObject
        {
            ["offerLink"] = offer.OfferLink, ["txCode"] = offer.TxCode, ["walletJwk"] = PrivateJwk(_wallet), ["accountJwk"] = PrivateJwk(_supplier),
        });
        Assert.Equal("dc+sd-jwt", wallet["formats"]!["EndorsementCredential_sd_jwt"]!.GetValue<string>());
        Assert.Equal("jwt_vc_json", wallet["formats"]!["EndorsementCredential_jwt"]!.GetValue<string>());
        Assert.Contains("invalid_grant", wallet["reuseError"]!.GetValue<string>());

        // dc+sd-jwt: bound to the wallet's key, and a presentation by that key verifies.
        string sdJwt = wallet["credentials"]!["EndorsementCredential_sd_jwt"]!.GetValue<string>();
        Assert.True(SdJwtParts.TryParse(sdJwt, out var parts, out _));
        Assert.True(VcJwt.TryParse(parts!.IssuerJwt, out var jws, out _));
        Assert.Equal(VcJwt.PublicJwk(_wallet.PublicKey)["x"]!.GetValue<string>(), jws!.Payload.GetProperty("cnf").GetProperty("jwk").GetProperty("x").GetString());
        var presentation = SdJwtVc.WithKeyBinding(SdJwtVc.Select(sdJwt, new HashSet<string> { "rating" }), _wallet, "https://buyer.example", "n-1", DateTimeOffset.UtcNow);
        var verified = await app.CreateClient().PostAsJsonAsync("/v1/sd-jwt/verify", new { sdJwt = presentation, audience = "https://buyer.example", nonce = "n-1" });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        // jwt_vc_json: our vc+jwt as issued, and it verifies.
        string jwt = wallet["credentials"]!["EndorsementCredential_jwt"]!.GetValue<string>();
        var stored = await app.CreateClient().GetFromJsonAsync<JsonElement>(PathOf(id));
        Assert.Equal(stored.GetProperty("jws").GetString(), jwt);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/credentials/verify", new { verifiableCredential = jwt })).StatusCode);

        // Redeemed: the offer is gone by reference too.
        await (await app.CreateClient().GetAsync(new Uri(offer.CredentialOfferUri).AbsolutePath)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task TokenAndCredentialEndpoints_RefuseWhatTheSpecRefuses()
    {
        var client = app.CreateClient();
        var (_, offer) = await OfferAsync(format: "vc+jwt");
        var reference = await client.GetFromJsonAsync<JsonElement>(new Uri(offer.CredentialOfferUri).AbsolutePath);
        string code = reference.GetProperty("grants").GetProperty("urn:ietf:params:oauth:grant-type:pre-authorized_code").GetProperty("pre-authorized_code").GetString()!;

        await Oauth(await TokenAsync(client, code, null, grant: "authorization_code"), HttpStatusCode.BadRequest, "unsupported_grant_type");
        await Oauth(await TokenAsync(client, code, null), HttpStatusCode.BadRequest, "invalid_grant");
        await Oauth(await TokenAsync(client, "not-a-code", offer.TxCode), HttpStatusCode.BadRequest, "invalid_grant");
        await Oauth(await client.PostAsync("/oid4vci/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["pre-authorized_code"] = code })),
            HttpStatusCode.BadRequest, "invalid_request");
        await (await client.PostAsJsonAsync("/oid4vci/token", new { grant_type = "x" })).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var token = await TokenAsync(client, code, offer.TxCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("no-store", token.Headers.CacheControl?.ToString());
        string accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        await Oauth(await TokenAsync(client, code, offer.TxCode), HttpStatusCode.BadRequest, "invalid_grant"); // single use

        var bearer = app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        string issuer = app.BaseUrl;
        await Oauth(await app.CreateClient().PostAsJsonAsync("/oid4vci/credential", new { }), HttpStatusCode.Unauthorized, "invalid_token");
        await Oauth(await CredentialAsync(bearer, "EndorsementCredential_sd_jwt", Proof(_wallet, "https://other.example", await NonceAsync(client))),
            HttpStatusCode.BadRequest, "invalid_proof");
        await Oauth(await CredentialAsync(bearer, "EndorsementCredential_sd_jwt", Proof(_wallet, issuer, "never-issued")), HttpStatusCode.BadRequest, "invalid_nonce");
        await Oauth(await CredentialAsync(bearer, "ReputationCredential_sd_jwt", Proof(_wallet, issuer, await NonceAsync(client))),
            HttpStatusCode.BadRequest, "unknown_credential_configuration");
        // jwt_vc_json names the supplier's did:pkh: a proof by another key is refused.
        await Oauth(await CredentialAsync(bearer, "EndorsementCredential_jwt", Proof(_wallet, issuer, await NonceAsync(client))), HttpStatusCode.BadRequest, "invalid_proof");
        string nonce = await NonceAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await CredentialAsync(bearer, "EndorsementCredential_sd_jwt", Proof(_wallet, issuer, nonce))).StatusCode);
        await Oauth(await CredentialAsync(bearer, "EndorsementCredential_jwt", Proof(_supplier, issuer, nonce)), HttpStatusCode.BadRequest, "invalid_nonce"); // spent
        await Oauth(await CredentialAsync(bearer, "EndorsementCredential_sd_jwt", Proof(_wallet, issuer, await NonceAsync(client))),
            HttpStatusCode.BadRequest, "credential_request_denied"); // once per configuration
        Assert.Equal(HttpStatusCode.OK, (await CredentialAsync(bearer, "EndorsementCredential_jwt", Proof(_supplier, issuer, await NonceAsync(client)))).StatusCode);
    }

    [Fact]
    public async Task WrongTransactionCodes_EndTheOffer_AndOffersAreForHoldersOfProductCredentials()
    {
        var client = app.CreateClient();
        var (id, offer) = await OfferAsync(format: null);
        Assert.Equal(["EndorsementCredential_sd_jwt"], offer.Configurations); // EIP-712: no jwt_vc_json form
        var reference = await client.GetFromJsonAsync<JsonElement>(new Uri(offer.CredentialOfferUri).AbsolutePath);
        string code = reference.GetProperty("grants").GetProperty("urn:ietf:params:oauth:grant-type:pre-authorized_code").GetProperty("pre-authorized_code").GetString()!;
        string wrong = offer.TxCode == "000000" ? "111111" : "000000";
        for (int i = 0; i < 5; i++) await Oauth(await TokenAsync(client, code, wrong), HttpStatusCode.BadRequest, "invalid_grant");
        await Oauth(await TokenAsync(client, code, offer.TxCode), HttpStatusCode.BadRequest, "invalid_grant");

        var stranger = await SignedInAsync(app, EthPrivateKey.Generate());
        await (await stranger.PostAsJsonAsync("/v1/credential-offers", new { credentialId = id })).AssertProblemAsync(HttpStatusCode.Forbidden, "not-self");
        var holder = await SignedInAsync(app, _supplier);
        await (await holder.PostAsJsonAsync("/v1/credential-offers", new { credentialId = "urn:uuid:" + Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await holder.PostAsJsonAsync("/v1/credential-offers", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var issuer = await SignedInAsync(app, app.Issuer);
        var other = IdOf(await IssuedAsync(issuer, Credential(_supplier.Address)));
        await (await holder.PostAsJsonAsync("/v1/credential-offers", new { credentialId = other })).AssertProblemAsync(HttpStatusCode.Conflict, "offer-unavailable");

        var metadata = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-credential-issuer");
        Assert.Equal(app.BaseUrl, metadata.GetProperty("credential_issuer").GetString());
        Assert.Equal(6, metadata.GetProperty("credential_configurations_supported").EnumerateObject().Count());
        var authorization = await client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-authorization-server");
        Assert.Equal(app.BaseUrl + "/oid4vci/token", authorization.GetProperty("token_endpoint").GetString());
    }

    private sealed record Offer(IReadOnlyList<string> Configurations, string TxCode, string OfferLink, string CredentialOfferUri);

    private async Task<(string Id, Offer Offer)> OfferAsync(string? format)
    {
        var issuer = await SignedInAsync(app, app.Issuer);
        var issuers = await app.CreateClient().GetFromJsonAsync<JsonElement>("/v1/issuers");
        var header = new CredentialHeader(CredentialHeader.NewId(), issuers.GetProperty("default").GetString()!, DateTimeOffset.FromUnixTimeSeconds(1767225600));
        var claim = new EndorsementClaim(Did(_supplier.Address), Did(EthPrivateKey.Generate().Address), 5, "delivery", "0x" + new string('b', 64),
            DateTimeOffset.FromUnixTimeSeconds(1767225600), "reliable");
        var id = IdOf(await IssuedAsync(issuer, CredentialBuilder.Endorsement(header, claim), format));
        var holder = await SignedInAsync(app, _supplier);
        var response = await holder.PostAsJsonAsync("/v1/credential-offers", new { credentialId = id });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (id, new Offer([.. body.GetProperty("configurations").EnumerateArray().Select(c => c.GetString()!)], body.GetProperty("txCode").GetString()!,
            body.GetProperty("offerLink").GetString()!, body.GetProperty("credentialOfferUri").GetString()!));
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string code, string? txCode, string grant = "urn:ietf:params:oauth:grant-type:pre-authorized_code")
    {
        var fields = new Dictionary<string, string> { ["grant_type"] = grant, ["pre-authorized_code"] = code };
        if (txCode is not null) fields["tx_code"] = txCode;
        return client.PostAsync("/oid4vci/token", new FormUrlEncodedContent(fields));
    }

    private static async Task<string> NonceAsync(HttpClient client) =>
        (await (await client.PostAsync("/oid4vci/nonce", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("c_nonce").GetString()!;

    private static Task<HttpResponseMessage> CredentialAsync(HttpClient client, string configuration, string proof) =>
        client.PostAsJsonAsync("/oid4vci/credential", new JsonObject
        {
            ["credential_configuration_id"] = configuration, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(proof) },
        });

    private static string Proof(EthPrivateKey key, string audience, string nonce) => Core.Credentials.Jose.Jws.Sign(
        new JsonObject { ["alg"] = "ES256K", ["typ"] = "openid4vci-proof+jwt", ["jwk"] = VcJwt.PublicJwk(key.PublicKey) },
        new JsonObject { ["aud"] = audience, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["nonce"] = nonce }, key);

    private static async Task Oauth(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.StartsWith("https://trustledger.dev/problems/o", body.GetProperty("type").GetString());
    }

}

/// <summary>Runs alone: hosts on real Kestrel must not be built while other fixtures build theirs.</summary>
[CollectionDefinition(nameof(OpenId4VciCollection), DisableParallelization = true)]
public sealed class OpenId4VciCollection;

[Collection(nameof(OpenId4VciCollection))]
public sealed class SqliteOpenId4VciTests(OpenIdApplication app) : OpenId4VciTests<OpenIdApplication>(app), IClassFixture<OpenIdApplication>;

[Collection(nameof(OpenId4VciCollection))]
public sealed class PostgresOpenId4VciTests(PostgresOpenIdApplication app) : OpenId4VciTests<PostgresOpenIdApplication>(app), IClassFixture<PostgresOpenIdApplication>;

using System.Net;
using System.Text.Json.Nodes;

namespace TrustLedger.Api.Tests.Dids;

/// <summary>
/// did:key resolved by GET /v1/dids to the document of the did:key spec's resolution algorithm (Multikey),
/// for the spec's own test vectors of each key type we read (w3c-ccg/did-method-key, test-vectors/
/// secp256k1.json, nist-curves.json, ed25519-x25519.json); malformed keys, unknown key types and points
/// off the curve are 400s that name the reason.
/// </summary>
public sealed class KeyDidTests(TrustLedgerApplication app) : IClassFixture<TrustLedgerApplication>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")] // secp256k1
    [InlineData("did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169")] // P-256
    [InlineData("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")] // Ed25519
    public async Task SpecVector_ResolvesToItsMultikeyDocument(string did)
    {
        var response = await app.CreateClient().GetAsync($"/v1/dids/{did}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/did+ld+json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(text)!;
        string method = $"{did}#{did["did:key:".Length..]}";
        Assert.Equal(did, document["id"]!.GetValue<string>());
        Assert.Equal(["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], Strings(document["@context"]!));
        var vm = Assert.Single(document["verificationMethod"]!.AsArray())!;
        Assert.Equal(method, vm["id"]!.GetValue<string>());
        Assert.Equal("Multikey", vm["type"]!.GetValue<string>());
        Assert.Equal(did, vm["controller"]!.GetValue<string>());
        Assert.Equal(did["did:key:".Length..], vm["publicKeyMultibase"]!.GetValue<string>());
        foreach (var relationship in new[] { "authentication", "assertionMethod", "capabilityDelegation", "capabilityInvocation" })
            Assert.Equal([method], Strings(document[relationship]!));
    }

    [Theory]
    [InlineData("did:key:abc", "z + base58btc")]
    [InlineData("did:key:z0OIl", "base58btc")]
    [InlineData("did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", "not supported")] // X25519: no signing key
    public async Task Malformed_IsA400ThatSaysWhy(string did, string reason)
    {
        var response = await app.CreateClient().GetAsync($"/v1/dids/{did}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("https://trustledger.dev/problems/invalid-did", problem["type"]!.GetValue<string>());
        Assert.Contains(reason, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrongLength_AndPointsOffTheCurve_AreRefused()
    {
        byte[] x = [.. Enumerable.Repeat((byte)0xff, 32)]; // x >= p on both curves
        foreach (var (bytes, reason) in new (byte[], string)[]
        {
            ([0xe7, 0x01, 0x02, .. x[..31]], "33-byte public key"),
            ([0xe7, 0x01, 0x02, .. x], "not a point on its curve"),
            ([0x80, 0x24, 0x03, .. x], "not a point on its curve"),
            ([0xed, 0x01, .. x[..31]], "32-byte public key"),
        })
            await Malformed_IsA400ThatSaysWhy("did:key:z" + NBitcoin.DataEncoders.Encoders.Base58.EncodeData(bytes), reason);
    }

    private static string[] Strings(JsonNode array) => [.. array.AsArray().Select(n => n!.GetValue<string>())];
}

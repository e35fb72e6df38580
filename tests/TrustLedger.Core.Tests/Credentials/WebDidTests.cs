using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>
/// did:web issuers and holders: the DID-to-URL rules of the did:web spec, and documents fetched over
/// real HTTP on 127.0.0.1 by the verifier's one allow-listed fetcher (the status lists' allow-list,
/// size limit, timeout and cache): a trusted did:web issuer's credential verifies, one outside the
/// allow-list is refused without a request leaving the verifier.
/// </summary>
public sealed class WebDidTests : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly Dictionary<string, string> _served = new(StringComparer.Ordinal);
    private readonly int _port = FreePort();
    private int _requests;

    public WebDidTests()
    {
        _server.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _server.Start();
        _ = Task.Run(ServeAsync);
    }

    [Theory]
    [InlineData("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json")]
    [InlineData("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json")]
    [InlineData("did:web:example.com%3A3000", "https://example.com:3000/.well-known/did.json")]
    [InlineData("did:web:example.com%3A3000:issuers:7", "https://example.com:3000/issuers/7/did.json")]
    [InlineData("did:web:127.0.0.1%3A5080", "http://127.0.0.1:5080/.well-known/did.json")]
    [InlineData("did:web:localhost", "http://localhost/.well-known/did.json")]
    public void WebDid_NamesTheUrlOfItsDocument(string did, string url)
    {
        Assert.True(WebDid.TryParse(did, out var parsed, out string error), error);
        Assert.Equal(url, parsed!.DocumentUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("did:web:")]
    [InlineData("did:web:exa mple.com")]
    [InlineData("did:web:example.com:..")]
    [InlineData("did:web:example.com%3A99999")]
    [InlineData("did:web:example.com/path")]
    public void WebDid_ThatIsNotOne_IsRefused(string did) => Assert.False(WebDid.TryParse(did, out _, out _));

    [Theory]
    [InlineData("http://127.0.0.1:5080", "did:web:127.0.0.1%3A5080")]
    [InlineData("https://trust.example.com", "did:web:trust.example.com")]
    [InlineData("https://example.com:8443/ledger", "did:web:example.com%3A8443:ledger")]
    public void WebDid_OfAPublicBase_IsItsHostPortAndPath(string baseUrl, string did) => Assert.Equal(did, WebDid.ForBase(baseUrl));

    [Theory]
    [MemberData(nameof(KeyDidSigner.All), MemberType = typeof(KeyDidSigner))]
    public async Task TrustedDidWebIssuer_ItsCredentialVerifies_WithTheKeyItsDocumentPublishes(string curve)
    {
        var (did, signer) = Publish("issuers:" + curve, curve, asJwk: curve != nameof(KeyDidSigner.Ed25519Key));
        var credential = signer.Credential("did:pkh:eip155:31337:0x4444444444444444444444444444444444444444");
        credential["issuer"] = did;
        string jws = signer.Sign(credential, kid: did + "#key-1");
        using var fetcher = Fetcher($"http://127.0.0.1:{_port}");
        var verifier = new CredentialVerifier(trustedIssuers: new OnlyTrusting(did), dids: new DidResolver(TestIssuers.ChainId, null, web: fetcher));
        var options = TestIssuers.Options() with { RequireKnownIssuer = true };

        var first = await verifier.VerifyAsync(jws, options);
        var again = await verifier.VerifyAsync(jws, options);

        Assert.True(first.Verified, string.Join(" | ", first.Failures));
        Assert.Equal(IssuerCodes.Ok, first[VerificationCheck.Names.Issuer]!.Code);
        Assert.True(again.Verified);
        Assert.Equal(1, fetcher.RequestsSent); // cached for StatusListCacheTime
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task DidWebIssuer_OutsideTheAllowList_IsRefused_WithoutAnyRequest()
    {
        var (did, signer) = Publish("issuers:elsewhere", nameof(KeyDidSigner.P256), asJwk: true);
        var credential = signer.Credential("did:pkh:eip155:31337:0x4444444444444444444444444444444444444444");
        credential["issuer"] = did;
        // The document is served, but this verifier allows another origin only.
        using var fetcher = Fetcher("https://status.example.com");
        var verifier = new CredentialVerifier(trustedIssuers: new OnlyTrusting(did), dids: new DidResolver(TestIssuers.ChainId, null, web: fetcher));

        var result = await verifier.VerifyAsync(signer.Sign(credential, kid: did + "#key-1"), TestIssuers.Options() with { RequireKnownIssuer = true });

        Assert.False(result.Verified);
        Assert.Equal(IssuerCodes.Unresolvable, result[VerificationCheck.Names.Issuer]!.Code);
        Assert.Contains("StatusListOrigins", result[VerificationCheck.Names.Issuer]!.Message);
        Assert.Equal(0, fetcher.RequestsSent);
        Assert.Equal(0, _requests);
    }

    [Fact]
    public async Task DidWebDocument_ThatIsAnotherDidsOrTooLarge_DoesNotResolve()
    {
        string other = $"did:web:127.0.0.1%3A{_port}:other";
        lock (_served)
        {
            _served["/other/did.json"] = new JsonObject { ["id"] = "did:web:attacker.example" }.ToJsonString();
            _served["/large/did.json"] = new JsonObject { ["id"] = $"did:web:127.0.0.1%3A{_port}:large", ["pad"] = new string('x', 5000) }.ToJsonString();
        }
        using var fetcher = new AllowListedFetcher(Options.Create(new CredentialOptions { StatusListOrigins = [$"http://127.0.0.1:{_port}"], StatusListMaxBytes = 4096 }), TimeProvider.System);
        var resolver = new DidResolver(TestIssuers.ChainId, null, web: fetcher);

        var wrong = await resolver.ResolveAsync(other, null, CancellationToken.None);
        var large = await resolver.ResolveAsync($"did:web:127.0.0.1%3A{_port}:large", null, CancellationToken.None);

        Assert.Equal("invalidDidDocument", wrong.Error);
        Assert.Equal("notFound", large.Error);
    }

    [Fact]
    public async Task DidWebHolder_SignsAVpJwt_ThatVerifies()
    {
        var (did, signer) = Publish("holders:alice", nameof(KeyDidSigner.Secp256k1), asJwk: true);
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = did,
        };
        using var fetcher = Fetcher($"http://127.0.0.1:{_port}");
        var verifier = new PresentationVerifier(new CredentialVerifier(dids: new DidResolver(TestIssuers.ChainId, null, web: fetcher)));

        var result = await verifier.VerifyAsync(signer.Sign(presentation, typ: "vp+jwt", cty: "vp", kid: did + "#key-1"),
            new PresentationOptions { Credentials = TestIssuers.Options() });

        Assert.Equal(HolderCodes.Ok, result.Checks.Single(c => c.Check == VerificationCheck.Names.Holder).Code);
        Assert.Equal(SignatureCodes.Ok, result.Checks.Single(c => c.Check == VerificationCheck.Names.Signature).Code);
    }

    /// <summary>Serves a did:web document at its path: one key as publicKeyJwk, or as a Multikey.</summary>
    private (string Did, KeyDidSigner Signer) Publish(string path, string curve, bool asJwk)
    {
        var signer = KeyDidSigner.Named(curve);
        string did = $"did:web:127.0.0.1%3A{_port}:{path}";
        var method = new JsonObject { ["id"] = did + "#key-1", ["controller"] = did };
        if (asJwk)
        {
            method["type"] = "JsonWebKey2020";
            method["publicKeyJwk"] = TrustLedger.Core.Credentials.Jose.HolderKey.FromKeyDid(signer.Did).Jwk.DeepClone();
        }
        else
        {
            method["type"] = "Multikey";
            method["publicKeyMultibase"] = signer.Did.Multibase;
        }
        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1"),
            ["id"] = did,
            ["verificationMethod"] = new JsonArray(method),
            ["assertionMethod"] = new JsonArray("#key-1"),
            ["authentication"] = new JsonArray(did + "#key-1"),
        };
        lock (_served) _served["/" + path.Replace(':', '/') + "/did.json"] = document.ToJsonString();
        return (did, signer);
    }

    private static AllowListedFetcher Fetcher(string origin) =>
        new(Options.Create(new CredentialOptions { StatusListOrigins = [origin] }), TimeProvider.System);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_server.IsListening)
        {
            HttpListenerContext context;
            try { context = await _server.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            Interlocked.Increment(ref _requests);
            string? body;
            lock (_served) _served.TryGetValue(context.Request.Url!.AbsolutePath, out body);
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/did+json";
            if (body is not null) await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        }
    }

    public void Dispose() => _server.Close();

    private sealed class OnlyTrusting(string did) : ITrustedIssuers
    {
        public ValueTask<IssuerTrust> CheckAsync(string issuer, IReadOnlyList<string> types, CancellationToken cancellationToken) =>
            ValueTask.FromResult(issuer == did ? new IssuerTrust(IssuerStanding.Trusted, "listed") : new IssuerTrust(IssuerStanding.Untrusted, "not listed"));
    }
}

using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TrustLedger.Core.Credentials;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.StatusLists;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Tests.Credentials;

/// <summary>
/// The verifier's Bitstring Status List check against another issuer's list served over real HTTP on
/// 127.0.0.1: the allow-list, the size limit, the list's own issuer and signature, and the bit.
/// </summary>
public sealed class BitstringStatusListTests : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly Dictionary<string, byte[]> _served = new(StringComparer.Ordinal);
    private readonly string _origin;
    private readonly IssuerKey _issuer;

    public BitstringStatusListTests()
    {
        var key = EthPrivateKey.Generate();
        _issuer = new IssuerKey(EthDid.Pkh(TestIssuers.ChainId, key.Address), key);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _origin = $"http://127.0.0.1:{port}";
        _server.Prefixes.Add(_origin + "/");
        _server.Start();
        _ = Task.Run(ServeAsync);
    }

    [Fact]
    public void Bitstring_FollowsTheSpecsBitOrder_AndDecodesTheSpecsExampleList()
    {
        var bytes = Bitstring.WithBits(Bitstring.MinimumBits, [0, 9]);
        Assert.Equal(0x80, bytes[0]);
        Assert.Equal(0x40, bytes[1]);
        // Bitstring Status List v1.0, example 3: an empty 16 KB list.
        Assert.True(Bitstring.TryDecode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", out var example, out _));
        Assert.Equal(16384, example.Length);
        Assert.All(example, b => Assert.Equal(0, b));
        Assert.True(Bitstring.TryDecode(Bitstring.Encode(bytes), out var back, out _));
        Assert.Equal(bytes, back);
    }

    [Fact]
    public void Bitstring_RefusesAGzipBomb()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(new byte[Bitstring.MaximumBytes + 1]);
        Assert.False(Bitstring.TryDecode("u" + Base64Url.Encode(buffer.ToArray()), out _, out var error));
        Assert.Contains("longer", error);
    }

    [Fact]
    public async Task AnotherIssuersList_OnTheAllowList_IsChecked_AndFlipsWhenItsBitIsSet()
    {
        var credential = Issued(_origin + "/lists/1", 4242);
        Serve("/lists/1", List(_origin + "/lists/1", _issuer, []));
        Assert.Equal((CheckOutcome.Passed, StatusCodes.Active), await StatusAsync(credential, Allowing(_origin)));

        Serve("/lists/1", List(_origin + "/lists/1", _issuer, [4242]));
        Assert.Equal((CheckOutcome.Failed, StatusCodes.Revoked), await StatusAsync(credential, Allowing(_origin)));
    }

    [Fact]
    public async Task AListOffTheAllowList_IsNeverFetched_SoTheStatusStaysUnchecked()
    {
        var credential = Issued(_origin + "/lists/2", 1);
        Serve("/lists/2", List(_origin + "/lists/2", _issuer, []));
        Assert.Equal((CheckOutcome.Skipped, StatusCodes.Unavailable), await StatusAsync(credential, Allowing("http://127.0.0.1:1")));
    }

    [Fact]
    public async Task AListSignedBySomeoneElse_OrTooShort_OrTooLarge_IsRefused()
    {
        using var other = EthPrivateKey.Generate();
        var stranger = new IssuerKey(EthDid.Pkh(TestIssuers.ChainId, other.Address), other);
        Serve("/lists/3", List(_origin + "/lists/3", stranger, []));
        Assert.Equal((CheckOutcome.Failed, StatusCodes.ListInvalid), await StatusAsync(Issued(_origin + "/lists/3", 5), Allowing(_origin)));

        Serve("/lists/4", List(_origin + "/lists/4", _issuer, [], bits: 8 * 1024));
        Assert.Equal((CheckOutcome.Failed, StatusCodes.ListInvalid), await StatusAsync(Issued(_origin + "/lists/4", 5), Allowing(_origin)));

        Serve("/lists/5", List(_origin + "/lists/5", _issuer, []));
        Assert.Equal((CheckOutcome.Skipped, StatusCodes.Unavailable), await StatusAsync(Issued(_origin + "/lists/5", 5), Allowing(_origin, maxBytes: 64)));
    }

    private JsonObject Issued(string listUrl, long index)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context, VcConstants.CredentialsExamplesV2Context),
            ["id"] = CredentialHeader.NewId(),
            ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, "SupplierCredential"),
            ["issuer"] = _issuer.Did.Did,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:acme", ["name"] = "Acme" },
            ["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{listUrl}#{index}", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
                ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), ["statusListCredential"] = listUrl,
            },
        };
        return CredentialIssuer.IssueJwt(credential, _issuer).VerifiableCredential;
    }

    private static string List(string url, IssuerKey signer, long[] revoked, int bits = Bitstring.MinimumBits)
    {
        var list = new JsonObject
        {
            ["@context"] = new JsonArray(VcConstants.CredentialsV2Context),
            ["id"] = url,
            ["type"] = new JsonArray(VcConstants.VerifiableCredentialType, "BitstringStatusListCredential"),
            ["issuer"] = signer.Did.Did,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list", ["type"] = "BitstringStatusList", ["statusPurpose"] = "revocation",
                ["encodedList"] = Bitstring.Encode(Bitstring.WithBits(bits, revoked)),
            },
        };
        return VcJwt.Sign(list, signer.Key, signer.VerificationMethod);
    }

    private static AllowListedFetcher Allowing(string origin, int maxBytes = 256 * 1024) =>
        new(Options.Create(new CredentialOptions { StatusListOrigins = [origin], StatusListMaxBytes = maxBytes }), TimeProvider.System);

    private static async Task<(CheckOutcome, string)> StatusAsync(JsonObject credential, AllowListedFetcher source)
    {
        using (source)
        {
            var result = await new CredentialVerifier(statusLists: source).VerifyAsync(TestIssuers.Element(credential), new VerificationOptions());
            var status = result[VerificationCheck.Names.Status]!;
            return (status.Outcome, status.Code);
        }
    }

    private void Serve(string path, string jws)
    {
        lock (_served) _served[path] = Encoding.ASCII.GetBytes(jws);
    }

    private async Task ServeAsync()
    {
        while (_server.IsListening)
        {
            HttpListenerContext context;
            try { context = await _server.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            byte[]? body;
            lock (_served) _served.TryGetValue(context.Request.Url!.AbsolutePath, out body);
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/vc+jwt";
            if (body is not null) await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _server.Close();
}

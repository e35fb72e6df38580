using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TrustLedger.Api.Tests.Hosting;

/// <summary>
/// Issue 15: requests Kestrel refuses itself (%00 in the path, a malformed request line, control
/// characters or non-ASCII bytes in a header, huge headers, a long URL) are answered with problem
/// details, over a raw socket as an attacker sends them, also after other requests on the same connection.
/// </summary>
public sealed class KestrelRejectionTests(KestrelApplication app) : IClassFixture<KestrelApplication>
{
    public static TheoryData<string, string, int, string> Requests => new()
    {
        { "%00 in the path", "GET /v1/parties/%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad-request" },
        { "garbage request line", "GARBAGE\r\n\r\n", 400, "bad-request" },
        { "no Host header", "GET /livez HTTP/1.1\r\n\r\n", 400, "bad-request" },
        { "NUL in a header", "GET /livez HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 400, "bad-request" },
        { "non-ASCII header bytes", "GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: caf\u00e9\r\n\r\n", 400, "invalid-header" },
        { "50 KB header", $"GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {new string('a', 50_000)}\r\n\r\n", 431, "headers-too-large" },
        { "2 MB header (over Kestrel's own cap)", $"GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 2_000_000)}\r\n\r\n", 431, "headers-too-large" },
        { "9 KB URL", $"GET /v1/parties?q={new string('a', 9_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414, "uri-too-long" },
        { "100 KB URL (over Kestrel's own cap)", $"GET /v1/parties?q={new string('a', 100_000)} HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri-too-long" },
        { "%01 in the path", "GET /v1/parties/%01 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "validation" },
        { "unparsable JSON", "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{not json", 400, "malformed-json" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task RefusedRequest_IsAnsweredWithProblemDetails(string what, string request, int status, string code)
    {
        var response = await SendRawAsync(Encoding.Latin1.GetBytes(request));

        AssertProblem(response, status, code, what);
    }

    [Fact]
    public async Task RefusalAfterAGoodRequestOnTheSameConnection_IsProblemDetailsToo()
    {
        var response = await SendRawAsync(Encoding.ASCII.GetBytes(
            "GET /livez HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/parties/%00 HTTP/1.1\r\nHost: x\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 200 OK", response);
        var second = response[response.IndexOf("HTTP/1.1 400", StringComparison.Ordinal)..];
        AssertProblem(second, 400, "bad-request", "second request");
    }

    [Fact]
    public async Task LargeAndChunkedResponses_PassThroughUnchanged()
    {
        using var client = app.RealClient();
        var docs = await client.GetStringAsync("/openapi/v1.json");
        Assert.True(JsonDocument.Parse(docs).RootElement.GetProperty("paths").EnumerateObject().Count() > 50);
        var script = await client.GetByteArrayAsync("/docs/scalar.js");
        Assert.True(script.Length > 1_000_000);
    }

    private static void AssertProblem(string response, int status, string code, string what)
    {
        response = response[response.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal)..];
        Assert.True(response.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal), $"{what}: {Head(response)}");
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..end];
        Assert.Contains("Content-Type: application/problem+json", head);
        var body = response[(end + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)) body = Dechunk(body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("https://trustledger.dev/problems/" + code, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    private static string Dechunk(string body)
    {
        var text = new StringBuilder();
        for (var at = 0; ;)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..line], 16);
            if (size == 0) return text.ToString();
            text.Append(body, line + 2, size);
            at = line + 2 + size + 2;
        }
    }

    private static string Head(string response) => response.Length > 300 ? response[..300] : response;

    /// <summary>Sends bytes as they are and reads until the server closes the connection.</summary>
    private async Task<string> SendRawAsync(byte[] request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, app.BaseAddress.Port);
        var stream = socket.GetStream();
        try { await stream.WriteAsync(request); } catch (IOException) { /* the server may refuse before reading it all */ }
        var buffer = new MemoryStream();
        var chunk = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0) buffer.Write(chunk, 0, read);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException) { /* reset after the answer */ }
        return Encoding.Latin1.GetString(buffer.ToArray());
    }
}

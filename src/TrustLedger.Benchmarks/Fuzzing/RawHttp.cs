using System.Net.Sockets;
using System.Text;

namespace TrustLedger.Benchmarks.Fuzzing;

/// <summary>Bytes sent as they are over a socket (HTTP/1.1, Connection: close), and the answer read back.</summary>
public static class RawHttp
{
    public static async Task<(int Status, string? ContentType, string Body)> SendAsync(Uri server, byte[] request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port);
        var stream = socket.GetStream();
        try { await stream.WriteAsync(request); } catch (IOException) { /* refused before it was all read */ }
        var buffer = new MemoryStream();
        var chunk = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0) buffer.Write(chunk, 0, read);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException) { /* reset after the answer */ }
        return Parse(Encoding.Latin1.GetString(buffer.ToArray()));
    }

    private static (int, string?, string) Parse(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!response.StartsWith("HTTP/1.", StringComparison.Ordinal) || end < 0 || response.Length < 12) return (599, null, "no HTTP answer: " + response);
        var head = response[..end].Split("\r\n");
        var status = int.Parse(head[0].AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        string? contentType = null;
        var chunked = false;
        foreach (var line in head.Skip(1))
        {
            if (line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)) contentType = line[13..].Trim().Split(';')[0];
            if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
        }
        var body = response[(end + 4)..];
        return (status, contentType, Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(chunked ? Dechunk(body) : body)));
    }

    private static string Dechunk(string body)
    {
        var text = new StringBuilder();
        for (var at = 0; at < body.Length;)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (line < 0 || !int.TryParse(body.AsSpan(at, line - at), System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0) break;
            text.Append(body, line + 2, Math.Min(size, body.Length - line - 2));
            at = line + 2 + size + 2;
        }
        return text.ToString();
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// Kestrel refuses some requests while parsing them, before any middleware runs: %00 in the path, a
/// malformed request line or header, a header or URL over its hard limits (<see cref="LimitOptions.KestrelHeadroom"/>),
/// an unsupported HTTP version. It answers those itself with an empty body and closes the connection,
/// and ASP.NET Core 10 has no hook to shape that answer. This connection middleware watches what
/// Kestrel writes on plain HTTP/1.x connections and, when the last thing written is exactly such an
/// empty error response (status 4xx/5xx, only Content-Length: 0, Connection: close, Date, Server,
/// Allow), sends the same status with a problem-details body instead. Nothing else is changed:
/// responses of the application always carry a Content-Type, so they never match. TLS connections
/// are encrypted at this point and pass through untouched (docs/api.md lists what that leaves).
/// </summary>
public static class KestrelRejections
{
    public static void AnswerKestrelRejectionsWithProblems(this WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => async connection =>
        {
            var writer = new RewritingWriter(connection.Transport.Output);
            connection.Transport = new DuplexPipe(connection.Transport.Input, writer);
            try
            {
                await next(connection);
            }
            finally
            {
                // Kestrel ends a refused connection without completing the output it was given.
                await writer.FinishAsync();
            }
        })));

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }

    /// <summary>
    /// The first write after each flush goes into a buffer of our own until it is clear whether it is
    /// Kestrel's own empty error response; anything else is passed on at once.
    /// </summary>
    private sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        private byte[]? _scratch;
        private readonly ArrayBufferWriter<byte> _held = new();
        private bool _atResponseStart = true;
        private bool _holding;
        private bool _isRejection;
        private bool _completed;
        private bool _lentScratch;
        private int _scratchUsed;

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (!_atResponseStart)
            {
                _lentScratch = false;
                return inner.GetMemory(sizeHint);
            }
            var size = Math.Max(sizeHint, 4096);
            if (_scratch is null || _scratch.Length < size)
            {
                if (_scratch is not null) ArrayPool<byte>.Shared.Return(_scratch);
                _scratch = ArrayPool<byte>.Shared.Rent(size);
            }
            _lentScratch = true;
            _scratchUsed = 0;
            return _scratch;
        }

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

        public override void Advance(int bytes)
        {
            if (!_lentScratch)
            {
                inner.Advance(bytes);
                return;
            }
            // Kestrel writes on into the rest of the memory it was given after an Advance (as a Pipe allows),
            // so the scratch buffer stays lent until the next GetMemory.
            var written = _scratch.AsSpan(_scratchUsed, bytes);
            _scratchUsed += bytes;
            if (!_atResponseStart)
            {
                inner.Write(written);
                return;
            }
            _held.Write(written);
            _holding = true;
            switch (Classify(_held.WrittenSpan))
            {
                case Verdict.Rejection:
                    _isRejection = true;
                    break;
                case Verdict.Other:
                    PassOn();
                    break;
                // Undecided: the header block is not complete yet; keep holding.
            }
        }

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            if (_isRejection) return new FlushResult(isCanceled: false, isCompleted: false); // sent on Complete
            if (_holding) PassOn();
            _atResponseStart = true;
            return await inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            if (_completed) return;
            Finish();
            _completed = true;
            inner.Complete(exception);
            ReturnScratch();
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            if (_completed) return;
            if (Finish()) await inner.FlushAsync();
            _completed = true;
            await inner.CompleteAsync(exception);
            ReturnScratch();
        }

        /// <summary>Sends what is still held when the connection ends.</summary>
        public async ValueTask FinishAsync()
        {
            if (_completed || !Finish()) return;
            try { await inner.FlushAsync(); }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException) { /* the client is gone */ }
        }

        /// <summary>Writes what is held (rewritten when it was Kestrel's rejection); true when something was written.</summary>
        private bool Finish()
        {
            if (!_holding) return false;
            if (_isRejection) inner.Write(Rewrite(_held.WrittenSpan));
            else inner.Write(_held.WrittenSpan);
            _held.Clear();
            _holding = _isRejection = false;
            return true;
        }

        private void PassOn()
        {
            inner.Write(_held.WrittenSpan);
            _held.Clear();
            _holding = false;
            _atResponseStart = false;
        }

        private void ReturnScratch()
        {
            if (_scratch is null) return;
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    private enum Verdict { Undecided, Rejection, Other }

    private const int MaxHeldBytes = 1024;

    private static readonly string[] RejectionHeaders = ["content-length", "connection", "date", "server", "allow"];

    /// <summary>Whether <paramref name="bytes"/> (from the start of a response) is Kestrel's own empty error response.</summary>
    private static Verdict Classify(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 13) return "HTTP/1."u8.StartsWith(bytes) || bytes.StartsWith("HTTP/1."u8) ? Verdict.Undecided : Verdict.Other;
        if (!bytes.StartsWith("HTTP/1."u8) || bytes[9] is not ((byte)'4' or (byte)'5')) return Verdict.Other;
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0) return bytes.Length > MaxHeldBytes ? Verdict.Other : Verdict.Undecided;
        if (end + 4 != bytes.Length) return Verdict.Other; // a body follows: not an empty response
        var lines = Encoding.ASCII.GetString(bytes[..end]).Split("\r\n");
        bool lengthZero = false, closes = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) return Verdict.Other;
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (!RejectionHeaders.Contains(name)) return Verdict.Other;
            if (name == "content-length") lengthZero = value == "0";
            if (name == "connection") closes = value.Equals("close", StringComparison.OrdinalIgnoreCase);
        }
        return lengthZero && closes ? Verdict.Rejection : Verdict.Other;
    }

    /// <summary>The same status line and headers, with a problem-details body.</summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> response)
    {
        var head = Encoding.ASCII.GetString(response[..response.IndexOf("\r\n\r\n"u8)]);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var (code, title, detail) = Describe(status);
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { type = ProblemResponses.Type(code), title, status, detail }));
        var text = new StringBuilder(lines[0]).Append("\r\nContent-Type: application/problem+json");
        foreach (var line in lines.Skip(1))
            text.Append("\r\n").Append(line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) ? $"Content-Length: {body.Length}" : line);
        return [.. Encoding.ASCII.GetBytes(text.Append("\r\n\r\n").ToString()), .. body];
    }

    private static (string Code, string Title, string Detail) Describe(int status) => status switch
    {
        400 => ("bad-request", "The request could not be parsed",
            "the server refused the request line or a header before reading it (for example %00 in the path, a control character in a header, or a missing or invalid Host header); the connection is closed"),
        408 => ("request-timeout", "The request headers arrived too slowly", "send the request line and headers sooner"),
        414 => ("uri-too-long", "The URL is too long", "the request line is over the hard limit of this server"),
        431 => ("headers-too-large", "The request headers are too large", "the headers are over the hard limit of this server"),
        505 => ("http-version-not-supported", "HTTP version not supported", "use HTTP/1.1 or HTTP/2"),
        _ => (status >= 500 ? "internal-error" : "bad-request", "The request could not be parsed", "the server refused the request before reading it"),
    };
}

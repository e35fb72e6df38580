using System.Net;
using System.Net.Sockets;

namespace TrustLedger.Api.Tests.Health;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a real server (PostgreSQL here), to take it away and give
/// it back without touching the server other tests share: <see cref="Stop"/> closes the port and cuts
/// every open connection, as a database that went down would.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;

    public TcpForwarder(string host, int port)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        Port = TrustLedger.Tests.Shared.PrivateNode.FreePort();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        var listener = _listener;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; } // stopped
                _ = Task.Run(() => PipeAsync(client));
            }
        });
    }

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstream);
            lock (_open) { _open.Add(client); _open.Add(upstream); }
            using var a = client.GetStream();
            using var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception)
        {
            // cut by Stop, or a side closed
        }
        finally
        {
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}

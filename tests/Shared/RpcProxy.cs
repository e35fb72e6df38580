using System.Net;
using System.Net.Sockets;

namespace TrustLedger.Tests.Shared;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a JSON-RPC node that a test can take down and bring
/// back: while down, connections are refused and open ones are cut, as when a node restarts.
/// </summary>
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();

    public RpcProxy(string targetUrl)
    {
        _target = new Uri(targetUrl);
        Port = PrivateNode.FreePort();
        Up();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    public void Up()
    {
        if (_listener is not null) return;
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _cts.Token);
    }

    public void Down()
    {
        _cts.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception)
            {
                return;
            }
            _ = ForwardAsync(inbound, ct);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken ct)
    {
        using var outbound = new TcpClient();
        lock (_open) _open.Add(inbound);
        try
        {
            await outbound.ConnectAsync(_target.Host, _target.Port, ct);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), ct);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), ct);
            await Task.WhenAny(a, b);
        }
        catch (Exception)
        {
            // a cut connection is what a test that takes the proxy down wants
        }
        finally
        {
            lock (_open) _open.Remove(inbound);
            inbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }
}

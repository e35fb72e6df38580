using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TrustLedger.Api.Tests.Webhooks;

/// <summary>One request as a receiver saw it: the raw body and the Standard Webhooks headers.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, int AnsweredWith);

/// <summary>
/// A webhook receiver on 127.0.0.1 (HttpListener): records every request and answers with the next status
/// from <see cref="Answers"/> (then 200), as a customer's endpoint that fails once would.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/trustledger/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }
    public ConcurrentQueue<int> Answers { get; } = new();
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = Answers.TryDequeue(out var s) ? s : 200;
            Received.Enqueue(new ReceivedWebhook(context.Request.Headers["webhook-id"] ?? "", context.Request.Headers["webhook-timestamp"] ?? "",
                context.Request.Headers["webhook-signature"] ?? "", body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async Task<List<ReceivedWebhook>> WaitForAsync(int count, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Received.Count < count && DateTime.UtcNow < deadline) await Task.Delay(100);
        return [.. Received];
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(2));
    }
}

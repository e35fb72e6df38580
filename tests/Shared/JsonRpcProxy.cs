using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace TrustLedger.Tests.Shared;

/// <summary>
/// A JSON-RPC proxy on 127.0.0.1 in front of the real node, to play the parts of a hosted provider
/// the local node does not: refusing wide eth_getLogs ranges, going away and coming back. Requests
/// it does not intercept go to the node unchanged.
/// </summary>
public sealed class JsonRpcProxy : IAsyncDisposable
{
    private readonly HttpClient _upstream = new();
    private readonly int _port;
    private readonly List<JsonObject> _requests = [];
    private HttpListener? _listener;
    private Task _serving = Task.CompletedTask;

    public JsonRpcProxy(string upstreamUrl)
    {
        UpstreamUrl = upstreamUrl;
        _port = PrivateNode.FreePort();
        Start();
    }

    public string Url => $"http://127.0.0.1:{_port}/";

    /// <summary>The node requests go to; set it to another node to replace the chain under a client.</summary>
    public string UpstreamUrl { get; set; }

    /// <summary>Answers a request itself when it returns an error object (JSON-RPC "error"), else null to forward.</summary>
    public Func<JsonObject, JsonObject?>? Refuse { get; set; }

    /// <summary>Changes a forwarded request's result before the client sees it.</summary>
    public Action<JsonObject, JsonNode?>? RewriteResult { get; set; }

    /// <summary>Every request that reached the proxy while it was up, in order.</summary>
    public IReadOnlyList<JsonObject> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public int RefusedCount { get; private set; }

    private TaskCompletionSource _released = CompletedSource();

    /// <summary>While true, requests are accepted but not answered: a node that hangs (stopped with SIGSTOP, overloaded).</summary>
    public bool Hang
    {
        get => !_released.Task.IsCompleted;
        set
        {
            if (value && !Hang) _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            else if (!value) _released.TrySetResult();
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    /// <summary>Closes the port: clients get "connection refused", as from a node that is down.</summary>
    public void Stop()
    {
        _listener?.Abort();
        _listener = null;
    }

    public void Start()
    {
        if (_listener is not null) return;
        var listener = new HttpListener();
        listener.Prefixes.Add(Url);
        listener.Start();
        _listener = listener;
        _serving = Task.Run(() => ServeAsync(listener));
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            await _released.Task;
            var request = JsonNode.Parse(body)!;
            string answer;
            if (request is JsonObject single)
            {
                answer = (await AnswerAsync(single)).ToJsonString();
            }
            else
            {
                var answers = new JsonArray();
                foreach (var item in request.AsArray()) answers.Add(await AnswerAsync(item!.AsObject()));
                answer = answers.ToJsonString();
            }
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) // the listener was aborted mid-request: the client sees a dropped connection
        {
            try { context.Response.Abort(); } catch (Exception) { /* already gone */ }
        }
    }

    private async Task<JsonObject> AnswerAsync(JsonObject request)
    {
        lock (_requests) _requests.Add((JsonObject)request.DeepClone());
        if (Refuse?.Invoke(request) is { } error)
        {
            RefusedCount++;
            return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]?.DeepClone(), ["error"] = error };
        }
        using var response = await _upstream.PostAsync(UpstreamUrl, new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (RewriteResult is { } rewrite && answer["result"] is { } result) rewrite(request, result);
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        Hang = false;
        Stop();
        await _serving;
        _upstream.Dispose();
    }
}

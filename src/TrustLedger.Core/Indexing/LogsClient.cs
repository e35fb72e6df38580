using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace TrustLedger.Core.Indexing;

/// <summary>
/// eth_getLogs over HTTP, parsed from the response stream by <see cref="LogsResponseReader"/>: the one way
/// every log reader (the registry indexer, its edge sources, `trustledger recompute`) fetches logs. Every
/// other call stays with Nethereum. It posts to the same URL through the same <see cref="HttpClient"/>
/// (so the same handler, e.g. the service's node circuit) and credentials as the <see cref="IWeb3"/> it
/// is made from, and fails with the exceptions Nethereum's client throws: <see cref="RpcResponseException"/>
/// for a JSON-RPC error, <see cref="RpcClientTimeoutException"/> after <see cref="ClientBase.ConnectionTimeout"/>,
/// <see cref="RpcClientUnknownException"/> for a failed transport or an answer that is not JSON-RPC.
/// </summary>
public sealed class LogsClient
{
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _auth;
    private int _id;

    public LogsClient(Uri url, HttpClient http, AuthenticationHeaderValue? auth = null)
    {
        _url = url;
        _http = http;
        _auth = auth;
    }

    /// <summary>
    /// The client for the node <paramref name="web3"/> talks to. Nethereum's RpcClient does not expose its
    /// URL or HttpClient, so they are read from its fields, checked by LogsClientTests on the pinned version:
    /// the alternative, passing the URL beside every IWeb3, would change every caller of the indexer.
    /// </summary>
    public static LogsClient For(IWeb3 web3)
    {
        if (web3.Client is not RpcClient rpc)
            throw new NotSupportedException($"reading logs needs an HTTP JSON-RPC client, not {web3.Client.GetType().Name}");
        if (Field<Uri>(rpc, "_baseUrl") is not { } url)
            throw new NotSupportedException("this Nethereum version's RpcClient keeps its URL elsewhere: update LogsClient.For");
        // A client given to the RpcClient (the service's, through NodeCircuit) is reused; else one of our own per URL.
        var http = Field<HttpClient>(rpc, "_httpClient") is { } given && !Rotates(rpc) ? given : Shared;
        return new LogsClient(url, http, Field<AuthenticationHeaderValue>(rpc, "_authHeaderValue"));
    }

    private static readonly HttpClient Shared = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each call has its own, ClientBase.ConnectionTimeout
    };

    private static T? Field<T>(RpcClient rpc, string name) where T : class =>
        typeof(RpcClient).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(rpc) as T;

    /// <summary>True when the RpcClient made its own HttpClients (it replaces them every minute).</summary>
    private static bool Rotates(RpcClient rpc) =>
        typeof(RpcClient).GetField("_rotateHttpClients", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(rpc) is true;

    /// <summary>
    /// <paramref name="address"/>'s logs in [<paramref name="from"/>, <paramref name="to"/>] matching
    /// <paramref name="topics"/> (per position: null = any, a string, or a string array = any of them).
    /// </summary>
    public async Task<List<RegistryLog>> GetLogsAsync(string address, object?[] topics, long from, long to, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(Body(address, topics, from, to)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_auth is not null) request.Headers.Authorization = _auth;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ClientBase.ConnectionTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            try
            {
                return await LogsResponseReader.ReadAsync(body, timeout.Token);
            }
            catch (RpcClientUnknownException e) when (!response.IsSuccessStatusCode)
            {
                // Not a JSON-RPC error object: the HTTP status is the message (a 429, a proxy's 502 page).
                throw new RpcClientUnknownException($"eth_getLogs: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", e);
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RpcClientTimeoutException($"eth_getLogs: no complete answer within {ClientBase.ConnectionTimeout.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new RpcClientUnknownException($"eth_getLogs: {e.Message}", e);
        }
    }

    private byte[] Body(string address, object?[] topics, long from, long to)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            json.WriteNumber("id", Interlocked.Increment(ref _id));
            json.WriteString("method", "eth_getLogs");
            json.WriteStartArray("params");
            json.WriteStartObject();
            json.WriteString("address", address);
            json.WriteString("fromBlock", $"0x{from:x}");
            json.WriteString("toBlock", $"0x{to:x}");
            json.WriteStartArray("topics");
            foreach (var topic in topics)
            {
                switch (topic)
                {
                    case null: json.WriteNullValue(); break;
                    case string one: json.WriteStringValue(one); break;
                    case IEnumerable<string> anyOf:
                        json.WriteStartArray();
                        foreach (var t in anyOf) json.WriteStringValue(t);
                        json.WriteEndArray();
                        break;
                    default: throw new ArgumentException($"a topic filter is null, a string or strings, not {topic.GetType().Name}", nameof(topics));
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Benchmarks.Fuzzing;

/// <param name="Admin">a key the service grants admin and issuer (so admin operations are fuzzed past the sign-in), or null</param>
public sealed record FuzzOptions(Uri BaseAddress, int MaxRequests, TimeSpan MaxDuration, int Concurrency, EthPrivateKey? Admin, int Seed = 15);

public sealed record FuzzFinding(string Operation, string Kind, string Request, int Status, string What, string Sample);

/// <summary>What a run found. A clean run has no 5xx, no error answer that is not problem details, nothing undocumented, and a healthy service after.</summary>
public sealed record FuzzReport(
    int Requests, int Status5xx, int NonProblem, int Undocumented, int Operations, int OperationsInDocument, bool HealthyAfter,
    IReadOnlyDictionary<int, int> ByStatus, IReadOnlyList<FuzzFinding> Findings, TimeSpan Elapsed)
{
    /// <summary>The benchmark's last line.</summary>
    public string Summary() => JsonSerializer.Serialize(new { requests = Requests, status_5xx = Status5xx, non_problem = NonProblem, operations = Operations });
}

/// <summary>
/// The project's own fuzzer, built from the service's OpenAPI document at run time: every operation gets
/// cases in turn (<see cref="FuzzCases"/>, plus raw-socket ones for what only the server sees), bounded
/// by count and time. Every answer is checked: no 5xx, every 4xx problem details with type, title and
/// status, every status and problem type listed for its operation in the document.
/// </summary>
public static class ApiFuzzer
{
    public static async Task<FuzzReport> RunAsync(FuzzOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = options.BaseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        var document = FuzzDocument.Parse(await http.GetStringAsync("/openapi/v1.json", ct));
        var operations = FuzzDocument.Read(document);
        using var party = EthPrivateKey.Generate();
        var tokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["party"] = await SignInAsync(http, party, ct),
            ["admin"] = options.Admin is { } admin ? await SignInAsync(http, admin, ct) : null,
        };
        var context = await ContextAsync(http, party, ct);
        log?.Invoke($"fuzzing {operations.Count} operations at {options.BaseAddress} ({options.MaxRequests} requests, {options.MaxDuration.TotalSeconds:0} s at most)");

        var tally = new Tally();
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
        {
            var cases = new FuzzCases(context, new Random(options.Seed * 1000 + w));
            while (!ct.IsCancellationRequested && clock.Elapsed < options.MaxDuration)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= options.MaxRequests) return;
                var op = operations[n % operations.Count];
                if (n / operations.Count % 8 == 7) await RawAsync(options.BaseAddress, op, n, tally);
                else await SendAsync(http, cases.Next(op), tokens, tally);
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);

        var healthy = (await http.GetAsync("/health", ct)).IsSuccessStatusCode;
        return tally.Report(operations.Count, healthy, clock.Elapsed);
    }

    private static async Task SendAsync(HttpClient http, FuzzRequest r, Dictionary<string, string?> tokens, Tally tally)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Operation.Method), r.PathAndQuery);
        if (tokens.TryGetValue(r.Auth, out var token)) { if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token); }
        else request.Headers.TryAddWithoutValidation("Authorization", r.Auth);
        if (r.Body is not null)
        {
            // A body starting with U+00FF U+00FE stands for raw bytes that are no UTF-8 (sent as Latin-1).
            var bytes = r.Body.StartsWith("\u00ff\u00fe", StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(r.Body) : Encoding.UTF8.GetBytes(r.Body);
            request.Content = new ByteArrayContent(bytes);
            if (r.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
        }
        try
        {
            using var response = await http.SendAsync(request);
            tally.Record(r.Operation, r.Kind, $"{r.Operation.Method} {Short(r.PathAndQuery)} [{r.Auth}]", (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            tally.Record(r.Operation, r.Kind, $"{r.Operation.Method} {Short(r.PathAndQuery)} [{r.Auth}] body {r.Body?.Length} {r.ContentType}: {Short(r.Body ?? "")}",
                599, null, "no answer: " + e.GetBaseException().Message);
        }
    }

    /// <summary>Requests HttpClient will not send: %00 in the path, non-ASCII and oversized headers, an overlong URL.</summary>
    private static async Task RawAsync(Uri baseAddress, FuzzOperation op, int n, Tally tally)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(op.Path, "{[^}]+}", "x%00y");
        if (path == op.Path) path += "%00";
        var (kind, head) = (n / op.Path.Length % 4) switch
        {
            0 => ("raw %00 path", $"{op.Method} {path} HTTP/1.1\r\nHost: fuzz\r\n"),
            1 => ("raw non-ASCII header", $"{op.Method} {op.Path} HTTP/1.1\r\nHost: fuzz\r\nX-Fuzz: caf\u00e9 \u00ff\r\n"),
            2 => ("raw 60 KB header", $"{op.Method} {op.Path} HTTP/1.1\r\nHost: fuzz\r\nX-Fuzz: {new string('h', 60_000)}\r\n"),
            _ => ("raw 9 KB URL", $"{op.Method} {op.Path}?fuzz={new string('u', 9_000)} HTTP/1.1\r\nHost: fuzz\r\n"),
        };
        var (status, contentType, body) = await RawHttp.SendAsync(baseAddress, Encoding.Latin1.GetBytes(head + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
        tally.Record(op, kind, $"{kind} {op}", status, contentType, body);
    }

    private static async Task<string?> SignInAsync(HttpClient http, EthPrivateKey key, CancellationToken ct)
    {
        var nonce = (await (await http.PostAsync("/v1/auth/nonce", null, ct)).Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("nonce").GetString()!;
        var chainId = (await http.GetFromJsonAsync<JsonElement>("/health", ct)).GetProperty("chain").GetProperty("chainId").GetInt64();
        var message = new SiweMessage(null, http.BaseAddress!.Authority, key.Address.ToString(), "Sign in to TrustLedger.", http.BaseAddress.ToString(),
            chainId, nonce, SiweMessage.FormatTime(DateTimeOffset.UtcNow)).ToString();
        var text = Encoding.UTF8.GetBytes(message);
        var hash = Keccak256.Hash([.. Encoding.UTF8.GetBytes($"\u0019Ethereum Signed Message:\n{text.Length}"), .. text]);
        var login = await http.PostAsJsonAsync("/v1/auth/login", new { message, signature = Hex.Encode(EthSigner.Sign(hash, key)) }, ct);
        return login.IsSuccessStatusCode ? (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString() : null;
    }

    /// <summary>The party, the endorsement schema and the registry's EIP-712 domain, from the service itself.</summary>
    private static async Task<FuzzContext> ContextAsync(HttpClient http, EthPrivateKey party, CancellationToken ct)
    {
        var typed = (await http.GetFromJsonAsync<JsonObject>(
            $"/v1/attestations/typed-data?attester={party.Address}&subject={EthPrivateKey.Generate().Address}&rating=3", ct))!;
        var schema = typed["message"]!["schema"]!.GetValue<string>();
        JsonArray Fields(params (string Name, string Type)[] fields) => [.. fields.Select(f => new JsonObject { ["name"] = f.Name, ["type"] = f.Type })];
        string? Sign(JsonObject message, string primaryType, JsonArray fields)
        {
            try
            {
                var data = new JsonObject
                {
                    ["types"] = new JsonObject { ["EIP712Domain"] = typed["types"]!["EIP712Domain"]!.DeepClone(), [primaryType] = fields },
                    ["primaryType"] = primaryType, ["domain"] = typed["domain"]!.DeepClone(), ["message"] = message.DeepClone(),
                };
                using var json = JsonDocument.Parse(data.ToJsonString());
                return Hex.Encode(EthSigner.Sign(Eip712.HashTypedData(json.RootElement), party));
            }
            catch (Exception) { return null; } // a message the encoder refuses stays unsigned
        }
        var attest = typed["types"]!["Attest"]!.AsArray();
        var revoke = Fields(("revoker", "address"), ("uid", "bytes32"), ("nonce", "uint96"), ("deadline", "uint256"));
        return new FuzzContext(party.Address.ToLowerHex(), schema, m => Sign(m, "Attest", (JsonArray)attest.DeepClone()), m => Sign(m, "Revoke", revoke));
    }

    private static string Short(string text) => text.Length > 160 ? text[..160] + "..." : text;

    /// <summary>Counts answers and keeps a sample of each kind of wrong one.</summary>
    private sealed class Tally
    {
        private readonly ConcurrentDictionary<string, byte> _covered = new();
        private readonly ConcurrentDictionary<int, int> _byStatus = new();
        private readonly ConcurrentDictionary<string, FuzzFinding> _findings = new();
        private int _requests, _status5xx, _nonProblem, _undocumented;

        public void Record(FuzzOperation op, string kind, string request, int status, string? contentType, string body)
        {
            Interlocked.Increment(ref _requests);
            _covered.TryAdd(op.Id, 0);
            _byStatus.AddOrUpdate(status, 1, (_, c) => c + 1);
            if (status >= 500) Found(ref _status5xx, op, kind, request, status, "5xx", body);
            if (status < 400) return;
            if (ProblemType(status, contentType, body) is not { } type)
            {
                Found(ref _nonProblem, op, kind, request, status, $"not problem details ({contentType ?? "no content type"})", body);
                return;
            }
            var listed = op.Problems.GetValueOrDefault(status);
            if (!op.Statuses.Contains(status) || listed is null || !(listed.Contains(type) || listed.Contains(FuzzDocument.OpenType)))
                Found(ref _undocumented, op, kind, request, status, $"not in the document for {op}: {status} {type}", body);
        }

        private static string? ProblemType(int status, string? contentType, string body)
        {
            if (contentType != "application/problem+json") return null;
            try
            {
                var p = JsonDocument.Parse(body).RootElement;
                return p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && p.TryGetProperty("title", out var title)
                       && title.ValueKind == JsonValueKind.String && p.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) && n == status
                    ? t.GetString()
                    : null;
            }
            catch (JsonException) { return null; }
        }

        private void Found(ref int counter, FuzzOperation op, string kind, string request, int status, string what, string body)
        {
            Interlocked.Increment(ref counter);
            _findings.TryAdd($"{op.Id}|{status}|{what}", new FuzzFinding(op.ToString(), kind, request, status, what, Short(body)));
        }

        public FuzzReport Report(int inDocument, bool healthy, TimeSpan elapsed) => new(_requests, _status5xx, _nonProblem, _undocumented,
            _covered.Count, inDocument, healthy, new SortedDictionary<int, int>(_byStatus), [.. _findings.Values.Take(60)], elapsed);
    }
}

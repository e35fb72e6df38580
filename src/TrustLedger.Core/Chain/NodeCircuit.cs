using TrustLedger.Core.Data;

namespace TrustLedger.Core.Chain;

/// <summary>
/// What every JSON-RPC call goes through (the HTTP handler under the service's one <c>IWeb3</c>), so the
/// service knows in one place whether the node answers:
/// <list type="bullet">
/// <item>a call made while someone waits (<see cref="CallBudget"/>) takes at most that budget, not
/// Nethereum's 20 s;</item>
/// <item>a call that fails on the way (refused, reset, timed out) opens the circuit for
/// <see cref="OpenFor"/>; while it is open, calls made while someone waits fail at once with
/// <see cref="DependencyUnavailableException"/> (the API answers 503 with Retry-After), and workers'
/// calls go on trying, so the first success closes it again;</item>
/// <item>an answer of any kind (a result or a JSON-RPC error) closes it; an HTTP 5xx or an empty body (a proxy
/// before a node that is restarting) is no answer: it opens it, as a refused connection does.</item>
/// </list>
/// </summary>
public sealed class NodeCircuit(TimeSpan openFor, TimeProvider? time = null) : DelegatingHandler(new SocketsHttpHandler
{
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    ConnectTimeout = TimeSpan.FromSeconds(10),
})
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _openUntilTicks;
    private string? _lastError;

    public TimeSpan OpenFor => openFor;

    /// <summary>True while the node is considered down (the last call failed less than <see cref="OpenFor"/> ago).</summary>
    public bool IsOpen => RetryAfter > TimeSpan.Zero;

    /// <summary>How long until calls are tried again for waiting callers (zero when closed).</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            var left = Interlocked.Read(ref _openUntilTicks) - _time.GetUtcNow().UtcTicks;
            return left > 0 ? TimeSpan.FromTicks(left) : TimeSpan.Zero;
        }
    }

    /// <summary>Why the last call failed, while the circuit is open.</summary>
    public string? LastError => IsOpen ? _lastError : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var budget = CallBudget.PerCall;
        if (budget is not null && IsOpen)
            throw new DependencyUnavailableException("chain", $"the chain node is unavailable ({_lastError})", RetryAfter);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (budget is { } limitPerCall) limit.CancelAfter(limitPerCall);
        try
        {
            var response = await base.SendAsync(request, limit.Token);
            if (NotAnAnswer(response) is { } why)
            {
                // A proxy in front of a restarting node answers 502/503 or nothing at all; handed to Nethereum, that
                // body becomes a NullReferenceException in its error handling instead of "the node is down".
                response.Dispose();
                throw new HttpRequestException(why);
            }
            Interlocked.Exchange(ref _openUntilTicks, 0);
            return response;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested && budget is { } perCall)
        {
            Open($"no answer within {perCall.TotalSeconds:0.#} s");
            throw new DependencyUnavailableException("chain", $"the chain node did not answer within {perCall.TotalSeconds:0.#} s", openFor, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Open(e.GetBaseException().Message);
            if (budget is null) throw;
            throw new DependencyUnavailableException("chain", $"the chain node cannot be reached: {e.GetBaseException().Message}", openFor, e);
        }
    }

    /// <summary>Why a response is no JSON-RPC answer (a server error, or an empty body); null when it is one.</summary>
    private static string? NotAnAnswer(HttpResponseMessage response) =>
        (int)response.StatusCode >= 500 ? $"the node answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
        : response.Content.Headers.ContentLength == 0 ? $"the node answered HTTP {(int)response.StatusCode} with an empty body"
        : null;

    private void Open(string reason)
    {
        _lastError = reason;
        Interlocked.Exchange(ref _openUntilTicks, (_time.GetUtcNow() + openFor).UtcTicks);
    }
}

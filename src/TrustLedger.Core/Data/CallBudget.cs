namespace TrustLedger.Core.Data;

/// <summary>
/// How long one call to a dependency (the database, the chain node) may take while someone waits for
/// the answer. The HTTP host opens a budget around each request; workers run without one and keep
/// their long default timeouts. An ambient value (AsyncLocal), so every call made on the request's
/// behalf obeys it without each caller passing it on.
/// </summary>
public static class CallBudget
{
    private static readonly AsyncLocal<TimeSpan?> Ambient = new();

    /// <summary>The limit per call in the current flow, or null when nobody is waiting.</summary>
    public static TimeSpan? PerCall => Ambient.Value;

    /// <summary>Calls made until the returned scope ends may each take at most <paramref name="perCall"/>.</summary>
    public static IDisposable Begin(TimeSpan perCall)
    {
        var previous = Ambient.Value;
        Ambient.Value = perCall;
        return new Scope(previous);
    }

    private sealed class Scope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

/// <summary>A dependency did not answer within the <see cref="CallBudget"/>, or is known to be down.</summary>
public sealed class DependencyUnavailableException(string dependency, string message, TimeSpan retryAfter, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>"database" or "chain".</summary>
    public string Dependency { get; } = dependency;

    /// <summary>When a retry has a chance.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

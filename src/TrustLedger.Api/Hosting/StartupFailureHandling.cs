using TrustLedger.Core;

namespace TrustLedger.Api.Hosting;

public static class StartupFailureHandling
{
    /// <summary>
    /// Runs the app; a configuration mistake found at start-up ends it with one clear log line
    /// and exit code 1 instead of a stack trace. Anything else is a bug and is shown in full.
    /// </summary>
    public static async Task<int> RunUntilStoppedAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (Unwrap(e) is StartupFailure)
        {
            app.Logger.LogCritical("TrustLedger cannot start: {Reason}", Unwrap(e).Message);
            return 1;
        }
    }

    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerException!) : e;
}

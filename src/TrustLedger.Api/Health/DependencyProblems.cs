using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Nethereum.JsonRpc.Client;
using Npgsql;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Health;

/// <summary>Configuration section "Dependencies".</summary>
public sealed class DependencyOptions
{
    public const string Section = "Dependencies";

    /// <summary>
    /// How long one call to the database or the chain node may take while a request waits for it
    /// (<see cref="CallBudget"/>); past it the request is answered 503. Workers are not bound by it.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(1.5);
}

/// <summary>
/// One answer for every endpoint whose dependency is down: 503 problem details naming it
/// (<c>chain-unavailable</c>, <c>database-unavailable</c>) with Retry-After, never a 500 and never
/// a long wait (calls made for a waiting request are bounded by <see cref="DependencyOptions.CallTimeout"/>,
/// and a node that just failed is not called again for <see cref="ChainOptions.NodeRetryAfter"/>).
/// </summary>
public sealed class DependencyProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!http.Response.HasStarted && Replaced(exception) is { } replaced)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http, Exception = exception,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable, Type = ProblemResponses.Type("chain-replaced"),
                    Title = "The chain was replaced", Detail = replaced.Message + "; nothing is accepted until the service is started on the new chain",
                },
            });
        }
        if (http.Response.HasStarted || Classify(exception) is not { } outage) return false;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = Seconds(outage.RetryAfter);
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ProblemResponses.Type(outage.Dependency + "-unavailable"),
            Title = outage.Dependency == "chain" ? "The chain node cannot be reached" : "The database cannot be reached",
            Detail = outage.Detail + "; retry later (GET /health says what is down)",
            Extensions = { ["dependency"] = outage.Dependency },
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ChainReplacedException? Replaced(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is ChainReplacedException replaced) return replaced;
        return null;
    }

    public static string Seconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Which dependency an exception says is down, or null when it is no outage.</summary>
    public static (string Dependency, TimeSpan RetryAfter, string Detail)? Classify(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is DependencyUnavailableException d) return (d.Dependency, d.RetryAfter, d.Message);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("53", StringComparison.Ordinal):
                    return ("database", DefaultRetryAfter, $"the database refused to work ({pg.SqlState})");
                case PostgresException:
                    return null; // a verdict on our statement: a bug, not an outage
                case NpgsqlException npgsql:
                    return ("database", DefaultRetryAfter, $"the database connection failed: {npgsql.GetBaseException().Message}");
                case SqliteException { SqliteErrorCode: 5 or 6 or 10 or 13 or 14 } sqlite:
                    return ("database", DefaultRetryAfter, $"the database is busy or unreadable: {sqlite.Message}");
                case RpcClientTimeoutException or RpcClientUnknownException or HttpRequestException:
                    return ("chain", DefaultRetryAfter, $"the chain node did not answer: {e.GetBaseException().Message}");
            }
        }
        return null;
    }
}

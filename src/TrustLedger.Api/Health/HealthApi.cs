using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Health;

public static class HealthApi
{
    /// <summary>
    /// GET /health: the chain and the database checked live (at most once a second, within 2 s), 200
    /// when both are up, 503 problem details naming what is down when not, so a load balancer can act
    /// on the code and a person on the body. GET /livez: the process answers. Neither is rate-limited:
    /// a probe must never be refused because other clients of the same address were busy.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        // Liveness: the process answers. No I/O, so it is also the baseline of the API load benchmark.
        routes.MapGet("/livez", () => TypedResults.Text("ok")).WithTags("Health").DisableRateLimiting().NeedsNoDependency()
            .WithSummary("Liveness: the process answers")
            .WithDescription("No dependency is checked, so a restart is only due when this fails. Never rate-limited.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");

        routes.MapGet("/health", async (HealthChecks checks, HttpContext http) =>
            {
                var report = await checks.ReportAsync();
                http.Response.Headers.CacheControl = "no-store";
                if (report.Status == "ok") return TypedResults.Ok(report);
                http.Response.Headers.RetryAfter = DependencyProblems.Seconds(DependencyProblems.DefaultRetryAfter);
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "unhealthy", "A part of the service is down",
                    string.Join("; ", report.Down.Select(part => $"{part}: {(part == "chain" ? report.Chain.Error : report.Database.Error)}")),
                    new Dictionary<string, object?>
                    {
                        ["down"] = report.Down, ["chain"] = report.Chain, ["database"] = report.Database, ["indexer"] = report.Indexer,
                        ["transactions"] = report.Transactions, ["issuance"] = report.Issuance,
                        ["checkedAt"] = report.CheckedAt,
                    });
            })
            .WithTags("Health").DisableRateLimiting()
            .WithSummary("Readiness: the chain node and the database, checked live")
            .WithDescription("""
                200 when the chain node (chain id, latest block, code at each contract address) and the database (kind,
                migration version) both answer; 503 `unhealthy` problem details with `down` naming the parts that do not,
                their sections as in the 200 body, and `Retry-After`. Answers within 2 s even when a part hangs (each check
                is bounded by `Dependencies:CallTimeout`); probes share one live check per second. Never rate-limited.
                The indexer (checkpoint, lag), transactions (each service key's balance, stuck transactions, fee-ceiling alert)
                and issuance (today's automatic credential budget) sections are informational and never make the service unhealthy.
                """)
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .NeedsNoDependency() // it reports a dependency that is down as 503 unhealthy, never as that dependency's problem
            .WithProblems("unhealthy");
    }

    /// <summary>The health checks, the 503 answer for a dependency that is down, and the per-call budget of requests.</summary>
    public static void AddDependencyHealth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DependencyOptions.Section).Get<DependencyOptions>() ?? new DependencyOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<HealthChecks>();
        builder.Services.AddExceptionHandler<DependencyProblems>();
    }

    /// <summary>Every call a request makes to the database or the node is bounded by <see cref="DependencyOptions.CallTimeout"/>.</summary>
    public static void UseCallBudgets(this WebApplication app)
    {
        var perCall = app.Services.GetRequiredService<DependencyOptions>().CallTimeout;
        app.Use(async (http, next) =>
        {
            using (CallBudget.Begin(perCall)) await next(http);
        });
    }
}

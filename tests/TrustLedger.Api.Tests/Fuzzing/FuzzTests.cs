using TrustLedger.Api.Tests.Hosting;
using TrustLedger.Benchmarks.Fuzzing;

namespace TrustLedger.Api.Tests.Fuzzing;

/// <summary>
/// Issue 15: the project's own fuzzer, built from /openapi/v1.json at test time, against the real host
/// (Kestrel) on each database, bounded in count and time. It fails on any 5xx (or no answer), any error
/// answer that is not problem details, any status or problem type the document does not list for the
/// operation, an operation left out, or an unhealthy service afterwards.
/// TRUSTLEDGER_FUZZ_REQUESTS changes the count (6,000 by default).
/// </summary>
public abstract class FuzzTests(KestrelApplication app)
{
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("TRUSTLEDGER_FUZZ_REQUESTS"), out var n) ? n : 6000;

    [Fact]
    public async Task Fuzz_EveryOperation_AnswersNo5xx_OnlyProblemDetails_AsDocumented_AndStaysHealthy()
    {
        var output = TestContext.Current.TestOutputHelper;
        var report = await ApiFuzzer.RunAsync(new FuzzOptions(app.BaseAddress, Requests, TimeSpan.FromSeconds(50), 4, app.Admin), m => output?.WriteLine(m));

        output?.WriteLine($"{report.Requests} requests in {report.Elapsed.TotalSeconds:0.0} s, {report.Operations}/{report.OperationsInDocument} operations; "
                          + string.Join(", ", report.ByStatus.Select(s => $"{s.Key}: {s.Value}")));
        foreach (var f in report.Findings) output?.WriteLine($"  {f.What} | {f.Request} | {f.Kind} | {f.Sample}");
        output?.WriteLine(report.Summary());
        var findings = string.Join("\n", report.Findings.Select(f => $"{f.What} | {f.Request} | {f.Sample}"));
        Assert.True(report.Status5xx == 0, $"{report.Status5xx} answers were 5xx or none:\n{findings}");
        Assert.True(report.NonProblem == 0, $"{report.NonProblem} error answers were not problem details:\n{findings}");
        Assert.True(report.Undocumented == 0, $"{report.Undocumented} answers are not in the OpenAPI document:\n{findings}");
        Assert.Equal(report.OperationsInDocument, report.Operations);
        Assert.True(report.Requests >= Math.Min(Requests, 1000), $"only {report.Requests} requests in the time allowed");
        Assert.True(report.HealthyAfter, "/health is not 200 after the run");
    }
}

public sealed class SqliteFuzzTests(KestrelApplication app) : FuzzTests(app), IClassFixture<KestrelApplication>;

public sealed class PostgresFuzzTests(PostgresKestrelApplication app) : FuzzTests(app), IClassFixture<PostgresKestrelApplication>;

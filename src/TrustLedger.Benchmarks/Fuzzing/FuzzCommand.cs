using TrustLedger.Core.Crypto;

namespace TrustLedger.Benchmarks.Fuzzing;

/// <summary>
/// <c>fuzz --url URL [--admin-key HEX] [--requests N] [--seconds N] [--concurrency N]</c>: a bounded run of
/// <see cref="ApiFuzzer"/> against a running API; findings on stderr, the summary as the last line.
/// </summary>
public static class FuzzCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (Arg("--url") is not { } url)
        {
            Console.Error.WriteLine("usage: fuzz --url URL [--admin-key HEX] [--requests N] [--seconds N] [--concurrency N]");
            return 2;
        }
        var options = new FuzzOptions(new Uri(url), int.Parse(Arg("--requests") ?? "20000"), TimeSpan.FromSeconds(int.Parse(Arg("--seconds") ?? "300")),
            int.Parse(Arg("--concurrency") ?? "8"), Arg("--admin-key") is { } key ? EthPrivateKey.FromHex(key) : null);
        var report = await ApiFuzzer.RunAsync(options, Console.Error.WriteLine);
        Console.Error.WriteLine($"{report.Requests} requests in {report.Elapsed.TotalSeconds:0.0} s over {report.Operations}/{report.OperationsInDocument} operations; " +
                                $"by status: {string.Join(", ", report.ByStatus.Select(s => $"{s.Key}: {s.Value}"))}; undocumented: {report.Undocumented}; healthy after: {report.HealthyAfter}");
        foreach (var f in report.Findings) Console.Error.WriteLine($"  {f.What} | {f.Request} | {f.Kind} | {f.Sample}");
        Console.WriteLine(report.Summary());
        return 0;
    }
}

using System.Diagnostics;

namespace TrustLedger.Api.Tests.Hosting;

/// <summary>A configuration mistake ends the real process with one clear line and exit code 1.</summary>
public class StartupFailureTests
{
    private static async Task<(int ExitCode, string Output)> RunApiAsync(params (string Name, string Value)[] env)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("trustledger-startup-").FullName,
        };
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Start_WithUnreachableRpc_ExitsNonZeroWithAClearMessageAndNoStackTrace()
    {
        var (code, output) = await RunApiAsync(("TRUSTLEDGER_RPC_URL", "http://127.0.0.1:9"), ("TRUSTLEDGER_DB", "Data Source=:memory:"));

        Assert.Equal(1, code);
        Assert.Contains("TrustLedger cannot start: cannot reach the JSON-RPC endpoint http://127.0.0.1:9", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Start_WithUnreachableDatabase_ExitsNonZeroWithAClearMessageAndNoStackTrace()
    {
        var (code, output) = await RunApiAsync(
            ("TRUSTLEDGER_RPC_URL", "http://127.0.0.1:9"),
            ("TRUSTLEDGER_DB", "Host=127.0.0.1;Port=9;Username=u;Password=secret-pw;Database=d;Timeout=2"));

        Assert.Equal(1, code);
        Assert.Contains("TrustLedger cannot start: cannot open the database postgres://127.0.0.1:9/d", output);
        Assert.DoesNotContain("secret-pw", output);
        Assert.DoesNotContain("   at ", output);
    }
}

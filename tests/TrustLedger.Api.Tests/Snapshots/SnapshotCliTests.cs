using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Snapshots;

/// <summary>
/// The `trustledger` CLI, run as a process, against the real host over HTTP and the real node:
/// what a buyer or an auditor runs, given nothing but the RPC URL and the API's address.
/// </summary>
public sealed class SnapshotCliTests(SnapshotApplication app) : IClassFixture<SnapshotApplication>
{
    [Fact]
    public async Task VerifyScoreAndRecompute_WithTheApiAsTheOnlyOtherSource_VerifyAndMatch()
    {
        var client = await SignedInAsync(app, app.Admin);
        await app.EndorseAsync(0, 1, 5);
        await app.EndorseAsync(1, 2, 4);
        await app.IndexedThroughAsync(await app.EndorseAsync(2, 1, 5));
        var created = await (await client.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>();
        var epoch = created.GetProperty("snapshot").GetProperty("epoch").GetInt64();
        var details = await SnapshotsApiTests.PublishedAsync(client, epoch);
        var noDeployments = Directory.CreateTempSubdirectory("trustledger-no-deployments-").FullName;

        var verify = await RunCliAsync("verify-score", "--rpc", app.RpcUrl, "--api", app.BaseUrl, "--address", app.Business(1),
            "--deployments", noDeployments);

        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
        Assert.Contains($"epoch {epoch} on {details.GetProperty("contract").GetString()}", verify.Output);
        Assert.Contains("verifyScore on chain: yes", verify.Output);
        Assert.Contains("taken from the API", verify.Error); // the contract address was not given: said so

        var recompute = await RunCliAsync("recompute", "--rpc", app.RpcUrl, "--api", app.BaseUrl,
            "--contract", details.GetProperty("contract").GetString()!, "--block", details.GetProperty("computedAtBlock").GetInt64().ToString(),
            "--deployments", noDeployments);

        Assert.True(recompute.Exit == 0, recompute.Output + recompute.Error);
        Assert.Contains($"recomputed root {details.GetProperty("merkleRoot").GetString()}", recompute.Output);
        Assert.Contains("MATCH", recompute.Output);
        Assert.Contains("parameters from the API match the published parametersHash", recompute.Error);
        Assert.Contains("progress: blocks", recompute.Error);
    }

    [Fact]
    public async Task VerifyScore_WithoutLeavesOrApi_CannotCheck()
    {
        var run = await RunCliAsync("verify-score", "--rpc", app.RpcUrl, "--address", app.Business(0),
            "--contract", app.Chain.Deployment.AddressOf("ReputationSnapshots"));
        Assert.Equal(2, run.Exit);
        Assert.StartsWith("error: ", run.Error);
    }

    /// <summary>The CLI as built next to this project (same configuration), run with `dotnet`.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TrustLedger.sln"))) root = root.Parent;
        var cli = Path.Combine(root!.FullName, "src", "TrustLedger.Cli", "bin", configuration, framework, "trustledger.dll");
        Assert.True(File.Exists(cli), $"the CLI is not built at {cli}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}

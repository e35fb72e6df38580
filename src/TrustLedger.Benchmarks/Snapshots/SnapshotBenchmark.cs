using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Benchmarks.Snapshots;

/// <summary>
/// Times building the snapshot tree and every proof for N parties (the issue's target: 100,000 in
/// at most 1 s). One warm-up run absorbs JIT compilation; the figure is the median of the
/// measured runs. With --out, writes the root and the longest proof for the on-chain gas figures.
/// </summary>
internal static class SnapshotBenchmark
{
    public static int Run(string[] args)
    {
        int parties = IntOption(args, "--parties", 100_000);
        int runs = IntOption(args, "--runs", 5);
        string? outPath = Option(args, "--out");

        List<SnapshotLeaf> leaves = MakeLeaves(parties, seed: 9);

        var cold = Stopwatch.StartNew();
        (SnapshotMerkleTree tree, SnapshotProofSet proofs) = BuildTreeAndProofs(leaves);
        cold.Stop();
        Console.Error.WriteLine($"cold (incl. JIT): {cold.Elapsed.TotalSeconds:F3} s, root {tree.Root}, {proofs.TotalHashes} proof hashes");

        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            (SnapshotMerkleTree again, _) = BuildTreeAndProofs(leaves);
            watch.Stop();
            if (again.Root != tree.Root) throw new InvalidOperationException("The tree is not deterministic.");
            times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        double median = times[times.Count / 2];
        Console.Error.WriteLine($"warm runs (s): {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}");

        if (outPath is not null) WriteLongestProof(tree, proofs, outPath);
        Console.WriteLine(JsonSerializer.Serialize(new { parties, tree_s = Math.Round(median, 3), cold_s = Math.Round(cold.Elapsed.TotalSeconds, 3) }));
        return 0;
    }

    private static (SnapshotMerkleTree, SnapshotProofSet) BuildTreeAndProofs(List<SnapshotLeaf> leaves)
    {
        SnapshotMerkleTree tree = SnapshotMerkleTree.Build(leaves);
        return (tree, tree.GetAllProofs());
    }

    /// <summary>Distinct pseudo-random parties with scores, competition ranks and evidence counts.</summary>
    private static List<SnapshotLeaf> MakeLeaves(int count, int seed)
    {
        var random = new Random(seed);
        var scored = new List<(string Party, ulong Score, ulong Evidence)>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var address = new byte[20];
        while (scored.Count < count)
        {
            random.NextBytes(address);
            string party = "0x" + Convert.ToHexStringLower(address);
            if (seen.Add(party)) scored.Add((party, (ulong)random.Next(0, 10_001), (ulong)random.Next(0, 500)));
        }
        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        var leaves = new List<SnapshotLeaf>(count);
        for (int i = 0; i < scored.Count; i++)
        {
            ulong rank = i > 0 && scored[i].Score == scored[i - 1].Score ? leaves[i - 1].Rank : (ulong)i + 1;
            leaves.Add(new SnapshotLeaf(scored[i].Party, scored[i].Score, rank, scored[i].Evidence));
        }
        return leaves;
    }

    private static void WriteLongestProof(SnapshotMerkleTree tree, SnapshotProofSet proofs, string path)
    {
        int longest = 0;
        for (int i = 1; i < proofs.Count; i++) if (proofs[i].Length > proofs[longest].Length) longest = i;
        SnapshotLeaf leaf = tree.Leaves[longest];
        var document = new
        {
            root = tree.Root.ToString(),
            partyCount = tree.Count,
            leaf = new { party = leaf.Party, score = leaf.Score.ToString(CultureInfo.InvariantCulture), rank = leaf.Rank.ToString(CultureInfo.InvariantCulture), evidenceCount = leaf.EvidenceCount.ToString(CultureInfo.InvariantCulture) },
            proof = proofs[longest].ToArray().Select(h => h.ToString()).ToArray(),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document));
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}

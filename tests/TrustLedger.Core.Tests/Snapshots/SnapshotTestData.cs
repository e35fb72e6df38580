using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>Deterministic leaf sets and paths into the repository for the snapshot tests.</summary>
internal static class SnapshotTestData
{
    /// <summary><paramref name="count"/> distinct parties with pseudo-random values from <paramref name="seed"/>.</summary>
    public static List<SnapshotLeaf> RandomLeaves(int count, int seed)
    {
        var random = new Random(seed);
        var parties = new HashSet<string>(StringComparer.Ordinal);
        var leaves = new List<SnapshotLeaf>(count);
        Span<byte> address = stackalloc byte[20];
        while (leaves.Count < count)
        {
            random.NextBytes(address);
            string party = "0x" + Convert.ToHexStringLower(address);
            if (!parties.Add(party)) continue;
            leaves.Add(new SnapshotLeaf(party, (ulong)random.Next(0, 10_001), (ulong)leaves.Count + 1, (ulong)random.Next(0, 1000)));
        }
        return leaves;
    }

    /// <summary>The repository root (the folder holding TrustLedger.sln).</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrustLedger.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No TrustLedger.sln above {AppContext.BaseDirectory}.");
    }

    public static string FixturePath(string name) =>
        Path.Combine(RepoRoot(), "tests", "TrustLedger.Core.Tests", "Snapshots", "Fixtures", name);
}

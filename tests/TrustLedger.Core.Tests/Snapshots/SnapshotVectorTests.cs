using System.Text.Json;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>
/// The C# tree against vectors OpenZeppelin's StandardMerkleTree produced (Fixtures/make-vectors.mjs);
/// the contract tests verify the same vectors on chain, so all three agree.
/// </summary>
public class SnapshotVectorTests
{
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (JsonElement c in LoadCases()) names.Add(c.GetProperty("name").GetString()!);
        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Tree_ReproducesStandardMerkleTree_RootLeafHashesAndProofs(string name)
    {
        JsonElement vector = LoadCases().Single(c => c.GetProperty("name").GetString() == name);
        var leaves = vector.GetProperty("leaves").EnumerateArray().Select(l => new SnapshotLeaf(
            l.GetProperty("party").GetString()!,
            ulong.Parse(l.GetProperty("score").GetString()!),
            ulong.Parse(l.GetProperty("rank").GetString()!),
            ulong.Parse(l.GetProperty("evidenceCount").GetString()!))).ToList();

        SnapshotMerkleTree tree = SnapshotMerkleTree.Build(leaves);

        Assert.Equal(vector.GetProperty("root").GetString(), tree.Root.ToString());
        var expectedProofs = vector.GetProperty("proofs").EnumerateArray().ToList();
        var statedLeaves = vector.GetProperty("leaves").EnumerateArray().ToList();
        for (int i = 0; i < leaves.Count; i++)
        {
            int index = tree.IndexOf(leaves[i].Party);
            Assert.Equal(statedLeaves[i].GetProperty("leafHash").GetString(), tree.LeafHash(index).ToString());
            string[] expected = expectedProofs[i].EnumerateArray().Select(p => p.GetString()!).ToArray();
            Assert.Equal(expected, tree.GetProof(index).Select(h => h.ToString()).ToArray());
        }
    }

    private static List<JsonElement> LoadCases()
    {
        using var stream = File.OpenRead(SnapshotTestData.FixturePath("standard-tree-vectors.json"));
        return JsonDocument.Parse(stream).RootElement.GetProperty("cases").EnumerateArray().ToList();
    }
}

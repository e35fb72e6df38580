using System.Text;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

public class SnapshotLeafSetTests
{
    private static readonly SnapshotMerkleTree Tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(120, seed: 11));

    [Fact]
    public void Csv_RoundTrips_ToTheSameRootAndLeaves()
    {
        string csv = WriteCsv(Tree);
        Assert.StartsWith(SnapshotLeafSetCsv.Header + "\n", csv);
        Assert.Equal(Tree.Count + 1, csv.TrimEnd('\n').Split('\n').Length);

        SnapshotMerkleTree read = SnapshotLeafSetCsv.Read(new StringReader(csv));
        Assert.Equal(Tree.Root, read.Root);
        Assert.Equal(Tree.Leaves, read.Leaves);
    }

    [Fact]
    public void Csv_WithoutTheHashColumn_RebuildsTheSameRoot()
    {
        var lines = WriteCsv(Tree).TrimEnd('\n').Split('\n').Select(l => l[..l.LastIndexOf(',')]);
        Assert.Equal(Tree.Root, SnapshotLeafSetCsv.Read(new StringReader(string.Join('\n', lines))).Root);
    }

    [Fact]
    public void Csv_WithATamperedScore_IsRejectedWithItsLineNumber()
    {
        var lines = WriteCsv(Tree).TrimEnd('\n').Split('\n');
        string[] cells = lines[5].Split(',');
        cells[1] = cells[1] == "0" ? "1" : "0";
        lines[5] = string.Join(',', cells);

        var e = Assert.Throws<FormatException>(() => SnapshotLeafSetCsv.Read(new StringReader(string.Join('\n', lines))));
        Assert.Contains("Line 6", e.Message);
    }

    [Fact]
    public void Json_RoundTrips_ToTheSameRootAndLeaves()
    {
        byte[] json = WriteJson(Tree);
        string text = Encoding.UTF8.GetString(json);
        Assert.Contains($"\"merkleRoot\":\"{Tree.Root}\"", text);
        Assert.Contains($"\"format\":\"{SnapshotLeafSetJson.Format}\"", text);

        SnapshotMerkleTree read = SnapshotLeafSetJson.Read(new MemoryStream(json));
        Assert.Equal(Tree.Root, read.Root);
        Assert.Equal(Tree.Leaves, read.Leaves);
    }

    [Fact]
    public void Json_WithAWrongRoot_IsRejected()
    {
        // Every leaf stays intact: only the root check can catch this.
        string text = Encoding.UTF8.GetString(WriteJson(Tree)).Replace(Tree.Root.ToString(), Hash32.Zero.ToString());
        var e = Assert.Throws<FormatException>(() => SnapshotLeafSetJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        Assert.Contains("merkleRoot", e.Message);
    }

    [Fact]
    public void Json_WithATamperedLeaf_IsRejectedWithItsPosition()
    {
        SnapshotLeaf leaf = Tree.Leaves[3];
        string original = $"\"party\":\"{leaf.Party}\",\"score\":\"{leaf.Score}\"";
        string text = Encoding.UTF8.GetString(WriteJson(Tree)).Replace(original, $"\"party\":\"{leaf.Party}\",\"score\":\"{(leaf.Score + 1) % 10_001}\"");
        Assert.NotEqual(Encoding.UTF8.GetString(WriteJson(Tree)), text);

        var e = Assert.Throws<FormatException>(() => SnapshotLeafSetJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        Assert.Contains("leaves[3]", e.Message);
    }

    [Fact]
    public void Json_AcceptsIntegersAsNumbers()
    {
        var leaf = new SnapshotLeaf("0x00000000000000000000000000000000000000aa", 5000, 1, 3);
        string json = $$"""
            {"format":"{{SnapshotLeafSetJson.Format}}","merkleRoot":"{{leaf.Hash()}}",
             "leaves":[{"party":"0x00000000000000000000000000000000000000AA","score":5000,"rank":1,"evidenceCount":3}]}
            """;
        Assert.Equal(leaf.Hash(), SnapshotLeafSetJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))).Root);
    }

    internal static string WriteCsv(SnapshotMerkleTree tree)
    {
        var writer = new StringWriter();
        SnapshotLeafSetCsv.Write(tree, writer);
        return writer.ToString();
    }

    internal static byte[] WriteJson(SnapshotMerkleTree tree)
    {
        var stream = new MemoryStream();
        SnapshotLeafSetJson.Write(tree, stream);
        return stream.ToArray();
    }
}

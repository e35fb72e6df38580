using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

public class SnapshotMerkleTreeTests
{
    [Theory]
    [InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5), InlineData(17), InlineData(64), InlineData(1001)]
    public void EveryProof_VerifiesAgainstTheRoot(int count)
    {
        var tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(count, seed: count));
        for (int i = 0; i < tree.Count; i++)
        {
            Assert.True(SnapshotMerkleTree.Verify(tree.Root, tree.Leaves[i], tree.GetProof(i)));
        }
    }

    [Fact]
    public void SingleLeaf_RootIsTheLeafHash_WithAnEmptyProof()
    {
        var leaf = new SnapshotLeaf("0x00000000000000000000000000000000000000aa", 5000, 1, 3);
        var tree = SnapshotMerkleTree.Build([leaf]);
        Assert.Equal(leaf.Hash(), tree.Root);
        Assert.Empty(tree.GetProof(0));
    }

    [Fact]
    public void Root_DoesNotDependOnInputOrder()
    {
        var leaves = SnapshotTestData.RandomLeaves(300, seed: 1);
        var shuffled = leaves.OrderBy(_ => Random.Shared.Next()).ToList();
        Assert.Equal(SnapshotMerkleTree.Build(leaves).Root, SnapshotMerkleTree.Build(shuffled).Root);
    }

    [Fact]
    public void Leaves_AreInAscendingLeafHashOrder()
    {
        var tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(200, seed: 2));
        for (int i = 1; i < tree.Count; i++) Assert.True(tree.LeafHash(i - 1).CompareTo(tree.LeafHash(i)) < 0);
        Assert.All(Enumerable.Range(0, tree.Count), i => Assert.Equal(tree.Leaves[i].Hash(), tree.LeafHash(i)));
    }

    [Fact]
    public void TamperedLeaf_FailsVerification()
    {
        var tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(100, seed: 3));
        SnapshotLeaf leaf = tree.Leaves[42];
        Hash32[] proof = tree.GetProof(42);
        Assert.True(SnapshotMerkleTree.Verify(tree.Root, leaf, proof));

        var tampered = new[]
        {
            new SnapshotLeaf(leaf.Party, leaf.Score == 0 ? 1 : leaf.Score - 1, leaf.Rank, leaf.EvidenceCount),
            new SnapshotLeaf(leaf.Party, leaf.Score, leaf.Rank + 1, leaf.EvidenceCount),
            new SnapshotLeaf(leaf.Party, leaf.Score, leaf.Rank, leaf.EvidenceCount + 1),
            new SnapshotLeaf(tree.Leaves[43].Party, leaf.Score, leaf.Rank, leaf.EvidenceCount),
        };
        Assert.All(tampered, t => Assert.False(SnapshotMerkleTree.Verify(tree.Root, t, proof)));
    }

    [Fact]
    public void TamperedProof_FailsVerification()
    {
        var tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(100, seed: 4));
        SnapshotLeaf leaf = tree.Leaves[10];
        Hash32[] proof = tree.GetProof(10);

        Hash32[] flipped = [.. proof];
        byte[] bytes = flipped[3].ToArray();
        bytes[31] ^= 1;
        flipped[3] = Hash32.FromBytes(bytes);

        Assert.False(SnapshotMerkleTree.Verify(tree.Root, leaf, flipped));
        Assert.False(SnapshotMerkleTree.Verify(tree.Root, leaf, proof[..^1]));
        Assert.False(SnapshotMerkleTree.Verify(tree.Root, leaf, [.. proof, proof[0]]));
        Assert.False(SnapshotMerkleTree.Verify(tree.Root, leaf, tree.GetProof(11)));
        Assert.False(SnapshotMerkleTree.Verify(tree.Root, leaf, []));
        // An inner node presented as a leaf hash does not verify: leaves are hashed twice.
        Assert.NotEqual(tree.Root, SnapshotMerkleTree.ProcessProof(proof[^1], [tree.Root]));
    }

    [Fact]
    public void AllProofs_EqualTheSingleProofs()
    {
        var tree = SnapshotMerkleTree.Build(SnapshotTestData.RandomLeaves(777, seed: 5));
        SnapshotProofSet all = tree.GetAllProofs();
        Assert.Equal(tree.Count, all.Count);
        for (int i = 0; i < tree.Count; i++) Assert.Equal(tree.GetProof(i), all[i].ToArray());
        Assert.Equal(Enumerable.Range(0, tree.Count).Sum(i => tree.GetProof(i).Length), all.TotalHashes);
    }

    [Fact]
    public void IndexOf_FindsPartiesInAnyCase_AndReturnsMinusOneOtherwise()
    {
        var leaves = SnapshotTestData.RandomLeaves(50, seed: 6);
        var tree = SnapshotMerkleTree.Build(leaves);
        int index = tree.IndexOf(leaves[7].Party.ToUpperInvariant().Replace("0X", "0x"));
        Assert.Equal(leaves[7], tree.Leaves[index]);
        Assert.Equal(-1, tree.IndexOf("0x" + new string('e', 40)));
    }

    [Fact]
    public void Build_RejectsEmptySetsAndDuplicateParties()
    {
        Assert.Throws<ArgumentException>(() => SnapshotMerkleTree.Build([]));
        var leaf = new SnapshotLeaf("0x00000000000000000000000000000000000000aa", 5000, 1, 3);
        var sameParty = new SnapshotLeaf("0x00000000000000000000000000000000000000AA", 4000, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => SnapshotMerkleTree.Build([leaf, sameParty]));
        Assert.Contains(leaf.Party, e.Message);
    }

    [Theory]
    [InlineData("0x00000000000000000000000000000000000000aa", 10_001UL, 1UL)]
    [InlineData("0x00000000000000000000000000000000000000aa", 100UL, 0UL)]
    [InlineData("0x00000000000000000000000000000000000000a", 100UL, 1UL)]
    [InlineData("0x00000000000000000000000000000000000000ag", 100UL, 1UL)]
    public void Leaf_RejectsValuesOutsideTheConventions(string party, ulong score, ulong rank)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SnapshotLeaf(party, score, rank, 0));
    }

    [Theory]
    [InlineData(0.0, 0UL), InlineData(100.0, 10_000UL), InlineData(57.125, 5_713UL), InlineData(57.124, 5_712UL), InlineData(0.005, 1UL)]
    public void ScoreScale_ConvertsPointsToTwoDecimalFixedPoint(double points, ulong expected)
    {
        Assert.Equal(expected, ScoreScale.FromPoints(points));
        Assert.Equal(expected / 100m, ScoreScale.ToPoints(expected));
    }

    [Theory]
    [InlineData(-0.01), InlineData(100.01), InlineData(double.NaN)]
    public void ScoreScale_RejectsPointsOutsideZeroToHundred(double points)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreScale.FromPoints(points));
    }
}

using Nethereum.Web3;
using TrustLedger.Contracts;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Tests.Snapshots;

/// <summary>
/// Snapshots computed from the real indexer's database, published to a real ReputationSnapshots
/// contract and checked against it: on chain, off chain, tampered, recomputed from chain events
/// alone, by publishers with and without the role, alone and 2-of-3.
/// </summary>
public class SnapshotOnChainTests(SnapshotChainFixture fixture) : IClassFixture<SnapshotChainFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishedSnapshot_VerifiesEveryPartyOnChainAndOffChain()
    {
        var f = fixture.Require();
        var snapshot = f.First;
        var tree = snapshot.Tree!;
        Assert.True(tree.Count >= 6, $"expected the six businesses to be scored, got {tree.Count}");
        Assert.True(snapshot.Scores.SybilResistant);
        var contract = await f.DeploySnapshotsAsync(threshold: 1, publishers: 1);

        var epoch = await f.PublishAsync(contract, snapshot);

        var published = await contract.SnapshotAtAsync(epoch);
        Assert.NotNull(published);
        Assert.True(ReputationSnapshotsService.SameContent(SnapshotChainFixture.ContentOf(snapshot), published));
        for (int i = 0; i < tree.Count; i++)
        {
            var proof = tree.GetProof(i);
            Assert.True(SnapshotMerkleTree.Verify(Hash32.FromBytes(published.MerkleRoot), tree.Leaves[i], proof));
            Assert.True(await contract.VerifyScoreAsync(epoch, tree.Leaves[i], proof), $"leaf {i} ({tree.Leaves[i].Party}) on chain");
        }
        var log = await contract.FindPublishedAsync(epoch);
        Assert.NotNull(log);
        Assert.Equal(tree.Root.ToArray(), log.Event.MerkleRoot);
        Assert.Equal((ulong)snapshot.Block.Number, log.Event.ComputedAtBlock);
    }

    [Fact]
    public async Task TamperedLeafOrProof_FailsOnChainAndOffChain()
    {
        var f = fixture.Require();
        var tree = f.First.Tree!;
        var contract = await f.DeploySnapshotsAsync(threshold: 1, publishers: 1);
        var epoch = await f.PublishAsync(contract, f.First);
        int i = tree.IndexOf(f.Registry.AddressOf(2));
        var leaf = tree.Leaves[i];
        var proof = tree.GetProof(i);
        Assert.True(await contract.VerifyScoreAsync(epoch, leaf, proof));

        SnapshotLeaf[] tamperedLeaves =
        [
            new(leaf.Party, leaf.Score == ScoreScale.Max ? leaf.Score - 1 : leaf.Score + 1, leaf.Rank, leaf.EvidenceCount),
            new(leaf.Party, leaf.Score, leaf.Rank + 1, leaf.EvidenceCount),
            new(leaf.Party, leaf.Score, leaf.Rank, leaf.EvidenceCount + 1),
            new(f.Registry.AddressOf(7), leaf.Score, leaf.Rank, leaf.EvidenceCount),
        ];
        foreach (var tampered in tamperedLeaves)
        {
            Assert.False(SnapshotMerkleTree.Verify(tree.Root, tampered, proof));
            Assert.False(await contract.VerifyScoreAsync(epoch, tampered, proof));
        }

        var flipped = proof.ToArray();
        var bytes = flipped[0].ToArray();
        bytes[31] ^= 1;
        flipped[0] = Hash32.FromBytes(bytes);
        Hash32[][] tamperedProofs = [flipped, proof[..^1], [.. proof, proof[0]], [.. proof.Reverse()]];
        foreach (var tampered in tamperedProofs)
        {
            Assert.False(SnapshotMerkleTree.Verify(tree.Root, leaf, tampered));
            Assert.False(await contract.VerifyScoreAsync(epoch, leaf, tampered));
        }
        // Another party's proof does not vouch for this leaf either.
        Assert.False(await contract.VerifyScoreAsync(epoch, leaf, tree.GetProof(i == 0 ? 1 : 0)));
    }

    [Fact]
    public async Task RecomputeFromChainEventsAlone_ReproducesThePublishedRootBitForBit_EvenAfterTheChainMovedOn()
    {
        var f = fixture.Require();
        var contract = await f.DeploySnapshotsAsync(threshold: 1, publishers: 1);
        var epoch = await f.PublishAsync(contract, f.First);
        var published = (await contract.SnapshotAtAsync(epoch))!;

        // Later events must not leak into a recomputation of the published block.
        await f.Endorse(5, 2, 1);
        await f.Report(3, 6, severity: 5);

        var progress = new List<RecomputeProgress>();
        var recomputed = await ChainRecompute.ComputeAsync(new Web3(f.Registry.RpcUrl), f.Parameters,
            f.Registry.DeploymentBlock, (long)published.ComputedAtBlock, new SyncProgress(progress), Ct);

        Assert.Equal(published.MerkleRoot, recomputed.Tree!.Root.ToArray());
        Assert.Equal(published.ParametersHash, recomputed.ParametersHash.ToArray());
        Assert.Equal(f.First.Tree!.Leaves, recomputed.Tree.Leaves);
        Assert.NotEmpty(progress);
        Assert.Equal(progress[^1].BlocksTotal, progress[^1].BlocksRead);
        Assert.True(progress[^1].Events >= 10);

        // The database path at the same block agrees too, on both dialects, after indexing the new events.
        foreach (var db in new[] { f.Sqlite, f.Postgres })
        {
            await f.CatchUpAsync(db);
            await using var connection = await db.OpenConnectionAsync(Ct);
            var rows = new List<AttestationEdge>();
            await foreach (var row in AttestationStore.StreamEdgesAtBlockAsync(connection, (long)published.ComputedAtBlock, Ct)) rows.Add(row);
            var atBlock = SnapshotComputation.From(recomputed.Block, f.Parameters, rows);
            Assert.Equal(published.MerkleRoot, atBlock.Tree!.Root.ToArray());
        }
    }

    [Fact]
    public async Task PublisherWithoutTheRole_IsRejectedWithAccessControlUnauthorizedAccount()
    {
        var f = fixture.Require();
        var contract = await f.DeploySnapshotsAsync(threshold: 1, publishers: 1);
        var outsider = f.Registry.AddressOf(5);
        var call = new PublishFunction { Epoch = 1, Snapshot = SnapshotChainFixture.ContentOf(f.First), FromAddress = outsider };

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            f.Registry.Web3For(5).Eth.GetContractTransactionHandler<PublishFunction>().EstimateGasAsync(contract.Address, call));
        var revert = CustomErrors.RevertDataOf(error);
        Assert.NotNull(revert);
        var (code, detail) = CustomErrors.Snapshots.Describe(revert!);
        Assert.Equal("AccessControlUnauthorizedAccount", code);
        Assert.Contains(outsider, detail);
        Assert.Equal(0UL, await contract.LatestEpochAsync());
        // The admin (account 0) holds DEFAULT_ADMIN_ROLE only: administering is not publishing.
        Assert.False(await contract.HasRoleAsync(await contract.PublisherRoleAsync(), f.Registry.AddressOf(0)));
    }

    [Fact]
    public async Task TwoOfThree_ASinglePublisherCannotFinalize_TheSecondIdenticalApprovalDoes()
    {
        var f = fixture.Require();
        var contract = await f.DeploySnapshotsAsync(threshold: 2, publishers: [1, 2, 3]);
        var content = SnapshotChainFixture.ContentOf(f.First);

        await f.SendAsync(1, contract.Address, new PublishFunction { Epoch = 1, Snapshot = content });
        Assert.Equal(0UL, await contract.LatestEpochAsync());
        Assert.Null(await contract.SnapshotAtAsync(1));
        Assert.Null(await contract.FindPublishedAsync(1));
        await Assert.ThrowsAnyAsync<Exception>(() => contract.VerifyScoreAsync(1, f.First.Tree!.Leaves[0], f.First.Tree.GetProof(0)));

        // The same publisher approving again is refused; a second publisher with other content does not finalize either.
        var again = await Assert.ThrowsAnyAsync<Exception>(() => f.Registry.Web3For(1).Eth.GetContractTransactionHandler<PublishFunction>()
            .EstimateGasAsync(contract.Address, new PublishFunction { Epoch = 1, Snapshot = content, FromAddress = f.Registry.AddressOf(1) }));
        Assert.Equal("AlreadyApproved", CustomErrors.Snapshots.Describe(again).Code);
        var other = SnapshotChainFixture.ContentOf(f.First);
        other.PartyCount += 1;
        await f.SendAsync(2, contract.Address, new PublishFunction { Epoch = 1, Snapshot = other });
        Assert.Equal(0UL, await contract.LatestEpochAsync());

        await f.SendAsync(3, contract.Address, new PublishFunction { Epoch = 1, Snapshot = content });
        Assert.Equal(1UL, await contract.LatestEpochAsync());
        Assert.True(ReputationSnapshotsService.SameContent(content, (await contract.SnapshotAtAsync(1))!));
        Assert.True(await contract.VerifyScoreAsync(1, f.First.Tree!.Leaves[0], f.First.Tree.GetProof(0)));
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SyncProgress(List<RecomputeProgress> into) : IProgress<RecomputeProgress>
    {
        public void Report(RecomputeProgress value) => into.Add(value);
    }
}

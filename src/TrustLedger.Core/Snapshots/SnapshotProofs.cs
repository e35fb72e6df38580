using TrustLedger.Core.Data;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// A party's entry in a published snapshot and the proof that ties it to the root on chain: what
/// a verifier passes to <c>verifyScore(epoch, party, score, rank, evidenceCount, proof)</c> on
/// <see cref="Contract"/>, or checks off chain against <see cref="MerkleRoot"/>.
/// </summary>
/// <param name="Leaf">party, fixed-point score (0..10000 = 0.00..100.00), rank, evidence count</param>
/// <param name="Proof">sibling hashes from the leaf up (0x hex)</param>
/// <param name="LeafIndex">the leaf's position in the tree (leaves sorted by hash)</param>
public sealed record SnapshotProof(
    long Epoch, string MerkleRoot, string Contract, long ChainId, long ComputedAtBlock, uint ScoringVersion,
    string ParametersHash, string? PublishedTx, SnapshotLeaf Leaf, string LeafHash, IReadOnlyList<string> Proof, long LeafIndex);

/// <summary>What GET /v1/reputation/{address} (and the ReputationCredential) attach: the latest published proof.</summary>
public static class SnapshotProofs
{
    /// <summary>
    /// <paramref name="address"/>'s leaf and proof in the newest published snapshot, or null when
    /// nothing is published yet or the party is not in it (no attestations by that epoch's block).
    /// </summary>
    /// <summary>The newest published epoch, or null before the first publish.</summary>
    public static async Task<long?> LatestEpochAsync(Database db, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await SnapshotStore.LatestPublishedAsync(connection, ct))?.Epoch;
    }

    public static async Task<SnapshotProof?> FindLatestAsync(Database db, string address, CancellationToken ct = default)
    {
        var party = address.ToLowerInvariant();
        SnapshotRecord? snapshot;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            snapshot = await SnapshotStore.LatestPublishedAsync(connection, ct);
            if (snapshot is null || !await SnapshotStore.HasLeafAsync(connection, snapshot.Id, party, ct)) return null;
        }
        var tree = await SnapshotTrees.GetAsync(db, snapshot, ct);
        var index = tree.IndexOf(party);
        if (index < 0) return null;
        return new SnapshotProof(
            snapshot.Epoch, snapshot.MerkleRoot, snapshot.ContractAddress, snapshot.ChainId, snapshot.ComputedAtBlock,
            (uint)snapshot.ScoringVersion, snapshot.ParametersHash, snapshot.PublishedTx, tree.Leaves[index],
            tree.LeafHash(index).ToString(), [.. tree.GetProof(index).Select(h => h.ToString())], index);
    }
}

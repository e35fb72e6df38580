using TrustLedger.Contracts.ReputationSnapshots;

namespace TrustLedger.Core.Snapshots;

/// <summary>Snapshot values (leaves, hashes) on the typed contract binding, which takes plain bytes.</summary>
public static class SnapshotContract
{
    /// <summary>The contract's own verdict on <paramref name="leaf"/> and its <paramref name="proof"/> in <paramref name="epoch"/>.</summary>
    public static Task<bool> VerifyScoreAsync(this ReputationSnapshotsService contract, ulong epoch, SnapshotLeaf leaf, IEnumerable<Hash32> proof) =>
        contract.VerifyScoreAsync(new VerifyScoreFunction
        {
            Epoch = epoch, Party = leaf.Party, Score = leaf.Score, Rank = leaf.Rank, EvidenceCount = leaf.EvidenceCount,
            Proof = [.. proof.Select(h => h.ToArray())],
        });

    /// <summary>The on-chain content of a computed snapshot.</summary>
    public static SnapshotData ContentOf(Hash32 merkleRoot, Hash32 parametersHash, long computedAtBlock, uint scoringVersion, int partyCount) =>
        ReputationSnapshotsService.ContentOf(merkleRoot.ToArray(), parametersHash.ToArray(), computedAtBlock, scoringVersion, partyCount);
}

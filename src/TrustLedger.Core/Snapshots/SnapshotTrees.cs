using System.Runtime.CompilerServices;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// Snapshot trees rebuilt from their stored leaves, kept for the few most recently used epochs:
/// 100,000 leaves take a fraction of a second to load and hash, after which every proof is a
/// few array reads. A tree is immutable, so the cache needs no invalidation; the rebuilt root is
/// checked against the stored one, so a damaged leaf table fails loudly instead of serving bad proofs.
/// </summary>
public static class SnapshotTrees
{
    private const int Kept = 3;
    private static readonly ConditionalWeakTable<Database, Dictionary<long, Lazy<Task<SnapshotMerkleTree>>>> Caches = new();

    public static async Task<SnapshotMerkleTree> GetAsync(Database db, SnapshotRecord snapshot, CancellationToken ct)
    {
        var cache = Caches.GetOrCreateValue(db);
        Lazy<Task<SnapshotMerkleTree>> entry;
        lock (cache)
        {
            if (!cache.TryGetValue(snapshot.Id, out entry!))
            {
                // Not tied to the first caller's cancellation: later callers share the load.
                entry = new Lazy<Task<SnapshotMerkleTree>>(() => LoadAsync(db, snapshot));
                cache[snapshot.Id] = entry;
                if (cache.Count > Kept) cache.Remove(cache.Keys.Min());
            }
        }
        var load = entry.Value;
        try
        {
            return await load.WaitAsync(ct);
        }
        catch when (load.IsFaulted)
        {
            lock (cache) // a failed load (database down, damaged leaves) is tried again next time
                if (cache.TryGetValue(snapshot.Id, out var current) && current == entry) cache.Remove(snapshot.Id);
            throw;
        }
    }

    private static async Task<SnapshotMerkleTree> LoadAsync(Database db, SnapshotRecord snapshot)
    {
        SnapshotLeaf[] leaves;
        await using (var connection = await db.OpenConnectionAsync())
            leaves = await SnapshotStore.LeavesAsync(connection, snapshot.Id, CancellationToken.None);
        var tree = SnapshotMerkleTree.Build(leaves);
        if (tree.Root.ToString() != snapshot.MerkleRoot)
            throw new InvalidOperationException(
                $"the stored leaves of epoch {snapshot.Epoch} rebuild root {tree.Root}, not the recorded {snapshot.MerkleRoot}");
        return tree;
    }
}

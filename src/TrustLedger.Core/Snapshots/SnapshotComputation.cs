using Nethereum.Web3;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Snapshots;

/// <summary>One snapshot as computed, before it is stored or published.</summary>
/// <param name="Block">the block whose state was scored; its timestamp is the as-of time</param>
/// <param name="Tree">null when no party has edges yet (the contract refuses an empty snapshot)</param>
public sealed record SnapshotComputation(BlockRef Block, SnapshotParameters Parameters, SnapshotScores Scores, SnapshotMerkleTree? Tree)
{
    public Hash32 ParametersHash { get; } = Parameters.Hash();

    /// <summary>Scores <paramref name="rows"/> (the chain state at <paramref name="block"/>) and builds the tree.</summary>
    public static SnapshotComputation From(BlockRef block, SnapshotParameters parameters, IReadOnlyList<AttestationEdge> rows,
        IReadOnlyList<SourceEdge>? sourceRows = null)
    {
        var scores = SnapshotScoring.Score(rows, parameters, block.Timestamp, sourceRows);
        return new SnapshotComputation(block, parameters, scores, scores.Leaves.Count == 0 ? null : SnapshotMerkleTree.Build(scores.Leaves));
    }

    /// <summary>
    /// The service's path: the indexed database at the indexer's checkpoint, which already trails the
    /// head by the configured confirmations. Null while the registry is not indexed yet, or while
    /// the checkpoint's block is no longer on the chain (the indexer is about to roll back).
    /// </summary>
    public static async Task<SnapshotComputation?> FromIndexAsync(Database db, IWeb3 web3, SnapshotParameters parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct);
        if (checkpoint is null || !string.Equals(checkpoint.ContractAddress, parameters.Registry, StringComparison.OrdinalIgnoreCase))
            return null;
        // An index of other sources than the parameters name (configuration just changed) is being rebuilt: wait.
        if (await SourceEdgeStore.FingerprintAsync(connection, checkpoint.Stream, ct) != parameters.Sources.Fingerprint()) return null;
        var block = await new RegistryLogSource(web3, parameters.Registry).GetBlockAsync(checkpoint.BlockNumber);
        if (block is null || block.Hash != checkpoint.BlockHash) return null;

        var rows = new List<AttestationEdge>();
        await foreach (var row in AttestationStore.StreamEdgesAtBlockAsync(connection, block.Number, ct)) rows.Add(row);
        var sourceRows = new List<SourceEdge>();
        if (!parameters.Sources.IsEmpty)
            await foreach (var row in SourceEdgeStore.StreamAtBlockAsync(connection, block.Number, ct)) sourceRows.Add(row);
        return From(block, parameters, rows, sourceRows);
    }
}

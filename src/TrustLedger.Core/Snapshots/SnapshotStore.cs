using System.Data.Common;
using Dapper;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Snapshots;

/// <summary>A row of the snapshots table (see 008_snapshots.sql).</summary>
public sealed class SnapshotRecord
{
    public long Id { get; init; }
    public long ChainId { get; init; }
    public string ContractAddress { get; init; } = "";
    public long Epoch { get; init; }
    public string RegistryAddress { get; init; } = "";
    public long ComputedAtBlock { get; init; }
    public string BlockHash { get; init; } = "";
    public long BlockTime { get; init; }
    public string MerkleRoot { get; init; } = "";
    public string ParametersHash { get; init; } = "";
    public string Parameters { get; init; } = "";
    public long ScoringVersion { get; init; }
    public long PartyCount { get; init; }
    public long AttestationCount { get; init; }
    public string Status { get; init; } = "";
    public string? PublishTx { get; init; }
    public string? PublishedTx { get; init; }
    public long? PublishedBlock { get; init; }
    public long Attempts { get; init; }
    public string? LastError { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";
    public string? PublishedAt { get; init; }

    public bool Published => Status == SnapshotStatus.Published;

    /// <summary>What goes on chain for this epoch.</summary>
    public SnapshotData Content() => SnapshotContract.ContentOf(
        Hash32.Parse(MerkleRoot), Hash32.Parse(ParametersHash), ComputedAtBlock, (uint)ScoringVersion, (int)PartyCount);
}

/// <summary>How far an epoch got: computed (pending), its transaction sent, approved by us while M-of-N waits, final.</summary>
public static class SnapshotStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Approved = "approved";
    public const string Published = "published";
}

/// <summary>The snapshot queries the API, the worker and <see cref="SnapshotProofs"/> share.</summary>
public static class SnapshotStore
{
    private const string Columns = """
        SELECT id AS Id, chain_id AS ChainId, contract_address AS ContractAddress, epoch AS Epoch,
               registry_address AS RegistryAddress, computed_at_block AS ComputedAtBlock, block_hash AS BlockHash,
               block_time AS BlockTime, merkle_root AS MerkleRoot, parameters_hash AS ParametersHash, parameters AS Parameters,
               scoring_version AS ScoringVersion, party_count AS PartyCount, attestation_count AS AttestationCount,
               status AS Status, publish_tx AS PublishTx, published_tx AS PublishedTx, published_block AS PublishedBlock,
               attempts AS Attempts, last_error AS LastError, created_at AS CreatedAt, updated_at AS UpdatedAt,
               published_at AS PublishedAt
        FROM snapshots
        """;

    public static Task<SnapshotRecord?> GetAsync(DbConnection c, string contract, long epoch, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<SnapshotRecord>(new CommandDefinition(
            Columns + " WHERE old_chain IS NULL AND contract_address = @contract AND epoch = @epoch", new { contract, epoch }, cancellationToken: ct));

    public static Task<SnapshotRecord?> LatestAsync(DbConnection c, string contract, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<SnapshotRecord>(new CommandDefinition(
            Columns + " WHERE old_chain IS NULL AND contract_address = @contract ORDER BY epoch DESC LIMIT 1", new { contract }, cancellationToken: ct));

    /// <summary>The epoch on its way to the chain, if any (at most one at a time).</summary>
    public static Task<SnapshotRecord?> UnpublishedAsync(DbConnection c, string contract, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<SnapshotRecord>(new CommandDefinition(
            Columns + " WHERE old_chain IS NULL AND contract_address = @contract AND status <> @published ORDER BY epoch LIMIT 1",
            new { contract, published = SnapshotStatus.Published }, cancellationToken: ct));

    /// <summary>The newest final snapshot on the current chain (rows of a replaced chain are never current).</summary>
    public static Task<SnapshotRecord?> LatestPublishedAsync(DbConnection c, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<SnapshotRecord>(new CommandDefinition(
            Columns + " WHERE old_chain IS NULL AND status = @published ORDER BY id DESC LIMIT 1", new { published = SnapshotStatus.Published }, cancellationToken: ct));

    /// <summary>Newest first, epochs below <paramref name="before"/>; one more than <paramref name="limit"/> tells a next page exists.</summary>
    public static async Task<List<SnapshotRecord>> ListAsync(DbConnection c, string contract, long before, int limit, CancellationToken ct) =>
        (await c.QueryAsync<SnapshotRecord>(new CommandDefinition(
            Columns + " WHERE old_chain IS NULL AND contract_address = @contract AND epoch < @before ORDER BY epoch DESC LIMIT @limit",
            new { contract, before, limit }, cancellationToken: ct))).AsList();

    public static async Task<SnapshotLeaf[]> LeavesAsync(DbConnection c, long snapshotId, CancellationToken ct)
    {
        const string sql = """
            SELECT party AS Party, score AS Score, rank AS Rank, evidence_count AS EvidenceCount
            FROM snapshot_leaves WHERE snapshot_id = @snapshotId
            """;
        var rows = await c.QueryAsync<(string Party, long Score, long Rank, long EvidenceCount)>(
            new CommandDefinition(sql, new { snapshotId }, cancellationToken: ct));
        return [.. rows.Select(r => new SnapshotLeaf(r.Party, (ulong)r.Score, (ulong)r.Rank, (ulong)r.EvidenceCount))];
    }

    public static Task<bool> HasLeafAsync(DbConnection c, long snapshotId, string party, CancellationToken ct) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT COUNT(*) > 0 FROM snapshot_leaves WHERE snapshot_id = @snapshotId AND party = @party",
            new { snapshotId, party }, cancellationToken: ct));

    /// <summary>
    /// Stores a computed snapshot and its leaves as <paramref name="epoch"/> in one transaction.
    /// Null when that epoch is already taken (another replica stored one first).
    /// </summary>
    public static async Task<SnapshotRecord?> InsertAsync(
        Database db, SnapshotComputation s, string contract, long chainId, long epoch, CancellationToken ct)
    {
        var tree = s.Tree ?? throw new ArgumentException("an empty snapshot cannot be stored", nameof(s));
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        const string insert = """
            INSERT INTO snapshots (chain_id, contract_address, epoch, registry_address, computed_at_block, block_hash, block_time,
                                   merkle_root, parameters_hash, parameters, scoring_version, party_count, attestation_count,
                                   status, created_at, updated_at)
            VALUES (@chainId, @contract, @epoch, @registry, @block, @blockHash, @blockTime, @root, @parametersHash, @parameters,
                    @version, @parties, @attestations, @status, @now, @now)
            ON CONFLICT (contract_address, epoch) WHERE old_chain IS NULL DO NOTHING
            RETURNING id
            """;
        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition(insert, new
        {
            chainId, contract, epoch, registry = s.Parameters.Registry, block = s.Block.Number, blockHash = s.Block.Hash,
            blockTime = s.Block.Timestamp, root = tree.Root.ToString(), parametersHash = s.ParametersHash.ToString(),
            parameters = System.Text.Encoding.UTF8.GetString(s.Parameters.CanonicalJson()), version = (long)s.Parameters.ScoringVersion,
            parties = (long)tree.Count, attestations = (long)s.Scores.AttestationCount, status = SnapshotStatus.Pending, now = Now(),
        }, tx, cancellationToken: ct));
        if (id is not { } snapshotId) return null;
        await InsertLeavesAsync(db.Kind, c, tx, snapshotId, tree.Leaves, ct);
        await tx.CommitAsync(ct);
        return await c.QuerySingleAsync<SnapshotRecord>(new CommandDefinition(Columns + " WHERE id = @snapshotId", new { snapshotId }, cancellationToken: ct));
    }

    /// <summary>Moves a row to <paramref name="status"/>; false when another worker changed it meanwhile.</summary>
    public static async Task<bool> UpdateAsync(Database db, SnapshotRecord row, string status, CancellationToken ct,
        string? publishTx = null, string? publishedTx = null, long? publishedBlock = null, bool countAttempt = false, string? error = null)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        const string sql = """
            UPDATE snapshots SET status = @status, publish_tx = COALESCE(@publishTx, publish_tx),
                   published_tx = COALESCE(@publishedTx, published_tx), published_block = COALESCE(@publishedBlock, published_block),
                   attempts = attempts + @attempt, last_error = @error, updated_at = @now,
                   published_at = CASE WHEN @status = 'published' THEN @now ELSE published_at END
            WHERE id = @id AND status = @previous AND updated_at = @previousUpdatedAt
            """;
        return await c.ExecuteAsync(new CommandDefinition(sql, new
        {
            status, publishTx, publishedTx, publishedBlock, attempt = countAttempt ? 1 : 0, error, now = Now(),
            id = row.Id, previous = row.Status, previousUpdatedAt = row.UpdatedAt,
        }, cancellationToken: ct)) == 1;
    }

    /// <summary>Inside the transaction that records the publish transaction: the row is sent, with its hash, one attempt more.</summary>
    public static async Task<bool> MarkSentAsync(DbConnection c, DbTransaction t, SnapshotRecord row, string publishTx, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE snapshots SET status = 'sent', publish_tx = @publishTx, attempts = attempts + 1, last_error = NULL, updated_at = @now
            WHERE id = @id AND status = @previous AND updated_at = @previousUpdatedAt
            """, new { publishTx, now = Now(), id = row.Id, previous = row.Status, previousUpdatedAt = row.UpdatedAt }, t, cancellationToken: ct)) == 1;

    /// <summary>
    /// Inside the transaction that puts our lost publish transaction back in flight (<see cref="TransactionSender.RecoverLostAsync"/>):
    /// the epoch it published or approved is sent again, no longer served as published, until that transaction is mined again.
    /// </summary>
    public static Task<int> UnpublishAsync(DbConnection c, DbTransaction t, string contract, string publishTx, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            UPDATE snapshots SET status = 'sent', published_tx = NULL, published_block = NULL, published_at = NULL, updated_at = @now
            WHERE contract_address = @contract AND publish_tx = @publishTx AND status IN ('published', 'approved') AND old_chain IS NULL
            """, new { contract, publishTx, now = Now() }, t, cancellationToken: ct));

    /// <summary>
    /// Gives an unpublished row the next open epoch (earlier unpublished epochs were dropped). False, with nothing
    /// changed, when a row of the current chain already holds that epoch: the contract forgot epochs we recorded as
    /// published, which only a replaced chain does (the caller has the chain checked instead of renumbering).
    /// </summary>
    public static async Task<bool> RenumberAsync(Database db, SnapshotRecord row, long epoch, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE snapshots SET epoch = @epoch, updated_at = @now
            WHERE id = @id AND status <> 'published' AND old_chain IS NULL
              AND NOT EXISTS (SELECT 1 FROM snapshots taken
                              WHERE taken.contract_address = @contract AND taken.epoch = @epoch AND taken.old_chain IS NULL)
            """, new { epoch, now = Now(), id = row.Id, contract = row.ContractAddress }, cancellationToken: ct)) == 1;
    }

    /// <summary>Drops an unpublished snapshot the chain will never take (a new one is computed instead).</summary>
    public static async Task DeleteUnpublishedAsync(Database db, SnapshotRecord row, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM snapshot_leaves WHERE snapshot_id = @Id", new { row.Id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM snapshots WHERE id = @Id AND status <> 'published'", new { row.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private static async Task InsertLeavesAsync(
        DatabaseKind kind, DbConnection c, DbTransaction tx, long snapshotId, IReadOnlyList<SnapshotLeaf> leaves, CancellationToken ct)
    {
        if (kind == DatabaseKind.Postgres)
        {
            // One statement over unnest()ed arrays: one round trip for 100,000 parties.
            const string sql = """
                INSERT INTO snapshot_leaves (snapshot_id, party, score, rank, evidence_count)
                SELECT @snapshotId, * FROM unnest(@parties::text[], @scores::bigint[], @ranks::bigint[], @evidence::bigint[])
                """;
            await c.ExecuteAsync(new CommandDefinition(sql, new
            {
                snapshotId, parties = leaves.Select(l => l.Party).ToArray(), scores = leaves.Select(l => (long)l.Score).ToArray(),
                ranks = leaves.Select(l => (long)l.Rank).ToArray(), evidence = leaves.Select(l => (long)l.EvidenceCount).ToArray(),
            }, tx, cancellationToken: ct));
            return;
        }
        const string insert = """
            INSERT INTO snapshot_leaves (snapshot_id, party, score, rank, evidence_count)
            VALUES (@snapshotId, @Party, @Score, @Rank, @EvidenceCount)
            """;
        await c.ExecuteAsync(new CommandDefinition(insert, leaves.Select(l => new
        {
            snapshotId, l.Party, Score = (long)l.Score, Rank = (long)l.Rank, EvidenceCount = (long)l.EvidenceCount,
        }), tx, cancellationToken: ct));
    }

    public static string Now() => DateTimeOffset.UtcNow.ToString("O");
}

using System.Data.Common;
using Dapper;
using TrustLedger.Core.Data;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Core.Relationships;

/// <summary>One party's standing in one epoch, as recorded.</summary>
public sealed class Standing
{
    public long Epoch { get; init; }
    public string Party { get; init; } = "";
    public double Score { get; init; }
    public long Rank { get; init; }
    public double Bonding { get; init; }
    public double Bridging { get; init; }
    public double Linking { get; init; }
    public double Betweenness { get; init; }
    public double Eigenvector { get; init; }
    public double EffectiveSize { get; init; }
    public long Community { get; init; }
    public string Partners { get; init; } = "";
    public long AsOfBlock { get; init; }
    public long AsOfTime { get; init; }

    public IReadOnlyList<string> PartnerList => Partners.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Records every party's standing once per published snapshot epoch (one worker step per call), so "what
/// changed" compares epochs without recomputing anything: score and rank are the epoch's own leaves (what is
/// committed on chain); tie shares, centrality, effective size, community and partners come from the reputation
/// board as of the snapshot's block (<paramref name="boardAt"/>: the served board when it is at that block).
/// </summary>
public sealed class RelationshipEpochs(Database db, Func<long, CancellationToken, Task<ReputationBoard>> boardAt, ILogger logger)
{
    /// <summary>True when an epoch was recorded.</summary>
    public async Task<bool> StepAsync(CancellationToken ct)
    {
        SnapshotRecord? snapshot;
        SnapshotLeaf[] leaves;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            snapshot = await SnapshotStore.LatestPublishedAsync(connection, ct);
            if (snapshot is null || await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM relationship_epochs WHERE epoch = @Epoch", new { snapshot.Epoch }, cancellationToken: ct)) > 0)
                return false;
            leaves = await SnapshotStore.LeavesAsync(connection, snapshot.Id, ct);
        }
        var board = await boardAt(snapshot.ComputedAtBlock, ct);
        var byParty = leaves.ToDictionary(l => l.Party, StringComparer.Ordinal);
        var index = RelationshipIndex.For(board);
        var rows = board.Result.Parties.Select(p => new
        {
            snapshot.Epoch, p.Party,
            Score = byParty.TryGetValue(p.Party, out var leaf) ? leaf.Score / 100.0 : Math.Round(p.Score, 2),
            Rank = leaf is not null ? (long)leaf.Rank : p.Rank,
            p.Shares.Bonding, p.Shares.Bridging, p.Shares.Linking,
            Betweenness = Finite(p.Betweenness), Eigenvector = Finite(p.Eigenvector), EffectiveSize = Finite(p.EffectiveSize), p.Community,
            Partners = string.Join(' ', index.PartnersOf(p.Party).Order(StringComparer.Ordinal)),
        }).ToList();
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO relationship_standings (epoch, party, score, rank, bonding, bridging, linking, betweenness, eigenvector, effective_size, community, partners)
                VALUES (@Epoch, @Party, @Score, @Rank, @Bonding, @Bridging, @Linking, @Betweenness, @Eigenvector, @EffectiveSize, @Community, @Partners)
                ON CONFLICT (epoch, party) DO NOTHING
                """, rows, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO relationship_epochs (epoch, as_of_block, as_of_time, recorded_at) VALUES (@Epoch, @block, @time, @now)
                ON CONFLICT (epoch) DO NOTHING
                """, new { snapshot.Epoch, block = board.AsOfBlock, time = board.Result.AsOf, now = DateTimeOffset.UtcNow.ToString("O") }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        logger.LogInformation("Relationships: epoch {Epoch} recorded ({Parties} parties, board at block {Block})", snapshot.Epoch, rows.Count, board.AsOfBlock);
        return true;
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;

    private const string StandingColumns = """
        SELECT s.epoch AS Epoch, s.party AS Party, s.score AS Score, s.rank AS Rank, s.bonding AS Bonding, s.bridging AS Bridging,
               s.linking AS Linking, s.betweenness AS Betweenness, s.eigenvector AS Eigenvector, s.effective_size AS EffectiveSize,
               s.community AS Community, s.partners AS Partners, e.as_of_block AS AsOfBlock, e.as_of_time AS AsOfTime
        FROM relationship_standings s JOIN relationship_epochs e ON e.epoch = s.epoch
        """;

    /// <summary>A party's standings, oldest first: the newest <paramref name="limit"/> epochs after <paramref name="since"/>, plus the one before them.</summary>
    public static async Task<List<Standing>> HistoryAsync(DbConnection c, string party, long since, int limit, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<Standing>(new CommandDefinition(
            $"{StandingColumns} WHERE s.party = @party AND s.epoch > @since ORDER BY s.epoch DESC LIMIT @limit",
            new { party, since, limit }, cancellationToken: ct))).AsList();
        var first = rows.Count > 0 ? rows[^1].Epoch : long.MaxValue;
        var before = await c.QuerySingleOrDefaultAsync<Standing>(new CommandDefinition(
            $"{StandingColumns} WHERE s.party = @party AND s.epoch < @first ORDER BY s.epoch DESC LIMIT 1", new { party, first }, cancellationToken: ct));
        if (before is not null) rows.Add(before);
        rows.Reverse();
        return rows;
    }

    /// <summary>Standings of <paramref name="parties"/> in one epoch (their communities and partners, for structural holes).</summary>
    public static async Task<Dictionary<string, Standing>> InEpochAsync(DbConnection c, long epoch, IEnumerable<string> parties, CancellationToken ct)
    {
        var found = new Dictionary<string, Standing>(StringComparer.Ordinal);
        foreach (var chunk in parties.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var parameters = new DynamicParameters(new { epoch });
            for (var i = 0; i < chunk.Length; i++) parameters.Add($"p{i}", chunk[i]);
            var sql = $"{StandingColumns} WHERE s.epoch = @epoch AND s.party IN ({string.Join(", ", chunk.Select((_, i) => $"@p{i}"))})";
            foreach (var s in await c.QueryAsync<Standing>(new CommandDefinition(sql, parameters, cancellationToken: ct))) found[s.Party] = s;
        }
        return found;
    }

    /// <summary>Recorded epochs after <paramref name="after"/>, oldest first.</summary>
    public static async Task<List<long>> EpochsAfterAsync(DbConnection c, long after, int limit, CancellationToken ct) =>
        (await c.QueryAsync<long>(new CommandDefinition("SELECT epoch FROM relationship_epochs WHERE epoch > @after ORDER BY epoch LIMIT @limit",
            new { after, limit }, cancellationToken: ct))).AsList();

    public static async Task<List<string>> EpochPartiesAsync(DbConnection c, long epoch, CancellationToken ct) =>
        (await c.QueryAsync<string>(new CommandDefinition("SELECT party FROM relationship_standings WHERE epoch = @epoch", new { epoch }, cancellationToken: ct))).AsList();

    public static Task<long?> PreviousEpochAsync(DbConnection c, long epoch, CancellationToken ct) =>
        c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(epoch) FROM relationship_epochs WHERE epoch < @epoch", new { epoch }, cancellationToken: ct));
}

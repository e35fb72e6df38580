using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace TrustLedger.Core.Rewards;

/// <summary>A row of reward_programs.</summary>
public sealed class ProgramRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Symbol { get; init; } = "";
    public long EpochLength { get; init; }
    public bool Transferable { get; init; }
    public string Status { get; init; } = "";
    public string? TokenAddress { get; init; }
    public long? ChainProgramId { get; init; }
    public long? CreatedBlock { get; init; }
    public long? StartTime { get; init; }
    public int RulesVersion { get; init; }
    public long DecidedBlock { get; init; }
    /// <summary>The last block whose admin events on the token (pause, resume, cap, budget) the engine applied.</summary>
    public long? FollowedBlock { get; init; }
    public string? Error { get; init; }
    public string CreatedBy { get; init; } = "";
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";

    public ProgramClock Clock => new(StartTime ?? 0, EpochLength);
}

/// <summary>A row of reward_rules.</summary>
public sealed class RuleVersionRow
{
    public long ProgramId { get; init; }
    public int Version { get; init; }
    public long? EffectiveBlock { get; init; }
    public string Rules { get; init; } = "{}";
    public string Reason { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public string CreatedAt { get; init; } = "";

    public RewardRules Parsed => RewardRulesJson.Deserialize(Rules);
}

/// <summary>Programs, rule versions and admin operations: what the API and the worker share.</summary>
public static class RewardStore
{
    private const string ProgramColumns = """
        SELECT id, name, symbol, epoch_length AS EpochLength, transferable, status, token_address AS TokenAddress,
               chain_program_id AS ChainProgramId, created_block AS CreatedBlock, start_time AS StartTime,
               rules_version AS RulesVersion, decided_block AS DecidedBlock, followed_block AS FollowedBlock, error, created_by AS CreatedBy,
               created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM reward_programs
        """;

    private const string VersionColumns = """
        SELECT program_id AS ProgramId, version, effective_block AS EffectiveBlock, rules, reason,
               created_by AS CreatedBy, created_at AS CreatedAt
        FROM reward_rules
        """;

    public static Task<ProgramRow?> ProgramAsync(DbConnection c, long id, CancellationToken ct, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<ProgramRow>(new CommandDefinition($"{ProgramColumns} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    public static async Task<IReadOnlyList<ProgramRow>> ProgramsAsync(DbConnection c, CancellationToken ct) =>
        [.. await c.QueryAsync<ProgramRow>(new CommandDefinition($"{ProgramColumns} ORDER BY id", cancellationToken: ct))];

    public static async Task<IReadOnlyList<RuleVersionRow>> VersionsAsync(DbConnection c, long programId, CancellationToken ct, DbTransaction? tx = null) =>
        [.. await c.QueryAsync<RuleVersionRow>(new CommandDefinition(
            $"{VersionColumns} WHERE program_id = @programId ORDER BY version", new { programId }, tx, cancellationToken: ct))];

    public static async Task<IReadOnlyList<RewardTransaction>> OperationsAsync(DbConnection c, long programId, CancellationToken ct) =>
        [.. await c.QueryAsync<RewardTransaction>(new CommandDefinition(
            $"{RewardTransaction.Columns} WHERE program_id = @programId AND kind NOT IN ('mint', 'clawback') ORDER BY id",
            new { programId }, cancellationToken: ct))];

    /// <summary>A new program (status creating) with rules version 1 and the queued factory call, in one transaction.</summary>
    public static async Task<long> CreateProgramAsync(DbConnection c, string name, string symbol, long epochLength, bool transferable,
        RewardRules rules, string createdBy, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = RewardTransaction.Now();
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO reward_programs (name, symbol, epoch_length, transferable, status, rules_version, created_by, created_at, updated_at)
            VALUES (@name, @symbol, @epochLength, @transferable, 'creating', 1, @createdBy, @now, @now) RETURNING id
            """, new { name, symbol, epochLength, transferable, createdBy, now }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO reward_rules (program_id, version, effective_block, rules, reason, created_by, created_at)
            VALUES (@id, 1, NULL, @rules, 'create', @createdBy, @now)
            """, new { id, rules = RewardRulesJson.Serialize(rules), createdBy, now }, tx, cancellationToken: ct));
        await QueueAsync(c, tx, id, "create", new Dictionary<string, object> { ["by"] = createdBy }, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// Installs the next rules version: <paramref name="change"/> applied to the newest one. It takes effect
    /// at <paramref name="fromBlock"/>, or above the highest block the worker already decided if that is
    /// later, so no decided event ever changes version. The first statement bumps the program's version
    /// (locking its row on PostgreSQL; SQLite locks the database), and the worker's decision write checks
    /// that version, so the two can never interleave. Null when the program does not exist.
    /// </summary>
    public static async Task<int?> AddVersionAsync(DbConnection c, DbTransaction tx, long programId, Func<RewardRules, RewardRules> change,
        string reason, string createdBy, long fromBlock, CancellationToken ct)
    {
        var b = await c.QuerySingleOrDefaultAsync<VersionBump>(new CommandDefinition("""
            UPDATE reward_programs SET rules_version = rules_version + 1, updated_at = @now WHERE id = @programId
            RETURNING rules_version AS Version, decided_block AS Decided
            """, new { programId, now = RewardTransaction.Now() }, tx, cancellationToken: ct));
        if (b is null) return null;
        var previous = await c.QuerySingleAsync<RuleVersionRow>(new CommandDefinition(
            $"{VersionColumns} WHERE program_id = @programId AND version = @v", new { programId, v = b.Version - 1 }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO reward_rules (program_id, version, effective_block, rules, reason, created_by, created_at)
            VALUES (@programId, @version, @effective, @rules, @reason, @createdBy, @now)
            """, new
        {
            programId, version = b.Version, effective = Math.Max(fromBlock, b.Decided + 1),
            rules = RewardRulesJson.Serialize(change(previous.Parsed)), reason, createdBy, now = RewardTransaction.Now(),
        }, tx, cancellationToken: ct));
        return b.Version;
    }

    private sealed class VersionBump
    {
        public int Version { get; init; }
        public long Decided { get; init; }
    }

    /// <summary>An operation for the worker to send from the minter account (today: the factory call that creates the program).</summary>
    public static Task<long> QueueAsync(DbConnection c, DbTransaction tx, long programId, string kind, object payload, CancellationToken ct)
    {
        var now = RewardTransaction.Now();
        return c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO reward_transactions (program_id, kind, payload, status, created_at, updated_at)
            VALUES (@programId, @kind, @payload, 'queued', @now, @now) RETURNING id
            """, new { programId, kind, payload = JsonSerializer.Serialize(payload), now }, tx, cancellationToken: ct));
    }

    public static Task<RewardTransaction?> OperationAsync(DbConnection c, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<RewardTransaction>(new CommandDefinition($"{RewardTransaction.Columns} WHERE id = @id", new { id }, cancellationToken: ct));
}

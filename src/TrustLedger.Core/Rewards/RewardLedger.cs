using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Dapper;

namespace TrustLedger.Core.Rewards;

/// <summary>A reward row as the worker handles it.</summary>
public sealed class RewardWork
{
    public long Id { get; init; }
    public string EventUid { get; init; } = "";
    public string Member { get; init; } = "";
    public string SchemaName { get; init; } = "";
    public string Status { get; init; } = "";
    public string Amount { get; init; } = "0";
    public long? MintTxId { get; init; }

    public BigInteger Units => BigInteger.Parse(Amount, CultureInfo.InvariantCulture);
}

/// <summary>
/// The worker's SQL over the rewards table: which events still need a decision, what earlier rewards
/// count against caps, writing decisions, and moving rewards through mint and clawback. Statuses:
/// skipped | pending | minting | minted | withheld | clawing-back | clawed-back (docs/rewards.md).
/// </summary>
public static class RewardLedger
{
    /// <summary>Rewards that hold part of the budget and the caps.</summary>
    public const string CountedStatuses = "('pending', 'minting', 'minted')";

    private sealed class EventRow
    {
        public string Uid { get; init; } = "";
        public string Attester { get; init; } = "";
        public string Subject { get; init; } = "";
        public string? ConfirmationUid { get; init; }
        public long Block { get; init; }
        public long LogIndex { get; init; }
        public long Time { get; init; }
    }

    /// <summary>
    /// Events under <paramref name="schema"/> at or after <paramref name="fromBlock"/> that this program has not
    /// decided, in chain order. A reciprocity event is a proposal its counterparty confirmed; its position and
    /// time are the confirmation's. Only indexed rows are read: they are past the chain's confirmation depth.
    /// </summary>
    public static async Task<IReadOnlyList<RewardEvent>> UndecidedAsync(
        DbConnection c, long programId, string schemaName, long fromBlock, int limit, CancellationToken ct)
    {
        var schema = RewardRules.RewardableSchemas[schemaName];
        var sql = schema.Name == "reciprocity"
            ? """
              SELECT p.uid AS Uid, p.attester AS Attester, p.subject AS Subject, c.uid AS ConfirmationUid,
                     c.block_number AS Block, c.log_index AS LogIndex, c.block_time AS Time
              FROM attestations p JOIN attestations c ON c.uid = p.confirmed_by
              WHERE p.schema_uid = @Schema AND p.ref_uid IS NULL AND c.schema_uid = @Schema AND c.ref_uid = p.uid
                AND c.block_number >= @FromBlock
                AND NOT EXISTS (SELECT 1 FROM rewards r WHERE r.program_id = @ProgramId AND r.event_uid = p.uid)
              ORDER BY c.block_number, c.log_index LIMIT @Limit
              """
            : """
              SELECT a.uid AS Uid, a.attester AS Attester, a.subject AS Subject, NULL AS ConfirmationUid,
                     a.block_number AS Block, a.log_index AS LogIndex, a.block_time AS Time
              FROM attestations a
              WHERE a.schema_uid = @Schema AND a.block_number >= @FromBlock
                AND NOT EXISTS (SELECT 1 FROM rewards r WHERE r.program_id = @ProgramId AND r.event_uid = a.uid)
              ORDER BY a.block_number, a.log_index LIMIT @Limit
              """;
        var rows = await c.QueryAsync<EventRow>(new CommandDefinition(sql,
            new { Schema = schema.Uid, FromBlock = fromBlock, ProgramId = programId, Limit = limit }, cancellationToken: ct));
        return [.. rows.Select(r => new RewardEvent(r.Uid, schemaName, r.Attester, r.Subject, r.ConfirmationUid, r.Block, r.LogIndex, r.Time))];
    }

    private sealed class CountedRow
    {
        public string Member { get; init; } = "";
        public string Counterparty { get; init; } = "";
        public long Epoch { get; init; }
        public string Amount { get; init; } = "0";
        public long EventTime { get; init; }
    }

    public static async Task<IReadOnlyList<CountedReward>> CountedAsync(DbConnection c, long programId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<CountedRow>(new CommandDefinition($"""
            SELECT member, counterparty, epoch, amount, event_time AS EventTime FROM rewards
            WHERE program_id = @programId AND status IN {CountedStatuses}
            """, new { programId }, cancellationToken: ct));
        return [.. rows.Select(r => new CountedReward(r.Member, r.Counterparty, r.Epoch, BigInteger.Parse(r.Amount, CultureInfo.InvariantCulture), r.EventTime))];
    }

    /// <summary>
    /// Writes one pass's decisions, unless the program's rules changed since the pass read them (then false:
    /// decide again). A decision another writer already made stays as it was (unique per event and member).
    /// </summary>
    public static async Task<bool> WriteDecisionsAsync(DbConnection c, DbTransaction tx, long programId, int rulesVersion,
        IReadOnlyList<(RewardEvent Event, RewardDecision Decision)> decisions, CancellationToken ct)
    {
        var now = RewardTransaction.Now();
        var maxBlock = decisions.Count == 0 ? 0 : decisions.Max(d => d.Event.Block);
        var fenced = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE reward_programs SET decided_block = CASE WHEN decided_block > @maxBlock THEN decided_block ELSE @maxBlock END,
                   updated_at = @now
            WHERE id = @programId AND rules_version = @rulesVersion
            """, new { maxBlock, now, programId, rulesVersion }, tx, cancellationToken: ct));
        if (fenced != 1) return false;
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO rewards (program_id, event_uid, member, counterparty, role, schema_name, confirmation_uid, event_block,
                                 event_log_index, event_time, epoch, rules_version, amount, rule_amount, reason, status, decided_at, updated_at)
            VALUES (@ProgramId, @EventUid, @Member, @Counterparty, @Role, @Schema, @ConfirmationUid, @Block,
                    @LogIndex, @Time, @Epoch, @RulesVersion, @Amount, @RuleAmount, @Reason, @Status, @Now, @Now)
            ON CONFLICT (program_id, event_uid, member) DO NOTHING
            """, decisions.Select(x => new
        {
            ProgramId = programId, x.Decision.EventUid, x.Decision.Member, x.Decision.Counterparty,
            Role = x.Decision.Role == RewardRole.Attester ? "attester" : "subject", x.Event.Schema, x.Event.ConfirmationUid,
            x.Event.Block, x.Event.LogIndex, x.Event.Time, x.Decision.Epoch, x.Decision.RulesVersion,
            Amount = RewardTransaction.Invariant(x.Decision.Amount), RuleAmount = RewardTransaction.Invariant(x.Decision.RuleAmount),
            x.Decision.Reason, Status = x.Decision.Pays ? "pending" : "skipped", Now = now,
        }), tx, cancellationToken: ct));
        return true;
    }

    /// <summary>
    /// Rewards of events up to <paramref name="maxBlock"/> that the index no longer holds (as a confirmed event,
    /// for reciprocity): reorg suspects. While the indexer is behind, pass its checkpoint: above it nothing is expected yet.
    /// </summary>
    public static async Task<IReadOnlyList<RewardWork>> MissingEventsAsync(DbConnection c, long programId, long maxBlock, CancellationToken ct) =>
        [.. await c.QueryAsync<RewardWork>(new CommandDefinition("""
            SELECT r.id, r.event_uid AS EventUid, r.member, r.schema_name AS SchemaName, r.status, r.amount, r.mint_tx_id AS MintTxId
            FROM rewards r
            WHERE r.program_id = @programId AND r.event_gone_at IS NULL AND r.status IN ('skipped', 'pending', 'minted')
              AND r.event_block <= @maxBlock
              AND NOT EXISTS (SELECT 1 FROM attestations a WHERE a.uid = r.event_uid
                              AND (r.schema_name <> 'reciprocity' OR a.confirmed_by IS NOT NULL))
            ORDER BY r.id
            """, new { programId, maxBlock }, cancellationToken: ct))];

    /// <summary>
    /// The reorg policy for rewards of a gone event: never sent, withheld here; possibly minted (sent once,
    /// or minted), clawed back on chain (burned, debt, or closed as withheld if the mint never landed).
    /// </summary>
    public static async Task MarkGoneAsync(DbConnection c, IReadOnlyList<RewardWork> gone, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE rewards SET event_gone_at = @Now, updated_at = @Now,
                   status = CASE WHEN status = 'skipped' THEN 'skipped'
                                 WHEN status = 'pending' AND mint_tx_id IS NULL THEN 'withheld'
                                 ELSE 'clawing-back' END
            WHERE id = @Id AND status = @Status AND event_gone_at IS NULL
            """, gone.Select(g => new { g.Id, g.Status, Now = RewardTransaction.Now() }), cancellationToken: ct));
    }

    public static async Task<IReadOnlyList<RewardWork>> NextAsync(DbConnection c, long programId, string status, int limit, CancellationToken ct)
    {
        var extra = status == "clawing-back" ? " AND clawback_tx_id IS NULL" : "";
        return [.. await c.QueryAsync<RewardWork>(new CommandDefinition($"""
            SELECT id, event_uid AS EventUid, member, schema_name AS SchemaName, status, amount, mint_tx_id AS MintTxId
            FROM rewards WHERE program_id = @programId AND status = @status{extra} ORDER BY id LIMIT @limit
            """, new { programId, status, limit }, cancellationToken: ct))];
    }

    /// <summary>Attaches rewards to a mint (pending to minting) or a clawback transaction; false if any was taken meanwhile.</summary>
    public static async Task<bool> ClaimAsync(DbConnection c, DbTransaction tx, IReadOnlyList<RewardWork> rows, long txId, bool mint, CancellationToken ct)
    {
        var sql = mint
            ? "UPDATE rewards SET status = 'minting', mint_tx_id = @txId, updated_at = @now WHERE id = @Id AND status = 'pending'"
            : "UPDATE rewards SET clawback_tx_id = @txId, updated_at = @now WHERE id = @Id AND status = 'clawing-back' AND clawback_tx_id IS NULL";
        var now = RewardTransaction.Now();
        return await c.ExecuteAsync(new CommandDefinition(sql, rows.Select(r => new { r.Id, txId, now }), tx, cancellationToken: ct)) == rows.Count;
    }

    /// <summary>Sets the outcome of each (member, uid) of a mined mint or clawback transaction.</summary>
    public static Task SetOutcomesAsync(DbConnection c, DbTransaction tx, long txId, bool mint,
        IEnumerable<(string Member, string Uid, string Status, string? Burned, string? Debt)> outcomes, CancellationToken ct)
    {
        var sql = mint
            ? "UPDATE rewards SET status = @Status, updated_at = @Now WHERE mint_tx_id = @TxId AND member = @Member AND event_uid = @Uid AND status = 'minting'"
            : """
              UPDATE rewards SET status = @Status, burned = @Burned, debt = @Debt, updated_at = @Now
              WHERE clawback_tx_id = @TxId AND member = @Member AND event_uid = @Uid AND status = 'clawing-back'
              """;
        var now = RewardTransaction.Now();
        return c.ExecuteAsync(new CommandDefinition(sql,
            outcomes.Select(o => new { o.Status, o.Burned, o.Debt, Now = now, TxId = txId, o.Member, o.Uid }), tx, cancellationToken: ct));
    }

    /// <summary>
    /// Gives the work of a transaction that did not (or no longer does) count back: a reverted, dropped or
    /// reorged-out mint's rewards become pending again (the token skips any that did land), a clawback's are
    /// retried.
    /// </summary>
    public static async Task ReleaseAsync(DbConnection c, DbTransaction? tx, long txId, CancellationToken ct)
    {
        var now = RewardTransaction.Now();
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE rewards SET status = 'pending', updated_at = @now WHERE mint_tx_id = @txId AND status IN ('minting', 'minted')",
            new { txId, now }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE rewards SET status = 'clawing-back', clawback_tx_id = NULL, burned = NULL, debt = NULL, updated_at = @now
            WHERE clawback_tx_id = @txId AND status IN ('clawing-back', 'clawed-back', 'withheld')
            """, new { txId, now }, tx, cancellationToken: ct));
    }
}

using System.Globalization;
using System.Numerics;
using Dapper;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Rewards;

namespace TrustLedger.Api.Rewards;

public static partial class RewardsApi
{
    private sealed class RewardRow
    {
        public long Id { get; init; }
        public string EventUid { get; init; } = "";
        public string SchemaName { get; init; } = "";
        public string Role { get; init; } = "";
        public string Member { get; init; } = "";
        public string Counterparty { get; init; } = "";
        public string? ConfirmationUid { get; init; }
        public long EventBlock { get; init; }
        public long EventTime { get; init; }
        public long Epoch { get; init; }
        public int RulesVersion { get; init; }
        public string Amount { get; init; } = "0";
        public string RuleAmount { get; init; } = "0";
        public string? Reason { get; init; }
        public string Status { get; init; } = "";
        public string? Burned { get; init; }
        public string? Debt { get; init; }
        public string? EventGoneAt { get; init; }
        public string? MintTx { get; init; }
        public long? MintBlock { get; init; }

        public BigInteger Units => BigInteger.Parse(Amount, CultureInfo.InvariantCulture);
    }

    private const string RewardColumns = """
        SELECT r.id, r.event_uid AS EventUid, r.schema_name AS SchemaName, r.role, r.member, r.counterparty,
               r.confirmation_uid AS ConfirmationUid, r.event_block AS EventBlock, r.event_time AS EventTime, r.epoch,
               r.rules_version AS RulesVersion, r.amount, r.rule_amount AS RuleAmount, r.reason, r.status, r.burned, r.debt,
               r.event_gone_at AS EventGoneAt, t.tx_hash AS MintTx, t.block_number AS MintBlock
        FROM rewards r LEFT JOIN reward_transactions t ON t.id = r.mint_tx_id
        """;

    private static async Task<IResult> Member(long id, string address, Database db, RewardServices o, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        if (!f.Valid) return f.Problem();
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RewardStore.ProgramAsync(connection, id, ct) is not { } program) return Problems.NotFound($"no reward program {id}");
        var rows = (await connection.QueryAsync<RewardRow>(new CommandDefinition(
            $"{RewardColumns} WHERE r.program_id = @id AND r.member = @address", new { id, address }, cancellationToken: ct))).AsList();
        var (balance, debt) = program.TokenAddress is { } token
            ? (await o.Reader.BalanceOfAsync(token, address), await o.Reader.DebtOfAsync(token, address))
            : (BigInteger.Zero, BigInteger.Zero);
        BigInteger Sum(params string[] statuses) => rows.Where(r => statuses.Contains(r.Status)).Aggregate(BigInteger.Zero, (s, r) => s + r.Units);
        return TypedResults.Ok(new MemberView(id, address, program.Symbol, TokenAmount.Format(balance), TokenAmount.Format(debt),
            TokenAmount.Format(Sum("minted")), TokenAmount.Format(Sum("pending", "minting")), rows.Count(r => r.Units > 0)));
    }

    private static async Task<IResult> History(long id, string address, string? cursor, string? limit, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        var size = f.Int("limit", limit, 1, 200, 50);
        long before = long.MaxValue;
        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out before))
            f.Fail("cursor", "not a cursor this API handed out");
        if (!f.Valid) return f.Problem();
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RewardStore.ProgramAsync(connection, id, ct) is null) return Problems.NotFound($"no reward program {id}");
        var rows = (await connection.QueryAsync<RewardRow>(new CommandDefinition(
            $"{RewardColumns} WHERE r.program_id = @id AND r.member = @address AND r.id < @before ORDER BY r.id DESC LIMIT @take",
            new { id, address, before, take = size + 1 }, cancellationToken: ct))).AsList();
        string? next = null;
        if (rows.Count > size)
        {
            rows.RemoveAt(size);
            next = rows[^1].Id.ToString(CultureInfo.InvariantCulture);
        }
        var items = new List<RewardView>(rows.Count);
        foreach (var r in rows)
        {
            var proposal = await AttestationStore.GetAsync(connection, r.EventUid, ct);
            var confirmation = r.ConfirmationUid is { } c ? await AttestationStore.GetAsync(connection, c, ct) : null;
            items.Add(new RewardView(r.Id, r.EventUid, r.SchemaName, r.Role, r.Member, r.Counterparty, TokenAmount.Format(r.Units),
                TokenAmount.Format(BigInteger.Parse(r.RuleAmount, CultureInfo.InvariantCulture)), r.Status, r.Reason, r.RulesVersion, r.Epoch,
                r.EventBlock, r.EventTime, r.EventGoneAt is not null, Tokens(r.Burned), Tokens(r.Debt), r.MintTx, r.MintBlock,
                proposal is null ? null : AttestationView.Of(proposal, null), confirmation is null ? null : AttestationView.Of(confirmation, null)));
        }
        return TypedResults.Ok(new RewardPageView(items, next));
    }

    private static async Task<IResult> Stats(long id, Database db, RewardServices o, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RewardStore.ProgramAsync(connection, id, ct) is not { } program) return Problems.NotFound($"no reward program {id}");
        var rows = (await connection.QueryAsync<RewardRow>(new CommandDefinition(
            $"{RewardColumns} WHERE r.program_id = @id", new { id }, cancellationToken: ct))).AsList();
        var counted = rows.Where(r => r.Status is "pending" or "minting" or "minted").ToList();
        BigInteger Sum(IEnumerable<RewardRow> rs) => rs.Aggregate(BigInteger.Zero, (s, r) => s + r.Units);
        var perEpoch = counted.GroupBy(r => r.Epoch).OrderBy(g => g.Key)
            .Select(g => new EpochStatsView(g.Key, g.Count(), g.Select(r => r.Member).Distinct().Count(), TokenAmount.Format(Sum(g)))).ToList();
        TokenStatsView? token = null;
        if (program.TokenAddress is { } address)
        {
            var s = await o.Reader.StateAsync(address);
            token = new TokenStatsView(s.CurrentEpoch.ToString(CultureInfo.InvariantCulture), TokenAmount.Format(s.EpochCap),
                TokenAmount.Format(s.IssuedThisEpoch), TokenAmount.Format(s.IssuableNow), TokenAmount.Format(s.Budget),
                s.Budget.IsZero ? null : TokenAmount.Format(BigInteger.Max(0, s.Budget - s.TotalIssued)), TokenAmount.Format(s.TotalIssued),
                TokenAmount.Format(s.TotalDebt), TokenAmount.Format(s.TotalSupply), s.Paused);
        }
        return TypedResults.Ok(new ProgramStatsView(id, counted.Select(r => r.Member).Distinct().Count(), counted.Count,
            rows.Count(r => r.Status == "skipped"), TokenAmount.Format(Sum(counted.Where(r => r.Status == "minted"))),
            TokenAmount.Format(Sum(counted.Where(r => r.Status != "minted"))),
            TokenAmount.Format(Sum(rows.Where(r => r.Status == "clawed-back"))), perEpoch, token));
    }

    private static string? Tokens(string? units) => units is null ? null : TokenAmount.Format(BigInteger.Parse(units, CultureInfo.InvariantCulture));
}

using System.Globalization;
using System.Numerics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Rewards;

namespace TrustLedger.Api.Rewards;

/// <summary>
/// Community reward programs. Admins create a program (its token is deployed through the factory by the rewards
/// worker from the minter account; the call waits up to Rewards:AdminWait, else answers 202) and version its rules.
/// Pause, resume and fund are the contract admin's own transactions (Keys:ContractAdmin holds the token's
/// DEFAULT_ADMIN_ROLE; no service key does): those endpoints answer with the call to send from that wallet, after
/// simulating it, and the program follows once the token's event is on chain. Anyone reads programs, rules, stats,
/// a member's balance and reward history.
/// </summary>
public static partial class RewardsApi
{
    public static RouteGroupBuilder MapRewards(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/reward-programs").WithTags("Reward programs");
        string[] operating = ["not-found", "program-not-ready", "rewards-unavailable", ProblemCatalog.ChainRefused];
        group.MapPost("/", Create).RequireAuthorization(Roles.Admin)
            .Documented("Create a program: its token (factory) and rules version 1", RewardsDocs.Create)
            .Produces<ProgramView>(StatusCodes.Status201Created).Produces<ProgramView>(StatusCodes.Status202Accepted)
            .WithProblems("rewards-unavailable", ProblemCatalog.ChainRefused).WithRequestExample(RewardsDocs.CreateExample);
        group.MapGet("/", List).Documented("All programs", "Every program with its token, status, rules in force and admin operations.")
            .Produces<List<ProgramView>>();
        group.MapGet("/{id}", Get).Documented("A program, its rules in force and its admin operations", "`id` is the program's number.")
            .Produces<ProgramView>().WithProblems("not-found");
        group.MapGet("/{id}/rules", Versions).Documented("Every rules version, oldest first", "Each with the block it takes effect from, who made it and why.")
            .Produces<List<RulesVersionView>>().WithProblems("not-found");
        group.MapPut("/{id}/rules", UpdateRules).RequireAuthorization(Roles.Admin)
            .Documented("New rules version, effective from the next block", RewardsDocs.Rules)
            .Produces<RulesVersionView>().WithProblems("not-found", "program-not-ready").WithRequestExample(RewardsDocs.RulesExample);
        group.MapPost("/{id}/pause", (long id, Database db, RewardServices o, CancellationToken ct) => Prepare(id, [("pause", null)], db, o, ct))
            .RequireAuthorization(Roles.Admin)
            .Documented("The contract admin's transaction that pauses the token", "No mints, transfers or redemptions while paused; new events earn nothing. " + RewardsDocs.Operation)
            .Produces<AdminCallsView>().WithProblems(operating);
        group.MapPost("/{id}/resume", (long id, Database db, RewardServices o, CancellationToken ct) => Prepare(id, [("unpause", null)], db, o, ct))
            .RequireAuthorization(Roles.Admin)
            .Documented("The contract admin's transaction that lifts a pause", RewardsDocs.Operation)
            .Produces<AdminCallsView>().WithProblems(operating);
        group.MapPost("/{id}/fund", Fund).RequireAuthorization(Roles.Admin)
            .Documented("The contract admin's transactions that change the epoch cap and/or the budget", "Amounts are token amounts as decimal strings (18 decimals), e.g. \"500\". " + RewardsDocs.Operation)
            .Produces<AdminCallsView>().WithProblems(operating)
            .WithRequestExample(new FundRequest("500", "10000"));
        group.MapGet("/{id}/stats", Stats).Documented("Members, rewards per epoch, budget left", "Service-side counts by event epoch, and the token's own figures from the chain.")
            .Produces<ProgramStatsView>().WithProblems("not-found");
        group.MapGet("/{id}/members/{address}", Member)
            .Documented("A member's balance (from the token), debt, minted and pending rewards", "Balance and debt are read from the token on chain.")
            .Produces<MemberView>().WithProblems("not-found");
        group.MapGet("/{id}/members/{address}/rewards", History)
            .Documented("A member's rewards, newest first, each with the event behind it", "`limit` 1..200 (50); pass `nextCursor` back as `cursor`.")
            .Produces<RewardPageView>().WithProblems("not-found");
        return group;
    }

    /// <summary>What the handlers need besides the database, bundled so endpoint signatures stay readable.</summary>
    public sealed record RewardServices(RewardsOptions Rewards, ChainConnection Chain, TokenReader Reader);

    private static async Task<IResult> Create([FromBody] CreateProgramRequest body, Database db, ClaimsPrincipal user, RewardServices o, CancellationToken ct)
    {
        var f = new InputFields();
        var name = f.Text("name", body.Name?.Trim(), 64, required: true);
        var symbol = f.Text("symbol", body.Symbol?.Trim(), 16, required: true);
        if (symbol.Length > 0 && !symbol.All(char.IsAsciiLetterOrDigit)) f.Fail("symbol", "letters and digits only");
        var epochLength = body.EpochLengthSeconds ?? 0;
        if (epochLength is < 1 or > 10L * 366 * 24 * 3600) f.Fail("epochLengthSeconds", "required: 1 second to 10 years");
        var rules = RulesReader.Read(body.Rules, body.EpochCap ?? "", body.Budget, f);
        if (!f.Valid || rules is null) return f.Problem();
        if (Unavailable(o.Chain) is { } unavailable) return unavailable;

        long id;
        await using (var connection = await db.OpenConnectionAsync(ct))
            id = await RewardStore.CreateProgramAsync(connection, name, symbol, epochLength, body.Transferable ?? false, rules, Caller(user), ct);
        return await AfterOperationsAsync(id, [await CreateOperationIdAsync(db, id, ct)], db, o, ct, created: true);
    }

    private static async Task<long> CreateOperationIdAsync(Database db, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await RewardStore.OperationsAsync(connection, id, ct)).Single(op => op.Kind == "create").Id;
    }

    private static async Task<IResult> List(Database db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var views = new List<ProgramView>();
        foreach (var program in await RewardStore.ProgramsAsync(connection, ct)) views.Add(await ViewAsync(connection, program, ct));
        return TypedResults.Ok(views);
    }

    private static async Task<IResult> Get(long id, Database db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await RewardStore.ProgramAsync(connection, id, ct) is { } program
            ? TypedResults.Ok(await ViewAsync(connection, program, ct))
            : Problems.NotFound($"no reward program {id}");
    }

    private static async Task<IResult> Versions(long id, Database db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RewardStore.ProgramAsync(connection, id, ct) is null) return Problems.NotFound($"no reward program {id}");
        return TypedResults.Ok((await RewardStore.VersionsAsync(connection, id, ct)).Select(RulesVersionView.Of).ToList());
    }

    private static async Task<IResult> UpdateRules(long id, [FromBody] RulesInput body, Database db, ClaimsPrincipal user, RewardServices o, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await RewardStore.ProgramAsync(connection, id, ct) is not { } program) return Problems.NotFound($"no reward program {id}");
        if (program.TokenAddress is null)
            return Problems.Of(StatusCodes.Status409Conflict, "program-not-ready", "The program is not on chain yet", $"status {program.Status}");
        var current = (await RewardStore.VersionsAsync(connection, id, ct))[^1].Parsed;
        var f = new InputFields();
        var rules = RulesReader.Read(body, TokenAmount.Format(current.EpochCap), TokenAmount.Format(current.Budget), f);
        if (!f.Valid || rules is null) return f.Problem();
        // Caps, budget and pause follow the token: they change through fund, pause and resume only.
        var next = rules with { EpochCap = current.EpochCap, Budget = current.Budget, Paused = current.Paused };
        var head = (long)(await o.Chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        await using var tx = await connection.BeginTransactionAsync(ct);
        var version = await RewardStore.AddVersionAsync(connection, tx, id, _ => next, "rules", Caller(user), head + 1, ct);
        await tx.CommitAsync(ct);
        var row = (await RewardStore.VersionsAsync(connection, id, ct)).Single(v => v.Version == version);
        return TypedResults.Ok(RulesVersionView.Of(row));
    }

    private static async Task<IResult> Fund(long id, [FromBody] FundRequest body, Database db, RewardServices o, CancellationToken ct)
    {
        var f = new InputFields();
        var cap = body.EpochCap is null ? (BigInteger?)null : RulesReader.Amount(f, "epochCap", body.EpochCap, required: true);
        var budget = body.Budget is null ? (BigInteger?)null : RulesReader.Amount(f, "budget", body.Budget, required: true);
        if (cap is null && budget is null) f.Fail("epochCap", "give epochCap, budget or both");
        if (cap is { } c && c <= 0) f.Fail("epochCap", "must be above 0 (pause to stop minting)");
        if (!f.Valid) return f.Problem();
        var operations = new List<(string, BigInteger?)>();
        if (cap is { } newCap) operations.Add(("set-epoch-cap", newCap));
        if (budget is { } newBudget) operations.Add(("set-budget", newBudget));
        return await Prepare(id, operations, db, o, ct);
    }

    /// <summary>
    /// The contract admin's transactions for <paramref name="operations"/> on the program's token, each simulated from
    /// the admin's address: 200 with the calls to send, or 422 naming the token's error (ExpectedPause, BudgetBelowIssued,
    /// ...). Nothing is queued: the program changes when the token's event is mined (GET the program to see it).
    /// </summary>
    private static async Task<IResult> Prepare(long id, IReadOnlyList<(string Operation, BigInteger? Value)> operations, Database db, RewardServices o,
        CancellationToken ct)
    {
        if (Unavailable(o.Chain) is { } unavailable) return unavailable;
        ProgramRow? program;
        await using (var connection = await db.OpenConnectionAsync(ct))
            program = await RewardStore.ProgramAsync(connection, id, ct);
        if (program is null) return Problems.NotFound($"no reward program {id}");
        if (program.TokenAddress is null)
            return Problems.Of(StatusCodes.Status409Conflict, "program-not-ready", "The program is not on chain yet", $"status {program.Status}");
        var admin = new ProgramAdminCalls(o.Chain.Web3, o.Chain.ChainId, o.Chain.Keys.Admin!);
        var calls = new List<AdminCall>();
        foreach (var (operation, value) in operations)
        {
            var (call, refusal) = await admin.PrepareAsync(program.TokenAddress, operation, value);
            if (refusal is { } r)
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, r.Code, $"The token would refuse {operation}: {r.Code}", r.Detail,
                    new Dictionary<string, object?> { ["programId"] = id, ["operation"] = operation });
            calls.Add(call!);
        }
        return TypedResults.Ok(new AdminCallsView(id, o.Chain.Keys.Admin!, calls));
    }

    /// <summary>Waits for the operations; 201/200 with the program when mined, 422 naming the chain's error, 202 when still on the way.</summary>
    private static async Task<IResult> AfterOperationsAsync(long id, IReadOnlyList<long> ids, Database db, RewardServices o, CancellationToken ct, bool created)
    {
        var deadline = DateTimeOffset.UtcNow + o.Rewards.AdminWait;
        while (true)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var ops = new List<RewardTransaction>();
            foreach (var opId in ids) ops.Add((await RewardStore.OperationAsync(connection, opId, ct))!);
            var program = (await RewardStore.ProgramAsync(connection, id, ct))!;
            if (ops.FirstOrDefault(op => op.Status is "failed" or "reverted") is { } failed)
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, failed.ErrorCode ?? "Reverted",
                    $"The chain refused {failed.Kind}: {failed.ErrorCode}", failed.ErrorDetail,
                    new Dictionary<string, object?> { ["programId"] = id, ["operationId"] = failed.Id });
            var view = await ViewAsync(connection, program, ct);
            if (ops.All(op => op.Status == "mined"))
                return created ? TypedResults.Created($"/v1/reward-programs/{id}", view) : TypedResults.Ok(view);
            if (DateTimeOffset.UtcNow > deadline) return TypedResults.Accepted($"/v1/reward-programs/{id}", view);
            await Task.Delay(100, ct);
        }
    }

    private static async Task<ProgramView> ViewAsync(System.Data.Common.DbConnection connection, ProgramRow p, CancellationToken ct)
    {
        var versions = await RewardStore.VersionsAsync(connection, p.Id, ct);
        var operations = await RewardStore.OperationsAsync(connection, p.Id, ct);
        return new ProgramView(p.Id, p.Name, p.Symbol, p.Status, p.TokenAddress, p.ChainProgramId, p.CreatedBlock, p.StartTime, p.EpochLength,
            p.Transferable, TokenAmount.Decimals, p.RulesVersion, JsonDocument.Parse(versions[^1].Rules).RootElement.Clone(), p.Error,
            [.. operations.Select(OperationView.Of)], p.CreatedBy, p.CreatedAt);
    }

    private static IResult? Unavailable(ChainConnection chain) => chain.Keys.Minter is null || chain.Keys.Admin is null
        ? Problems.Of(StatusCodes.Status503ServiceUnavailable, "rewards-unavailable", "Reward programs are not configured",
            "reward programs need a minter key of their own (Keys:MinterIndex or Keys:MinterKeystoreFile) and a contract admin that is no service key (Keys:ContractAdmin)")
        : null;

    private static string Caller(ClaimsPrincipal user) => user.Address()?.ToLowerHex() ?? "unknown";
}

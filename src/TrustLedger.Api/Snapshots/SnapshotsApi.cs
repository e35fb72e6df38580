using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Data;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Api.Snapshots;

/// <summary>One epoch as listed. Hashes and addresses 0x hex; blockTime unix seconds; times ISO 8601 UTC.</summary>
public sealed record SnapshotSummary(
    long Epoch, string Status, string MerkleRoot, long ComputedAtBlock, string BlockHash, long BlockTime, long ScoringVersion,
    string ParametersHash, long PartyCount, long ChainId, string Contract, string? PublishTx, string? PublishedTx,
    long? PublishedBlock, string CreatedAt, string? PublishedAt);

/// <summary>One epoch with everything needed to check or recompute it.</summary>
/// <param name="Parameters">the parameters document; keccak256 of its RFC 8785 form is <see cref="ParametersHash"/></param>
public sealed record SnapshotDetails(
    long Epoch, string Status, string MerkleRoot, long ComputedAtBlock, string BlockHash, long BlockTime, long ScoringVersion,
    string ParametersHash, long PartyCount, long ChainId, string Contract, string Registry, long AttestationCount,
    string? PublishTx, string? PublishedTx, long? PublishedBlock, string CreatedAt, string? PublishedAt,
    JsonElement Parameters, SnapshotLinks Links);

public sealed record SnapshotLinks(string LeavesCsv, string LeavesJson);

public sealed record SnapshotPage(IReadOnlyList<SnapshotSummary> Items, string? NextCursor);

/// <param name="Outcome">created, in-progress (an epoch is still on its way to the chain), unchanged</param>
public sealed record SnapshotRequestResponse(string Outcome, string? Reason, SnapshotSummary Snapshot);

/// <summary>
/// Reputation snapshots: the epochs published on chain, each with its parameters and full leaf
/// set for download (CSV, JSON) so anyone can rebuild the tree and check the root on chain.
/// </summary>
public static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshots(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/snapshots").WithTags("Snapshots");
        group.MapGet("/", List)
            .Documented("Snapshot epochs of the current contract, newest first, cursor-paged",
                "`limit` 1..100 (20); `cursor` is the epoch to list below (pass `nextCursor` back).")
            .Produces<SnapshotPage>();
        group.MapGet("/{epoch}", Get)
            .Documented("One epoch: root, block, parameters, scoring version, party count, publish transaction",
                "Everything needed to check or recompute it: keccak256 of the RFC 8785 form of `parameters` is `parametersHash`; the leaf sets are linked.")
            .Produces<SnapshotDetails>().WithProblems("not-found");
        group.MapGet("/{epoch}/leaves.csv", LeavesCsv)
            .Documented("The epoch's full leaf set as CSV", "Columns party,score,rank,evidenceCount,leafHash; rebuild the Merkle tree and compare the root on chain.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").WithProblems("not-found");
        group.MapGet("/{epoch}/leaves.json", LeavesJson)
            .Documented("The epoch's full leaf set as JSON", "Format trustledger-snapshot-leaves-v1 (docs/snapshots.md).")
            .Produces<System.Text.Json.Nodes.JsonObject>().WithProblems("not-found");
        group.MapPost("/", Create).RequireAuthorization(Roles.Admin)
            .Documented("Compute a snapshot now from the indexed chain state (admin)",
                "Admin role only. 202 with Location when a new epoch was computed (the leader publishes it on chain); 200 when nothing changed or an epoch is still on its way; 409 snapshot-not-ready when there is nothing to snapshot.")
            .Produces<SnapshotRequestResponse>(StatusCodes.Status202Accepted).Produces<SnapshotRequestResponse>().WithProblems("snapshot-not-ready");
        return group;
    }

    private static async Task<IResult> List(Database db, SnapshotService service, string? cursor, string? limit, CancellationToken ct)
    {
        var f = new InputFields();
        var size = f.Int("limit", limit, 1, 100, 20);
        var before = f.Int("cursor", cursor, 1, int.MaxValue, int.MaxValue);
        if (!f.Valid) return f.Problem();
        var contract = service.Contract.Address;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await SnapshotStore.ListAsync(connection, contract, before, size + 1, ct);
        var next = rows.Count > size ? rows[size - 1].Epoch.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new SnapshotPage([.. rows.Take(size).Select(Summary)], next));
    }

    private static async Task<IResult> Get(long epoch, Database db, SnapshotService service, HttpContext http, CancellationToken ct)
    {
        var row = await FindAsync(db, service, epoch, ct);
        if (row is null) return Problems.NotFound($"no snapshot epoch {epoch}");
        using var parameters = JsonDocument.Parse(row.Parameters);
        var self = $"{http.Request.PathBase}/v1/snapshots/{row.Epoch}";
        return TypedResults.Ok(new SnapshotDetails(
            row.Epoch, row.Status, row.MerkleRoot, row.ComputedAtBlock, row.BlockHash, row.BlockTime, row.ScoringVersion,
            row.ParametersHash, row.PartyCount, row.ChainId, row.ContractAddress, row.RegistryAddress, row.AttestationCount,
            row.PublishTx, row.PublishedTx, row.PublishedBlock, row.CreatedAt, row.PublishedAt,
            parameters.RootElement.Clone(), new SnapshotLinks($"{self}/leaves.csv", $"{self}/leaves.json")));
    }

    private static Task<IResult> LeavesCsv(long epoch, Database db, SnapshotService service, CancellationToken ct) =>
        DownloadAsync(db, service, epoch, "text/csv", "csv", (tree, stream) =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            SnapshotLeafSetCsv.Write(tree, writer);
        }, ct);

    private static Task<IResult> LeavesJson(long epoch, Database db, SnapshotService service, CancellationToken ct) =>
        DownloadAsync(db, service, epoch, "application/json", "json", SnapshotLeafSetJson.Write, ct);

    /// <summary>
    /// The writers are synchronous (they serve files and tools too); they write into a buffer that
    /// spills to disk past 32 KB of memory, which is then copied to the response asynchronously.
    /// </summary>
    private static async Task<IResult> DownloadAsync(
        Database db, SnapshotService service, long epoch, string contentType, string extension,
        Action<SnapshotMerkleTree, Stream> write, CancellationToken ct)
    {
        var row = await FindAsync(db, service, epoch, ct);
        if (row is null) return Problems.NotFound($"no snapshot epoch {epoch}");
        var tree = await SnapshotTrees.GetAsync(db, row, ct);
        return TypedResults.Stream(async body =>
        {
            await using var buffer = new FileBufferingWriteStream();
            write(tree, buffer);
            await buffer.DrainBufferAsync(body, ct);
        }, contentType, $"trustledger-snapshot-{row.ChainId}-{row.Epoch}-leaves.{extension}");
    }

    private static async Task<IResult> Create(SnapshotService service, HttpContext http, CancellationToken ct)
    {
        var result = await service.CreateAsync(ct);
        if (result.Outcome == SnapshotOutcome.NotReady || result.Snapshot is null)
            return Problems.Of(StatusCodes.Status409Conflict, "snapshot-not-ready", "Nothing to snapshot yet", result.Reason);
        var outcome = result.Outcome switch
        {
            SnapshotOutcome.Created => "created",
            SnapshotOutcome.InProgress => "in-progress",
            _ => "unchanged",
        };
        var body = new SnapshotRequestResponse(outcome, result.Reason, Summary(result.Snapshot));
        var location = $"{http.Request.PathBase}/v1/snapshots/{result.Snapshot.Epoch}";
        return result.Outcome == SnapshotOutcome.Created ? TypedResults.Accepted(location, body) : TypedResults.Ok(body);
    }

    private static async Task<SnapshotRecord?> FindAsync(Database db, SnapshotService service, long epoch, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await SnapshotStore.GetAsync(connection, service.Contract.Address, epoch, ct);
    }

    private static SnapshotSummary Summary(SnapshotRecord r) => new(
        r.Epoch, r.Status, r.MerkleRoot, r.ComputedAtBlock, r.BlockHash, r.BlockTime, r.ScoringVersion, r.ParametersHash,
        r.PartyCount, r.ChainId, r.ContractAddress, r.PublishTx, r.PublishedTx, r.PublishedBlock, r.CreatedAt, r.PublishedAt);
}

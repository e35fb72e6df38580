using System.Globalization;
using System.Text;
using Dapper;
using System.Security.Claims;
using Microsoft.Net.Http.Headers;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Credentials;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Data;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Api.Reputation;

/// <summary>"Can I trust this supplier?": a party's score with its evidence and explanation, and the leaderboard.</summary>
public static class ReputationApi
{
    public static RouteGroupBuilder MapReputation(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/reputation").WithTags("Reputation");
        group.MapGet("/{address}", Get)
            .Documented("Can I trust this supplier? A party's score 0-100, rank, percentile, confidence, evidence and why",
                "Computed from the on-chain attestation graph (docs/reputation.md), as of `asOfBlock`; with the party's leaf and Merkle proof in the newest published snapshot when there is one, so the score can be checked against the chain. `externalEvidence` lists what EAS and ERC-8004 sources said, each with a link to it on its source. With `viewer` (an address): trust as seen from the viewer's own endorsements (personalised EigenTrust: the viewer is the only pre-trusted party), same fields, no snapshot proof; `viewer` names it. Strong ETag: send If-None-Match for a 304.")
            .Produces<ReputationView>().Produces(StatusCodes.Status304NotModified).WithProblems("unknown-party", "unknown-viewer");
        group.MapGet("/{address}/credential", Credential)
            .Documented("The party's score as a W3C Verifiable Credential (ReputationCredential), signed and anchored on chain",
                "From the newest published snapshot (its leaf's score, rank and evidence, with the Merkle proof), for anyone; before a snapshot holds the party, from the live board, only for the party itself or an issuer, signed in. One credential per party and snapshot (or board): asking again returns the same document. Verify it with POST /credentials/verify.")
            .Produces<System.Text.Json.Nodes.JsonObject>().WithProblems("unknown-party", "anchor-refused", "issuance-budget-spent", "token-missing", "not-self");
        group.MapGet("/", Search)
            .Documented("Leaderboard and search",
                "Ranked parties, best first; filter by `sector` and `region` (their profiles), `category` (of endorsements they received) and `minConfidence` (0..1). `limit` 1..200 (50); pass `nextCursor` back as `cursor`.")
            .Produces<RankedPage>();
        return group;
    }

    private static async Task<IResult> Get(string address, string? viewer, ReputationState state, PersonalizedTrust personalized, Database db,
        ChainWatch watch, HttpContext http, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        var seenBy = f.OptionalAddress("viewer", viewer);
        if (!f.Valid) return f.Problem();
        var board = state.Board;
        if (seenBy is not null) return await PersonalizedAsync(address, seenBy, board, personalized, http, ct);
        // The answer only changes when the board does: a strong validator per (board, party).
        // Proofs only while the node is the chain they were published on: never a root the configured contract does not hold.
        var epoch = watch.IsReplaced ? null : state.SnapshotEpoch;
        var etag = new EntityTagHeaderValue($"\"{board.ETagBase}:{epoch}:{address}\"");
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "public, max-age=0, must-revalidate";
        if (http.Request.Headers.IfNoneMatch.Any(v => v == etag.Tag.Value || v == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var json = epoch is { } e
            ? await board.JsonAsync(address, e, () => SnapshotReferenceAsync(db, address, ct))
            : board.Json(address);
        return json is null
            ? Problems.Of(StatusCodes.Status404NotFound, "unknown-party", "No reputation yet",
                $"no attestation about or by {address} is on chain as of block {board.AsOfBlock}")
            : TypedResults.Bytes(json, "application/json");
    }

    /// <summary>The party's reputation as <paramref name="viewer"/> sees it (cached per board and viewer, bounded).</summary>
    private static async Task<IResult> PersonalizedAsync(
        string address, string viewer, ReputationBoard board, PersonalizedTrust personalized, HttpContext http, CancellationToken ct)
    {
        var etag = new EntityTagHeaderValue($"\"{board.ETagBase}:viewer:{viewer}:{address}\"");
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "public, max-age=0, must-revalidate";
        if (http.Request.Headers.IfNoneMatch.Any(v => v == etag.Tag.Value || v == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (await personalized.BoardAsync(board, viewer, ct) is not { } seen)
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-viewer", "No trust flows from this viewer",
                $"{viewer} has no endorsement in force as of block {board.AsOfBlock}: personalised trust starts from the viewer's own endorsements");
        return seen.View(address) is { } view
            ? TypedResults.Json(view with { Viewer = viewer }, System.Text.Json.JsonSerializerOptions.Web)
            : Problems.Of(StatusCodes.Status404NotFound, "unknown-party", "No reputation yet",
                $"no attestation about or by {address} is on chain as of block {board.AsOfBlock}");
    }

    /// <summary>The party's leaf and proof in the newest published snapshot (null when not in it).</summary>
    private static async Task<SnapshotReference?> SnapshotReferenceAsync(Database db, string address, CancellationToken ct) =>
        await SnapshotProofs.FindLatestAsync(db, address, ct) is { } p
            ? new SnapshotReference(p.Epoch, p.MerkleRoot, p.Contract, p.ChainId,
                new { party = p.Leaf.Party, score = p.Leaf.Score, rank = p.Leaf.Rank, evidenceCount = p.Leaf.EvidenceCount },
                p.Proof, p.LeafIndex)
            : null;

    /// <summary>
    /// The party's score as a ReputationCredential, without anonymous gas: from the newest published
    /// snapshot (score, rank and evidence of its leaf, with the Merkle proof), so anyone may ask and
    /// it is anchored at most once per party per epoch; before any snapshot holds the party, from the
    /// live board for the party itself or an issuer, signed in (once per party and board). Every
    /// new one spends the daily budget (Credentials:AutomaticIssuancePerDay).
    /// </summary>
    private static async Task<IResult> Credential(string address, ReputationState state, Database db, ProductCredentials credentials,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        if (!f.Valid) return f.Problem();
        try
        {
            IssueOutcome outcome;
            if (await SnapshotProofs.FindLatestAsync(db, address, ct) is { } s)
            {
                outcome = await credentials.IssueReputationAsync(address, s.Leaf.Score / 100m, (int)s.Leaf.Rank, (int)s.Leaf.EvidenceCount, s.ComputedAtBlock,
                    ReputationSettings.ScoreVersion, new ReputationSnapshotProof(s.Epoch, s.MerkleRoot, s.Proof, s.LeafIndex), ct: ct);
            }
            else
            {
                if (!user.IsSelf(address) && !user.IsInRole(Roles.Issuer))
                    return (user.Address() is null
                        ? AuthProblem.TokenMissing($"no published snapshot holds {address} yet: until one does, its credential is issued from the live board only to {address} itself or an issuer, signed in")
                        : AuthProblem.NotSelf($"no published snapshot holds {address} yet: until one does, only {address} itself or an issuer may have its credential issued")).ToResult();
                var board = state.Board;
                if (board.View(address) is not { } view)
                    return Problems.Of(StatusCodes.Status404NotFound, "unknown-party", "No reputation yet",
                        $"no attestation about or by {address} is on chain as of block {board.AsOfBlock}");
                var evidence = view.Evidence.Endorsements + view.Evidence.ConfirmedReciprocity + view.Evidence.NegativeReports;
                outcome = await credentials.IssueReputationAsync(address, (decimal)view.Score, view.Rank, evidence, board.AsOfBlock, ReputationSettings.ScoreVersion, ct: ct);
            }
            return TypedResults.Text(outcome.Credential.Document, "application/json");
        }
        catch (IssuanceBudgetExhaustedException e)
        {
            return CredentialProblems.BudgetSpent(e, http);
        }
        catch (AnchorRejectedException e)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "anchor-refused", "The credential could not be anchored", e.Message);
        }
    }

    private static async Task<IResult> Search(
        ReputationState state, Database db, string? sector, string? region, string? category, double? minConfidence,
        string? limit, string? cursor, CancellationToken ct)
    {
        var f = new InputFields();
        var size = f.Int("limit", limit, 1, 200, 50);
        var afterRank = 0;
        if (cursor is not null && !TryDecodeCursor(cursor, out afterRank)) f.Fail("cursor", "not a cursor this API handed out");
        if (minConfidence is { } least && !(least >= 0 && least <= 1)) f.Fail("minConfidence", "between 0 and 1"); // NaN too
        if (!f.Valid) return f.Problem();

        var board = state.Board;
        HashSet<string>? allowed = null;
        if (!string.IsNullOrEmpty(sector) || !string.IsNullOrEmpty(region))
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            allowed = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT address FROM parties WHERE (@sector = '' OR sector = @sector) AND (@region = '' OR region = @region)",
                new { sector = sector ?? "", region = region ?? "" }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        }
        if (!string.IsNullOrEmpty(category))
        {
            var inCategory = board.Categories.GetValueOrDefault(category) ?? [];
            allowed = allowed is null ? [.. inCategory] : [.. allowed.Where(inCategory.Contains)];
        }

        var page = board.Result.Ranked()
            .Where(p => p.Rank > afterRank && p.Confidence >= (minConfidence ?? 0) && (allowed is null || allowed.Contains(p.Party)))
            .Take(size + 1)
            .ToList();
        var next = page.Count > size ? EncodeCursor(page[size - 1].Rank) : null;
        if (page.Count > size) page.RemoveAt(size);
        var names = await NamesAsync(db, [.. page.Select(p => p.Party)], ct);
        return TypedResults.Ok(new RankedPage(
            [.. page.Select(p => new RankedParty(p.Party, names.GetValueOrDefault(p.Party), Math.Round(p.Score, 2), p.Rank,
                Math.Round(p.Percentile, 2), Math.Round(p.Confidence, 4)))],
            next, board.AsOfBlock, board.Result.SybilResistant));
    }

    private static async Task<Dictionary<string, string>> NamesAsync(Database db, IReadOnlyList<string> addresses, CancellationToken ct)
    {
        if (addresses.Count == 0) return [];
        await using var connection = await db.OpenConnectionAsync(ct);
        var sql = db.Kind == DatabaseKind.Postgres
            ? "SELECT address, name FROM parties WHERE address = ANY(@addresses)"
            : "SELECT address, name FROM parties WHERE address IN @addresses";
        var rows = await connection.QueryAsync<(string Address, string Name)>(new CommandDefinition(
            sql, new { addresses = addresses.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Address, r => r.Name, StringComparer.Ordinal);
    }

    private static string EncodeCursor(int rank) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"r1:{rank.ToString(CultureInfo.InvariantCulture)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeCursor(string cursor, out int rank)
    {
        rank = 0;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("r1:", StringComparison.Ordinal)
                   && int.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out rank);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

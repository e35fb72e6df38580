using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relationships;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Api.Relationships;

/// <summary>A party's relationships: how strong each is, which are at risk and why, as JSON or a CRM-ready CSV.</summary>
public static class RelationshipsApi
{
    public static void MapRelationships(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/parties").WithTags("Relationships");
        group.MapGet("/{address}/ties", Ties)
            .Documented("A party's relationships: strength, kind, and which are at risk, with why and a next step",
                "Every party the address has a tie with (either direction, evidence in force as of `asOfBlock`), strongest first. `strength` 0..1 is the documented formula of docs/relationships.md (recency with the score's half-life, frequency, reciprocity, ratings, confirmations); `kind` bonding, bridging or linking by the score's own rule, or negative. `risks` names fading, one-sided (including a proposed event never confirmed) and turning-negative ties. A party without ties gets an empty list, not 404.")
            .Produces<PartyTiesView>();
        group.MapGet("/{address}/ties.csv", TiesCsv)
            .Documented("The same relationships as a CSV a CRM imports (HubSpot companies, Salesforce accounts)",
                "One row per relationship: Name, Website, Industry, Region (the partner's profile), Wallet Address, Tie Kind, Relationship Strength, Last Evidence (ISO 8601 date), At Risk (true/false), At Risk Reason, Next Step. RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with an apostrophe.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        group.MapGet("/{address}/changes", Changes)
            .Documented("What changed for a party, snapshot epoch by snapshot epoch",
                "Per recorded epoch after `since` (default 0: from the first), newest first, at most `limit` (1..50, default 12): score and rank with their change from the previous epoch (rank change negative = moved up), new and lapsed ties, the change in bonding/bridging/linking shares, betweenness, eigenvector centrality and effective size, the new structural holes it spans (two partners in different groups not tied to each other), and a plain summary. Epochs are recorded once a snapshot is published (docs/relationships.md). An empty list when the party is in no recorded epoch yet.")
            .Produces<PartyChangesView>();
    }

    private static async Task<IResult> Changes(string address, string? since, string? limit, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        var after = f.Int("since", since, 0, int.MaxValue, 0);
        var count = f.Int("limit", limit, 1, 50, 12);
        if (!f.Valid) return f.Problem();
        await using var connection = await db.OpenConnectionAsync(ct);
        var history = await RelationshipEpochs.HistoryAsync(connection, address, after, count, ct);
        var cards = await PartyCards.LookupAsync(connection, history.SelectMany(h => h.PartnerList).Append(address), ct);
        var changes = await PartyChanges.SinceAsync(connection, address, after, count, cards.Display, ct);
        string? Name(string a) => cards.GetValueOrDefault(a)?.Name;
        return TypedResults.Ok(new PartyChangesView(address, Name(address), after,
            [.. changes.Select(c => new EpochChangeView(c,
                [.. c.NewTies.Select(t => new NamedParty(t, Name(t)))], [.. c.LostTies.Select(t => new NamedParty(t, Name(t)))],
                [.. c.NewStructuralHoles.Select(h => new NamedPair(new NamedParty(h.A, Name(h.A)), new NamedParty(h.B, Name(h.B))))]))]));
    }

    private static async Task<IResult> Ties(string address, ReputationState state, Database db, IOptions<ReputationSettings> reputation,
        IOptions<RelationshipSettings> settings, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        if (!f.Valid) return f.Problem();
        return TypedResults.Ok(await ComputeAsync(address, state.Board, db, reputation.Value, settings.Value, ct));
    }

    private static async Task<IResult> TiesCsv(string address, ReputationState state, Database db, IOptions<ReputationSettings> reputation,
        IOptions<RelationshipSettings> settings, HttpContext http, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        if (!f.Valid) return f.Problem();
        var view = await ComputeAsync(address, state.Board, db, reputation.Value, settings.Value, ct);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"ties-{address}-block-{view.AsOfBlock}.csv\"";
        return TypedResults.Text(TieCsv.Write(view.Ties), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The party's ties from the board every read serves, named from the profiles.</summary>
    public static async Task<PartyTiesView> ComputeAsync(string address, ReputationBoard board, Database db, ReputationSettings reputation,
        RelationshipSettings settings, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var open = await OpenProposals.InvolvingAsync(connection, address, board.Result.AsOf, ct);
        var profiles = await PartyCards.LookupAsync(connection, RelationshipIndex.For(board).PartnersOf(address).Append(address), ct);
        var ties = PartyTies.For(board, address, reputation.HalfLifeDays, settings, open, profiles.Display);
        var views = ties.Select(t =>
        {
            var p = profiles.GetValueOrDefault(t.Counterparty);
            return new TieView(t.Counterparty, p?.Name, p?.Website ?? "", p?.Sector ?? "", p?.Region ?? "",
                t.Kind, t.Strength, t.StrengthLabel, t.Direction, t.Evidence, t.Confirmed, t.Complaints, t.AverageStars,
                t.LastEvidenceTime, DateTimeOffset.FromUnixTimeSeconds(t.LastEvidenceTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                t.AtRisk, t.Risks, t.Summary);
        }).ToList();
        return new PartyTiesView(address, profiles.GetValueOrDefault(address)?.Name, board.AsOfBlock, board.Result.AsOf,
            views.Count(v => v.AtRisk), reputation.HalfLifeDays, Math.Round(reputation.HalfLifeDays * settings.FadingShareOfHalfLife, 2), views);
    }
}

/// <summary>Ties as RFC 4180 CSV with headers HubSpot and Salesforce map on their own (docs/relationships.md).</summary>
public static class TieCsv
{
    public static readonly string[] Header =
        ["Name", "Website", "Industry", "Region", "Wallet Address", "Tie Kind", "Relationship Strength", "Last Evidence", "At Risk", "At Risk Reason", "Next Step"];

    public static string Write(IEnumerable<TieView> ties)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var t in ties)
        {
            string[] row =
            [
                t.Name ?? t.Address, t.Website, t.Sector, t.Region, t.Address, t.Kind,
                t.Strength.ToString("0.####", CultureInfo.InvariantCulture), t.LastEvidence, t.AtRisk ? "true" : "false",
                string.Join("; ", t.Risks.Select(r => r.Why)), string.Join("; ", t.Risks.Select(r => r.NextStep)),
            ];
            csv.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>Quotes when needed; neutralises a leading = + - @ (or tab/CR) so a spreadsheet shows text rather than running a formula.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

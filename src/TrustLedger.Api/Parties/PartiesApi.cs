using Dapper;
using Microsoft.AspNetCore.Mvc;
using TrustLedger.Api.Auth;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Parties;

public sealed record PartyProfile(string Address, string Name, string Sector, string Region, string Website, string UpdatedAt);

public sealed record PartyProfileUpdate(string? Name, string? Sector, string? Region, string? Website);

/// <summary>Off-chain profiles (name, sector, region, website), readable by anyone, edited by their owner.</summary>
public static class PartiesApi
{
    public static RouteGroupBuilder MapParties(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/parties").WithTags("Parties");
        group.MapGet("/{address}", Get)
            .Documented("A party's profile", "Name, sector, region and website as the party wrote them (off chain; reputation is on chain, under /v1/reputation).")
            .Produces<PartyProfile>().WithProblems("not-found");
        group.MapPut("/{address}", Put).RequireSelf("address")
            .Documented("Create or update your own profile",
                "Only the address itself, signed in, writes its profile (403 not-self). `name` is required (at most 120 characters), `sector` and `region` at most 80, `website` an http(s) URL of at most 200; no control characters. Answers the stored profile.")
            .Produces<PartyProfile>().WithProblems("invalid-address", "not-self")
            .WithRequestExample(new PartyProfileUpdate("Acme Logistics", "logistics", "EU-West", "https://acme.example"));
        group.MapGet("/", Search)
            .Documented("Find parties by name, sector or region",
                "`q` matches a part of the name (case-insensitive) or an exact address; `sector` and `region` match exactly. At most 100, by name.")
            .Produces<List<PartyProfile>>();
        return group;
    }

    public const string SelectProfile = "SELECT address, name, sector, region, website, updated_at AS UpdatedAt FROM parties";

    private static async Task<IResult> Get(string address, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        if (!f.Valid) return f.Problem();
        await using var connection = await db.OpenConnectionAsync(ct);
        var profile = await connection.QuerySingleOrDefaultAsync<PartyProfile>(new CommandDefinition(
            $"{SelectProfile} WHERE address = @address", new { address }, cancellationToken: ct));
        return profile is null ? Problems.NotFound($"no profile for {address}") : TypedResults.Ok(profile);
    }

    private static async Task<IResult> Put(string address, [FromBody] PartyProfileUpdate update, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        address = f.Address("address", address);
        var name = f.Text("name", update.Name?.Trim(), 120, required: true);
        var sector = f.Text("sector", update.Sector?.Trim(), 80);
        var region = f.Text("region", update.Region?.Trim(), 80);
        var website = f.Text("website", update.Website?.Trim(), 200);
        if (website.Length > 0 && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            f.Fail("website", "not an http(s) URL");
        if (!f.Valid) return f.Problem();
        const string upsert = """
            INSERT INTO parties (address, name, sector, region, website, updated_at)
            VALUES (@address, @name, @sector, @region, @website, @now)
            ON CONFLICT (address) DO UPDATE SET name = excluded.name, sector = excluded.sector, region = excluded.region,
                website = excluded.website, updated_at = excluded.updated_at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var now = DateTimeOffset.UtcNow.ToString("O");
        await connection.ExecuteAsync(new CommandDefinition(upsert, new { address, name, sector, region, website, now }, cancellationToken: ct));
        return TypedResults.Ok(new PartyProfile(address, name, sector, region, website, now));
    }

    private static async Task<IResult> Search(string? q, string? sector, string? region, Database db, CancellationToken ct)
    {
        var f = new InputFields();
        var text = f.Text("q", q?.Trim(), 120);
        if (!f.Valid) return f.Problem();
        const string sql = $"""
            {SelectProfile}
            WHERE (@text = '' OR lower(name) LIKE @pattern OR address = lower(@text))
              AND (@sector = '' OR sector = @sector) AND (@region = '' OR region = @region)
            ORDER BY lower(name), address
            LIMIT 100
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<PartyProfile>(new CommandDefinition(sql, new
        {
            text, pattern = "%" + text.ToLowerInvariant().Replace("%", "").Replace("_", "") + "%", sector = sector ?? "", region = region ?? "",
        }, cancellationToken: ct));
        return TypedResults.Ok(rows.AsList());
    }
}

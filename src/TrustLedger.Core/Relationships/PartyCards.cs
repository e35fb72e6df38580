using System.Data.Common;
using Dapper;

namespace TrustLedger.Core.Relationships;

/// <summary>What a party wrote about itself (its off-chain profile), as relationship answers show it.</summary>
public sealed record PartyCard(string Address, string Name, string Sector, string Region, string Website);

/// <summary>Profiles of many parties at once, so answers show names where they would show addresses.</summary>
public static class PartyCards
{
    /// <summary>Address -> profile, for those of <paramref name="addresses"/> that wrote one.</summary>
    public static async Task<Dictionary<string, PartyCard>> LookupAsync(DbConnection connection, IEnumerable<string> addresses, CancellationToken ct)
    {
        var cards = new Dictionary<string, PartyCard>(StringComparer.Ordinal);
        foreach (var chunk in addresses.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            // Named parameters, not Dapper's list expansion: Npgsql would receive the list as one array parameter.
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++) parameters.Add($"a{i}", chunk[i]);
            var sql = $"SELECT address, name, sector, region, website FROM parties WHERE address IN ({string.Join(", ", chunk.Select((_, i) => $"@a{i}"))})";
            foreach (var card in await connection.QueryAsync<PartyCard>(new CommandDefinition(sql, parameters, cancellationToken: ct)))
                cards[card.Address] = card;
        }
        return cards;
    }

    /// <summary>"Acme Logistics", or a shortened address when the party has no profile.</summary>
    public static string Display(this IReadOnlyDictionary<string, PartyCard> cards, string address) =>
        cards.TryGetValue(address, out var c) && c.Name.Length > 0 ? c.Name : $"{address[..6]}…{address[^4..]}";
}

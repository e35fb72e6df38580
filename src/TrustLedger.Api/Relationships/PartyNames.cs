using System.Data.Common;
using Dapper;
using TrustLedger.Api.Parties;

namespace TrustLedger.Api.Relationships;

/// <summary>Profiles of many parties at once, so answers show names where they would show addresses.</summary>
public static class PartyNames
{
    /// <summary>Address -> profile, for those of <paramref name="addresses"/> that wrote one (chunked to stay under parameter limits).</summary>
    public static async Task<Dictionary<string, PartyProfile>> LookupAsync(DbConnection connection, IEnumerable<string> addresses, CancellationToken ct)
    {
        var profiles = new Dictionary<string, PartyProfile>(StringComparer.Ordinal);
        foreach (var chunk in addresses.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            // Named parameters, not Dapper's list expansion: Npgsql would get the list as one array parameter.
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++) parameters.Add($"a{i}", chunk[i]);
            var names = string.Join(", ", chunk.Select((_, i) => $"@a{i}"));
            var rows = await connection.QueryAsync<PartyProfile>(new CommandDefinition(
                $"{PartiesApi.SelectProfile} WHERE address IN ({names})", parameters, cancellationToken: ct));
            foreach (var p in rows) profiles[p.Address] = p;
        }
        return profiles;
    }

    /// <summary>"Acme Logistics", or a short address when the party has no profile.</summary>
    public static string Display(this IReadOnlyDictionary<string, PartyProfile> profiles, string address) =>
        profiles.TryGetValue(address, out var p) && p.Name.Length > 0 ? p.Name : $"{address[..6]}…{address[^4..]}";
}

using System.Data.Common;
using System.Globalization;

namespace TrustLedger.Core.Relationships;

/// <summary>Two partners of a party who are in different groups and not tied to each other: the party is their only bridge.</summary>
public sealed record StructuralHole(string A, string B);

/// <summary>
/// What changed for a party from the previous recorded epoch to <see cref="Epoch"/> (the first epoch it appears in
/// compares with nothing: all its ties are new). Deltas are this epoch minus the previous; shares are 0..1.
/// </summary>
public sealed record EpochChange(
    long Epoch, long? PreviousEpoch, long AsOfBlock, long AsOfTime,
    double Score, double ScoreChange, long Rank, long RankChange,
    IReadOnlyList<string> NewTies, IReadOnlyList<string> LostTies,
    double BondingShareChange, double BridgingShareChange, double LinkingShareChange,
    double BetweennessChange, double EigenvectorChange, double EffectiveSizeChange,
    IReadOnlyList<StructuralHole> NewStructuralHoles, string Summary);

/// <summary>A party's changes per snapshot epoch, from the standings <see cref="RelationshipEpochs"/> recorded.</summary>
public static class PartyChanges
{
    /// <summary>Most partners whose pairs are checked for structural holes (pairs grow with the square).</summary>
    public const int MaxPartnersForHoles = 60;

    /// <param name="nameOf">how to name a party in the summary</param>
    public static async Task<IReadOnlyList<EpochChange>> SinceAsync(DbConnection c, string party, long since, int limit,
        Func<string, string> nameOf, CancellationToken ct)
    {
        var history = await RelationshipEpochs.HistoryAsync(c, party, since, limit, ct);
        var changes = new List<EpochChange>();
        for (int i = 0; i < history.Count; i++)
        {
            var now = history[i];
            if (now.Epoch <= since) continue; // the one before the window: only compared with
            var before = i > 0 ? history[i - 1] : null;
            var partnersNow = now.PartnerList.ToHashSet(StringComparer.Ordinal);
            var partnersBefore = before?.PartnerList.ToHashSet(StringComparer.Ordinal) ?? [];
            var gained = partnersNow.Except(partnersBefore).Order(StringComparer.Ordinal).ToList();
            var lost = partnersBefore.Except(partnersNow).Order(StringComparer.Ordinal).ToList();
            var holesNow = await HolesAsync(c, now, ct);
            var holesBefore = before is null ? [] : await HolesAsync(c, before, ct);
            var newHoles = holesNow.Except(holesBefore).Take(10).ToList();
            double score = now.Score - (before?.Score ?? 0);
            long rank = before is null ? 0 : now.Rank - before.Rank;
            changes.Add(new EpochChange(now.Epoch, before?.Epoch, now.AsOfBlock, now.AsOfTime,
                now.Score, Math.Round(score, 2), now.Rank, rank, gained, lost,
                Math.Round(now.Bonding - (before?.Bonding ?? 0), 4), Math.Round(now.Bridging - (before?.Bridging ?? 0), 4),
                Math.Round(now.Linking - (before?.Linking ?? 0), 4), now.Betweenness - (before?.Betweenness ?? 0),
                now.Eigenvector - (before?.Eigenvector ?? 0), Math.Round(now.EffectiveSize - (before?.EffectiveSize ?? 0), 4),
                newHoles, Summary(now, before, gained, lost, newHoles, nameOf)));
        }
        changes.Reverse(); // newest first
        return changes;
    }

    /// <summary>Pairs of the party's partners in different communities with no tie between them, in one epoch.</summary>
    private static async Task<HashSet<StructuralHole>> HolesAsync(DbConnection c, Standing s, CancellationToken ct)
    {
        var partners = s.PartnerList.Take(MaxPartnersForHoles).ToList();
        var holes = new HashSet<StructuralHole>();
        if (partners.Count < 2) return holes;
        var standings = await RelationshipEpochs.InEpochAsync(c, s.Epoch, partners, ct);
        for (int i = 0; i < partners.Count; i++)
        for (int j = i + 1; j < partners.Count; j++)
        {
            if (!standings.TryGetValue(partners[i], out var a) || !standings.TryGetValue(partners[j], out var b)) continue;
            if (a.Community != b.Community && !a.PartnerList.Contains(b.Party)) holes.Add(new StructuralHole(a.Party, b.Party));
        }
        return holes;
    }

    private static string Summary(Standing now, Standing? before, List<string> gained, List<string> lost, List<StructuralHole> holes, Func<string, string> nameOf)
    {
        var parts = new List<string>();
        if (before is null) parts.Add(string.Create(CultureInfo.InvariantCulture, $"First snapshot with you in it: score {now.Score:0.#}, rank {now.Rank}."));
        else
        {
            var d = now.Score - before.Score;
            parts.Add(Math.Abs(d) < 0.05
                ? string.Create(CultureInfo.InvariantCulture, $"Your score held at {now.Score:0.#}.")
                : string.Create(CultureInfo.InvariantCulture, $"Your score {(d > 0 ? "rose" : "fell")} {Math.Abs(d):0.#} points to {now.Score:0.#} (rank {before.Rank} → {now.Rank})."));
        }
        if (gained.Count > 0) parts.Add($"New relationships: {Names(gained, nameOf)}.");
        if (lost.Count > 0) parts.Add($"Relationships that lapsed: {Names(lost, nameOf)}.");
        if (holes.Count > 0)
            parts.Add(holes.Count == 1 ? "You are now the only link between two groups you work with."
                : $"You are now the only link between groups in {holes.Count} places.");
        return string.Join(' ', parts);
    }

    private static string Names(List<string> parties, Func<string, string> nameOf) =>
        string.Join(", ", parties.Take(5).Select(nameOf)) + (parties.Count > 5 ? $" and {parties.Count - 5} more" : "");
}

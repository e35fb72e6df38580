using TrustLedger.Core.Relationships;

namespace TrustLedger.Api.Relationships;

/// <summary>A relationship as the owner sees it: who (name and profile when the partner wrote one) and how it stands.</summary>
public sealed record TieView(
    string Address, string? Name, string Website, string Sector, string Region,
    string Kind, double Strength, string StrengthLabel, string Direction,
    int Evidence, int Confirmed, int Complaints, double? AverageStars, long LastEvidenceTime, string LastEvidence,
    bool AtRisk, IReadOnlyList<TieRisk> Risks, string Summary);

/// <summary>All of a party's relationships as of one board; empty (not 404) for a party nobody has a tie with yet.</summary>
public sealed record PartyTiesView(string Address, string? Name, long AsOfBlock, long AsOfTime, int AtRisk,
    double HalfLifeDays, double FadingAfterDays, IReadOnlyList<TieView> Ties);

public sealed record NamedParty(string Address, string? Name);

public sealed record NamedPair(NamedParty A, NamedParty B);

/// <summary>One epoch's changes, with names for the parties in it.</summary>
public sealed record EpochChangeView(
    long Epoch, long? PreviousEpoch, long AsOfBlock, long AsOfTime, double Score, double ScoreChange, long Rank, long RankChange,
    IReadOnlyList<NamedParty> NewTies, IReadOnlyList<NamedParty> LostTies,
    double BondingShareChange, double BridgingShareChange, double LinkingShareChange,
    double BetweennessChange, double EigenvectorChange, double EffectiveSizeChange,
    IReadOnlyList<NamedPair> NewStructuralHoles, string Summary)
{
    public EpochChangeView(EpochChange c, IReadOnlyList<NamedParty> newTies, IReadOnlyList<NamedParty> lostTies, IReadOnlyList<NamedPair> holes)
        : this(c.Epoch, c.PreviousEpoch, c.AsOfBlock, c.AsOfTime, c.Score, c.ScoreChange, c.Rank, c.RankChange, newTies, lostTies,
            c.BondingShareChange, c.BridgingShareChange, c.LinkingShareChange, c.BetweennessChange, c.EigenvectorChange, c.EffectiveSizeChange,
            holes, c.Summary) { }
}

/// <summary>A party's changes per snapshot epoch, newest first.</summary>
public sealed record PartyChangesView(string Address, string? Name, long Since, IReadOnlyList<EpochChangeView> Changes);

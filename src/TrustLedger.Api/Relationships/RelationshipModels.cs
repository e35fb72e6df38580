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

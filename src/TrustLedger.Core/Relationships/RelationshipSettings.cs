namespace TrustLedger.Core.Relationships;

/// <summary>Configuration section "Relationships": when a tie counts as at risk.</summary>
public sealed class RelationshipSettings
{
    public const string Section = "Relationships";

    /// <summary>
    /// A tie is fading when its newest evidence is older than this share of the reputation half-life
    /// (Reputation:HalfLifeDays): 0.25 of 730 days is about six months, when the evidence still weighs 84%.
    /// </summary>
    public double FadingShareOfHalfLife { get; set; } = 0.25;

    /// <summary>A tie is turning negative when its newest rating is at least this many stars below the tie's earlier average.</summary>
    public double NegativeDropStars { get; set; } = 2;
}

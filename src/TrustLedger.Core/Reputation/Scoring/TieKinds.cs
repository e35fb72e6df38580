namespace TrustLedger.Core.Reputation;

/// <summary>The kind of a positive tie, from the rater's side (rater -> party); see <see cref="TieKinds.Of"/>.</summary>
public enum TieKind { Bonding, Bridging, Linking }

/// <summary>
/// The one rule that names a tie's kind, used by the score breakdown (<see cref="Contributions"/>),
/// the explanation's contributors (<see cref="ReputationResult.Explain"/>), the network graph and,
/// through those, the dashboard; nobody else classifies ties. The tie runs from the rater to the
/// party it vouches for, and the rule is directional:
///   linking  - the rater stands at least LinkingPercentileGap percentile points above the party
///              (support from a party of much higher standing: an institution, a larger player);
///   bonding  - otherwise, rater and party are in the same community;
///   bridging - otherwise (across communities).
/// A tie toward a party of higher standing is therefore not linking for the rater's own score: it
/// is the party above that lends standing, not the one below.
/// </summary>
public static class TieKinds
{
    public static TieKind Of(double raterPercentile, double partyPercentile, int raterCommunity, int partyCommunity, double linkingGap) =>
        raterPercentile - partyPercentile >= linkingGap ? TieKind.Linking
        : raterCommunity == partyCommunity ? TieKind.Bonding
        : TieKind.Bridging;

    /// <summary>The name the API and the dashboard use: bonding, bridging, linking.</summary>
    public static string Name(this TieKind kind) => kind switch
    {
        TieKind.Bonding => "bonding",
        TieKind.Bridging => "bridging",
        _ => "linking",
    };
}

using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Trust;

/// <summary>
/// A trust anchor (a seed of the reputation engine): every score is the trust that flows from the
/// anchors to a party through endorsements and confirmed trades. <see cref="Source"/> says who put
/// it there: "governed" (an admin, through the API, with a reason) or "configuration"
/// (Reputation:Seeds, the operator's deployment settings).
/// </summary>
public sealed record TrustAnchor(string Address, string Name, string Source, string? Reason, string? AddedBy, string? AddedAt);

/// <summary>
/// The seed set: the governed list (<see cref="TrustLists.Anchors"/>) together with the configured
/// seeds. The board and every snapshot read it at compute time, and a snapshot's parameters
/// document records it, so a recomputation uses exactly the set the epoch was scored with.
/// </summary>
public static class TrustAnchors
{
    public const string Governed = "governed";
    public const string Configured = "configuration";

    /// <summary>Every current anchor: governed ones with their reasons, then configured ones not also governed.</summary>
    public static async Task<IReadOnlyList<TrustAnchor>> ListAsync(Database db, IEnumerable<string> configured, CancellationToken ct)
    {
        var governed = await TrustLists.CurrentAsync(db, TrustLists.Anchors, ct);
        var anchors = governed.Select(e => new TrustAnchor(e.Subject, e.Name, Governed, e.AddedReason, e.AddedBy, e.AddedAt)).ToList();
        var listed = anchors.Select(a => a.Address).ToHashSet(StringComparer.Ordinal);
        foreach (var address in Normalize(configured).Where(a => !listed.Contains(a)))
            anchors.Add(new TrustAnchor(address, "set in the service's configuration (Reputation:Seeds)", Configured, null, null, null));
        return anchors;
    }

    /// <summary>The seed addresses: lower-case, distinct, sorted (the order the parameters document uses).</summary>
    public static async Task<string[]> SeedsAsync(Database db, IEnumerable<string> configured, CancellationToken ct)
    {
        var governed = await TrustLists.CurrentAsync(db, TrustLists.Anchors, ct);
        return Normalize(governed.Select(e => e.Subject).Concat(configured));
    }

    /// <summary>Lower-case, trimmed, distinct and sorted; entries that are no address are left out (configuration is checked at start-up).</summary>
    public static string[] Normalize(IEnumerable<string> addresses) =>
        [.. addresses.Select(a => a.Trim()).Where(a => EthAddress.TryParse(a, out _)).Select(a => a.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

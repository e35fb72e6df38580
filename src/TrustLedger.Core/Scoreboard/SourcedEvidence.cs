using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Scoreboard;

/// <summary>
/// One piece of evidence from outside our registry, with where it lives: <paramref name="Uri"/> names
/// it on its source (<c>eas:&lt;chainId&gt;:&lt;uid&gt;</c> as EAS explorers do;
/// <c>erc8004:&lt;chainId&gt;:&lt;registry&gt;:&lt;agentId&gt;:&lt;client&gt;:&lt;feedbackIndex&gt;</c>),
/// <paramref name="Url"/> opens it on the configured explorer (null without one).
/// </summary>
/// <param name="InForce">neither revoked nor expired at the board's as-of time</param>
public sealed record SourcedEvidence(
    string Source, string Contract, string Id, string Reference, string Attester, double Rating, string? Category,
    long Block, long Time, string TxHash, bool InForce, string Uri, string? Url);

/// <summary>Turns stored source edges into <see cref="SourcedEvidence"/>, newest first, per subject.</summary>
public static class SourcedEvidenceIndex
{
    /// <summary>At most this many items per party in a view (the counts stay complete in its evidence).</summary>
    public const int PerParty = 20;

    public static Dictionary<string, IReadOnlyList<SourcedEvidence>> Build(
        IEnumerable<SourceEdge> rows, long chainId, long asOf, EdgeSourceOptions links)
    {
        var eas = links.Eas.Where(e => e.ExplorerUrl is not null).ToDictionary(e => e.Contract.ToLowerInvariant(), e => e.ExplorerUrl!, StringComparer.Ordinal);
        var agents = links.Erc8004.Where(e => e.ExplorerUrl is not null).ToDictionary(e => e.Registry.ToLowerInvariant(), e => e.ExplorerUrl!, StringComparer.Ordinal);
        var bySubject = new Dictionary<string, List<SourcedEvidence>>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var inForce = r.Time <= asOf && !(r.RevokedTime <= asOf) && !(r.Expiration > 0 && r.Expiration <= asOf);
            var (uri, url) = r.Source == EasEdgeSource.Kind
                ? ($"eas:{chainId}:{r.Uid}", eas.GetValueOrDefault(r.Contract)?.Replace("{uid}", r.Uid, StringComparison.Ordinal))
                : ($"erc8004:{chainId}:{r.Contract}:{r.Uid}", agents.GetValueOrDefault(r.Contract)?.Replace("{agentId}", r.Reference, StringComparison.Ordinal));
            if (!bySubject.TryGetValue(r.Subject, out var list)) bySubject[r.Subject] = list = [];
            list.Add(new SourcedEvidence(r.Source, r.Contract, r.Uid, r.Reference, r.Attester, Math.Round(r.Rating, 4), r.Category,
                r.BlockNumber, r.Time, r.TxHash, inForce, uri, url));
        }
        return bySubject.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<SourcedEvidence>)[.. kv.Value.OrderByDescending(e => e.Block).Take(PerParty)], StringComparer.Ordinal);
    }
}

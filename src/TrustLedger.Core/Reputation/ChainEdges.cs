using System.Numerics;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Reputation;

/// <summary>
/// How attestations on chain become reputation edges: the one mapping the API, the snapshot
/// publisher and `trustledger recompute` share, so a score is a function of chain state alone.
/// <list type="bullet">
/// <item>endorsement: rating 1..5 stars, counted +1..+5 on the -5..5 scale (an endorsement vouches; complaints are reports)</item>
/// <item>reciprocity proposal (no refUID): its rating as a confirmed reciprocity edge while the registry
///   holds it confirmed (<c>isConfirmed</c>: its confirmation is neither revoked nor expired), as a
///   one-sided endorsement otherwise</item>
/// <item>reciprocity confirmation: the counterparty's rating of the proposer, a confirmed reciprocity edge
///   while the proposal it confirms stands; no edge once the proposal is revoked or expired (it was only an answer)</item>
/// <item>any other reciprocity attestation with a refUID: no edge. The registry's rule decides what a
///   confirmation is (<c>_confirms</c>: the swapped parties, a referenced attestation valid at the time, not
///   confirmed yet) and it emits <c>Confirmed</c> only then; the indexer stores that as the proposal's
///   <c>confirmed_by</c>, the only source used here. Repeats, confirmations of revoked or expired proposals and
///   answers the registry did not take are therefore not counted at all.</item>
/// <item>negative report: severity 1..5 counted -1..-5</item>
/// <item>anything else (credential anchors, foreign schemas, data that does not decode): no edge</item>
/// </list>
/// Revocation and expiry carry over; the engine drops such edges at its as-of time.
/// </summary>
public static class ChainEdges
{
    /// <summary>The scale the ratings above are on.</summary>
    public static readonly RatingScale Scale = new(-5, 5);

    /// <param name="rows">the attestations as indexed (revocations and confirmations as of the same block)</param>
    /// <param name="asOf">the engine's as-of time, when known: a confirmation expired by then no longer confirms its proposal</param>
    public static List<Edge> Map(IEnumerable<AttestationEdge> rows, long? asOf = null)
    {
        var all = rows as IReadOnlyList<AttestationEdge> ?? rows.ToList();
        var byUid = new Dictionary<string, AttestationEdge>(all.Count, StringComparer.Ordinal);
        // confirmation uid -> the attestation it confirms: only what a Confirmed event put there.
        var confirms = new Dictionary<string, AttestationEdge>(StringComparer.Ordinal);
        foreach (var row in all)
        {
            byUid[row.Uid] = row;
            if (row.ConfirmedBy is { } by) confirms[by] = row;
        }
        var edges = new List<Edge>(all.Count);
        foreach (var row in all)
        {
            if (ToEdge(row, byUid, confirms, asOf) is { } edge) edges.Add(edge);
        }
        return edges;
    }

    /// <summary>
    /// Edges of the outside sources (EAS, ERC-8004), already on our scale by their declared mapping:
    /// a positive rating is an endorsement, a negative one a negative report; revocation and expiry carry over.
    /// </summary>
    public static List<Edge> Map(IEnumerable<SourceEdge> rows) =>
    [
        .. rows.Where(r => r.Rating != 0).Select(r => new Edge(r.Attester, r.Subject, r.Rating,
            r.Rating > 0 ? EdgeKind.Endorsement : EdgeKind.NegativeReport, r.Time, r.RevokedTime, r.Expiration > 0 ? r.Expiration : null)),
    ];

    /// <summary>
    /// One row's edge, given every row by uid and each confirmation uid's proposal (what <see cref="Map(IEnumerable{AttestationEdge}, long?)"/>
    /// builds), for a caller that keeps the rows in memory and maps again only the rows a new block changed.
    /// </summary>
    public static Edge? MapOne(AttestationEdge row, IReadOnlyDictionary<string, AttestationEdge> byUid,
        IReadOnlyDictionary<string, AttestationEdge> confirms, long? asOf) => ToEdge(row, byUid, confirms, asOf);

    private static Edge? ToEdge(AttestationEdge row, IReadOnlyDictionary<string, AttestationEdge> byUid, IReadOnlyDictionary<string, AttestationEdge> confirms, long? asOf)
    {
        var schema = ProductSchemas.ByUid(row.SchemaUid);
        if (schema is null || !schema.Parsed.TryDecode(row.Data, out var fields)) return null;
        long? revoked = row.RevokedTime;
        long? expires = Expiry(row);
        if (schema == ProductSchemas.Endorsement)
        {
            var stars = (int)(BigInteger)fields["rating"]!;
            return stars is >= 1 and <= 5 ? new Edge(row.Attester, row.Subject, stars, EdgeKind.Endorsement, row.Time, revoked, expires) : null;
        }
        if (schema == ProductSchemas.NegativeReport)
        {
            var severity = (int)(BigInteger)fields["severity"]!;
            return severity is >= 1 and <= 5 ? new Edge(row.Attester, row.Subject, -severity, EdgeKind.NegativeReport, row.Time, revoked, expires) : null;
        }
        if (schema == ProductSchemas.Reciprocity)
        {
            var rating = (int)(BigInteger)fields["rating"]!;
            if (rating is < 1 or > 5) return null;
            if (row.RefUid is not null)
            {
                // An answer counts only as the confirmation the registry took, and only while what it confirms stands.
                if (!confirms.TryGetValue(row.Uid, out var proposal)) return null;
                return new Edge(row.Attester, row.Subject, rating, EdgeKind.ConfirmedReciprocity, row.Time,
                    Earliest(revoked, proposal.RevokedTime), Earliest(expires, Expiry(proposal)));
            }
            var confirmation = row.ConfirmedBy is { } by && byUid.TryGetValue(by, out var c) && InForce(c, asOf) ? c : null;
            // Confirmed from the confirmation's time on, until either side ends; a one-sided claim otherwise.
            return confirmation is null
                ? new Edge(row.Attester, row.Subject, rating, EdgeKind.Endorsement, row.Time, revoked, expires)
                : new Edge(row.Attester, row.Subject, rating, EdgeKind.ConfirmedReciprocity, Math.Max(row.Time, confirmation.Time), revoked,
                    Earliest(expires, Expiry(confirmation)));
        }
        return null;
    }

    private static long? Expiry(AttestationEdge row) => row.Expiration > 0 ? row.Expiration : null;

    /// <summary>Not revoked (as of the rows' block) and, when the as-of time is known, not expired by then: the registry's isValid.</summary>
    private static bool InForce(AttestationEdge row, long? asOf) => !row.Revoked && (asOf is null || row.Expiration == 0 || row.Expiration > asOf);

    private static long? Earliest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}

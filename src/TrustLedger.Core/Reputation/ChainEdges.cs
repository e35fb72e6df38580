using System.Numerics;
using TrustLedger.Core.Attestations;

namespace TrustLedger.Core.Reputation;

/// <summary>
/// How attestations on chain become reputation edges: the one mapping the API, the snapshot
/// publisher and `trustledger recompute` share, so a score is a function of chain state alone.
/// <list type="bullet">
/// <item>endorsement: rating 1..5 stars, counted +1..+5 on the -5..5 scale (an endorsement vouches; complaints are reports)</item>
/// <item>reciprocity proposal: its rating as a confirmed reciprocity edge once the counterparty confirmed it
///   (a valid attestation back with refUID = its uid), as a one-sided endorsement until then</item>
/// <item>reciprocity confirmation: the counterparty's rating of the proposer, a confirmed reciprocity edge</item>
/// <item>negative report: severity 1..5 counted -1..-5</item>
/// <item>anything else (credential anchors, foreign schemas, data that does not decode): no edge</item>
/// </list>
/// Revocation and expiry carry over; the engine drops such edges at its as-of time.
/// </summary>
public static class ChainEdges
{
    /// <summary>The scale the ratings above are on.</summary>
    public static readonly RatingScale Scale = new(-5, 5);

    public static List<Edge> Map(IEnumerable<AttestationEdge> rows)
    {
        var all = rows as IReadOnlyList<AttestationEdge> ?? rows.ToList();
        var byUid = new Dictionary<string, AttestationEdge>(all.Count, StringComparer.Ordinal);
        foreach (var row in all) byUid[row.Uid] = row;
        var edges = new List<Edge>(all.Count);
        foreach (var row in all)
        {
            if (ToEdge(row, byUid) is { } edge) edges.Add(edge);
        }
        return edges;
    }

    private static Edge? ToEdge(AttestationEdge row, Dictionary<string, AttestationEdge> byUid)
    {
        var schema = ProductSchemas.ByUid(row.SchemaUid);
        if (schema is null || !schema.Parsed.TryDecode(row.Data, out var fields)) return null;
        long? revoked = row.RevokedTime;
        long? expires = row.Expiration > 0 ? row.Expiration : null;
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
            var isConfirmation = row.RefUid is { } refUid && byUid.TryGetValue(refUid, out var proposal)
                && proposal.SchemaUid == row.SchemaUid && proposal.Attester == row.Subject && proposal.Subject == row.Attester;
            if (isConfirmation)
                return new Edge(row.Attester, row.Subject, rating, EdgeKind.ConfirmedReciprocity, row.Time, revoked, expires);
            var confirmation = row.ConfirmedBy is { } by && byUid.TryGetValue(by, out var c) && !c.Revoked ? c : null;
            // Confirmed from the confirmation's time on; before that (or if it is revoked) a one-sided claim.
            return confirmation is null
                ? new Edge(row.Attester, row.Subject, rating, EdgeKind.Endorsement, row.Time, revoked, expires)
                : new Edge(row.Attester, row.Subject, rating, EdgeKind.ConfirmedReciprocity, Math.Max(row.Time, confirmation.Time), revoked, expires);
        }
        return null;
    }
}

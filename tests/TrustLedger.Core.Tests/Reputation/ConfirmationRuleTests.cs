using TrustLedger.Core.Attestations;
using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>
/// Issue 14, points 7 and 8, at unit level: <see cref="ChainEdges"/> counts a reciprocity answer as a
/// confirmation only when the registry took it (its Confirmed event, stored as the proposal's
/// confirmed_by) and while the proposal stands; <see cref="TieKinds.Of"/> is directional.
/// </summary>
public class ConfirmationRuleTests
{
    private const string Proposer = "0x1111111111111111111111111111111111111111";
    private const string Partner = "0x2222222222222222222222222222222222222222";

    private static AttestationEdge Reciprocity(string uid, string attester, string subject, long time, string? refUid = null,
        string? confirmedBy = null, long? revokedTime = null, long expiration = 0) => new()
    {
        Uid = uid, Attester = attester, Subject = subject, SchemaUid = ProductSchemas.Reciprocity.Uid, Time = time, BlockNumber = time,
        Data = ProductSchemas.Reciprocity.Parsed.Encode(ProductSchemas.ToBytes32("delivery")!, (byte)5, "PO-1"),
        RefUid = refUid, ConfirmedBy = confirmedBy, RevokedTime = revokedTime, Expiration = expiration,
    };

    private static string Uid(int n) => "0x" + n.ToString("x64");

    private static Edge[] Confirmed(IEnumerable<Edge> edges) => [.. edges.Where(e => e.Kind == EdgeKind.ConfirmedReciprocity)];

    [Fact]
    public void ARepeatedConfirmation_TheRegistryDidNotTake_IsNoEdge()
    {
        var edges = ChainEdges.Map([
            Reciprocity(Uid(1), Proposer, Partner, 100, confirmedBy: Uid(2)),
            Reciprocity(Uid(2), Partner, Proposer, 110, refUid: Uid(1)),
            Reciprocity(Uid(3), Partner, Proposer, 120, refUid: Uid(1)), // the same answer again: no Confirmed event
        ], asOf: 200);

        var confirmed = Confirmed(edges);
        Assert.Equal(2, confirmed.Length);
        Assert.Single(confirmed, e => e.Source == Partner);
        Assert.DoesNotContain(edges, e => e.Time == 120);
    }

    [Fact]
    public void AnAnswerToARevokedProposal_IsNoEdge_AndTheProposalNoConfirmedTie()
    {
        var edges = ChainEdges.Map([
            Reciprocity(Uid(1), Proposer, Partner, 100, revokedTime: 105),
            Reciprocity(Uid(2), Partner, Proposer, 110, refUid: Uid(1)), // after the revocation: the registry emitted no Confirmed
        ], asOf: 200);

        Assert.Empty(Confirmed(edges));
        Assert.DoesNotContain(edges, e => e.Source == Partner);
    }

    [Fact]
    public void AnAnswerToAnExpiredProposal_IsNoEdge()
    {
        var edges = ChainEdges.Map([
            Reciprocity(Uid(1), Proposer, Partner, 100, expiration: 105),
            Reciprocity(Uid(2), Partner, Proposer, 110, refUid: Uid(1)),
        ], asOf: 200);

        Assert.Empty(Confirmed(edges));
        Assert.DoesNotContain(edges, e => e.Source == Partner);
    }

    [Fact]
    public void ATakenConfirmation_EndsWithTheProposal_ItConfirms()
    {
        var edges = ChainEdges.Map([
            Reciprocity(Uid(1), Proposer, Partner, 100, confirmedBy: Uid(2), revokedTime: 150),
            Reciprocity(Uid(2), Partner, Proposer, 110, refUid: Uid(1)),
        ], asOf: 200);

        var answer = Assert.Single(edges, e => e.Source == Partner);
        Assert.Equal(EdgeKind.ConfirmedReciprocity, answer.Kind);
        Assert.Equal(150, answer.RevokedAt);
    }

    [Theory]
    [InlineData(90, 10, 0, 1, TieKind.Linking)]   // the rater stands far above the party: it lends standing
    [InlineData(10, 90, 0, 1, TieKind.Bridging)]  // the reverse is not linking (the graph once said so)
    [InlineData(10, 90, 2, 2, TieKind.Bonding)]
    [InlineData(60, 40, 3, 3, TieKind.Bonding)]
    public void TieKind_IsNamedFromTheRatersSide(double rater, double party, int raterCommunity, int partyCommunity, TieKind expected)
    {
        Assert.Equal(expected, TieKinds.Of(rater, party, raterCommunity, partyCommunity, linkingGap: 40));
    }
}

using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>How the kinds of attestation weigh: confirmed two-sided events, mutual praise, complaints.</summary>
public class EdgeKindTests
{
    private static readonly ReputationOptions Seeded = new() { Seeds = ["seed"], NetworkMetrics = false };

    [Fact]
    public void ConfirmedReciprocity_WeighsTwiceAnEndorsement_FromTheSameRater()
    {
        Edge[] edges =
        [
            new("seed", "rater", 10),
            new("rater", "endorsed", 6, EdgeKind.Endorsement),
            new("rater", "traded", 6, EdgeKind.ConfirmedReciprocity),
        ];
        var result = ReputationEngine.Compute(edges, Seeded);
        double endorsed = result.Explain("endorsed").TopContributors.Single().Amount;
        double traded = result.Explain("traded").TopContributors.Single().Amount;
        Assert.Equal(2 * endorsed, traded);
    }

    [Fact]
    public void MutualEndorsements_AreDiscounted_ButAConfirmedTradeBetweenTheSamePartiesIsNot()
    {
        Edge[] Pair(EdgeKind kind) => [new("seed", "a", 10), new("a", "b", 8, kind), new("b", "a", 8, kind)];
        double mutualPraise = ReputationEngine.Compute(Pair(EdgeKind.Endorsement), Seeded)["b"].Trust;
        double confirmedTrade = ReputationEngine.Compute(Pair(EdgeKind.ConfirmedReciprocity), Seeded)["b"].Trust;
        double oneSided = ReputationEngine.Compute([new("seed", "a", 10), new("a", "b", 8), new("b", "seed", 8)], Seeded)["b"].Trust;

        Assert.True(mutualPraise < oneSided, $"mutual {mutualPraise} vs one-sided {oneSided}");
        Assert.True(confirmedTrade > mutualPraise, $"confirmed {confirmedTrade} vs mutual {mutualPraise}");
    }

    [Fact]
    public void NegativeReport_CountsAsDistrust_WhateverTheSignOfItsRating()
    {
        Edge[] edges =
        [
            new("seed", "rater", 10),
            new("seed", "target", 10),
            new("rater", "other", 10),
            new("rater", "target", 7, EdgeKind.NegativeReport),
        ];
        var result = ReputationEngine.Compute(edges, Seeded);
        var target = result["target"];
        Assert.True(target.Distrust > 0);
        Assert.Equal(Math.Max(0, target.Trust - target.Distrust), target.NetTrust);
        Assert.Equal("rater", result.Explain("target").TopDetractors.Single().Party);
    }
}

using TrustLedger.Core.Relationships;

namespace TrustLedger.Core.Tests.Relationships;

/// <summary>The documented formula (docs/relationships.md), term by term.</summary>
public sealed class TieStrengthTests
{
    private const double HalfLife = 730 * 86400.0;

    [Fact]
    public void FreshFrequentMutualTopRatedConfirmedEvidence_NearsOne()
    {
        var x = new TieStrength.Inputs(Evidence: 18, Mutual: true, MeanRating: 1, Confirmed: 18, AgeSeconds: 0, HalfLifeSeconds: HalfLife);
        Assert.Equal(0.3 * 0.9 + 0.2 + 0.3 + 0.2, TieStrength.Of(x), 12);
        Assert.Equal("strong", TieStrength.Label(TieStrength.Of(x)));
    }

    [Fact]
    public void EvidenceOneHalfLifeOld_CountsHalf()
    {
        var fresh = new TieStrength.Inputs(3, true, 0.6, 1, 0, HalfLife);
        var old = fresh with { AgeSeconds = HalfLife };
        Assert.Equal(TieStrength.Of(fresh) / 2, TieStrength.Of(old), 12);
    }

    [Fact]
    public void OneSidedSingleEndorsement_IsWeakerThanTheSameMutual_ByTheReciprocityWeight()
    {
        var oneSided = new TieStrength.Inputs(1, false, 1, 0, 0, HalfLife);
        var mutual = oneSided with { Mutual = true };
        Assert.Equal(0.3 / 3 + 0.3, TieStrength.Of(oneSided), 12); // frequency 1/3, rating 1
        Assert.Equal(0.2, TieStrength.Of(mutual) - TieStrength.Of(oneSided), 12);
    }

    [Fact]
    public void ComplaintsOnly_RateZero_AndNoEvidenceIsZero()
    {
        Assert.Equal(0.3 * (1 / 3.0), TieStrength.Of(new TieStrength.Inputs(1, false, -1, 0, 0, HalfLife)), 12);
        Assert.Equal(0, TieStrength.Of(new TieStrength.Inputs(0, false, 0, 0, 0, HalfLife)));
    }

    [Fact]
    public void Explanation_SaysWhatTheStrengthRestsOn_InWords()
    {
        var x = new TieStrength.Inputs(2, true, 0.8, 1, 3 * 86400, HalfLife);
        var text = TieStrength.Explain(x, "Bravo Freight", TieStrength.Of(x));
        Assert.StartsWith("Strong relationship with Bravo Freight (", text);
        Assert.Contains("2 records, the latest 3 days ago, you vouch for each other, 1 trade confirmed by both sides.", text);
    }
}

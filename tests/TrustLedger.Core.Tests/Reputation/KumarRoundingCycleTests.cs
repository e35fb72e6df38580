using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>
/// Plain Kumar below its rounding floor never meets the tolerance and falls into an exact floating-point
/// cycle; the engine stops early there, and must return the very bits that running every round gives.
/// </summary>
public class KumarRoundingCycleTests
{
    private static readonly Lazy<ReputationGraph> Alpha = new(() => ReputationGraph.Build(TestData.BitcoinAlpha, new ReputationOptions()));

    [Theory]
    [InlineData(600)]
    [InlineData(601)]
    [InlineData(602)]
    [InlineData(603)]
    public void BelowTheRoundingFloor_StopsEarly_WithTheBitsOfEveryRound(int maxIterations)
    {
        const double unreachable = 1e-300; // the change settles at rounding noise, far above this, yet never 0
        var (goodness, fairness, rounds) = KumarSignals.Plain(Alpha.Value, unreachable, maxIterations, threads: 2);
        var (allGoodness, allFairness, allRounds) = KumarSignals.Plain(Alpha.Value, unreachable, maxIterations, threads: 2, shortcutCycles: false);

        Assert.Equal(maxIterations, allRounds);
        Assert.True(rounds < maxIterations / 2, $"ran {rounds} of {maxIterations} rounds: no cycle was detected");
        Assert.Equal(Bits(allGoodness), Bits(goodness));
        Assert.Equal(Bits(allFairness), Bits(fairness));
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}

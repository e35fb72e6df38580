namespace TrustLedger.Core.Reputation;

/// <summary>
/// Weights for a pull over the graph's own in-CSR (<see cref="ReputationGraph.InStart"/>, <see cref="ReputationGraph.InSource"/>):
/// one weight per in-slot, 0 where the tie does not carry (a negative or zero weight). The graph's sources and slot ranges are
/// shared, not copied: a weighting costs 8 bytes a tie, or nothing when every tie carries and each source spreads equal
/// weight over its ties (e.g. unweighted networks; then <see cref="UniformWeight"/> holds the per-source factor).
/// Nodes are visited in <see cref="ReputationGraph.InVisitOrder"/> (within each block by ascending in-degree, so consecutive
/// nodes loop the same number of times and the branch predictor stops missing every loop exit: measured 1.7 to 1.0 ns a tie
/// on Slashdot). Each node's own sum runs over its sources in ascending order and a carried 0 adds +0, which changes no sum,
/// so results are the same bits as a walk over the carrying ties alone; cross-node sums are taken afterwards in index order.
/// </summary>
internal sealed class WeightedInCsr
{
    public required int NodeCount { get; init; }
    /// <summary>Node visited at position k; positions of block b are a permutation of the block's nodes.</summary>
    public required int[] Order { get; init; }
    /// <summary>In-slots of node v: [Start[v], Start[v + 1]).</summary>
    public required int[] Start { get; init; }
    public required int[] Source { get; init; }
    /// <summary>Per in-slot; null when every slot carries and each source's weights are all equal (then <see cref="UniformWeight"/> holds them).</summary>
    public required double[]? Weight { get; init; }
    public required double[] UniformWeight { get; init; }
    /// <summary>Per source: total positive weight it gives out.</summary>
    public required double[] OutTotal { get; init; }
    /// <summary>Ties that carry (positive weight).</summary>
    public required int EdgeCount { get; init; }

    /// <summary>The weight slot <paramref name="slot"/> carries (0 if none).</summary>
    public double WeightOf(int slot) => Weight is null ? UniformWeight[Source[slot]] : Weight[slot];

    /// <summary>From a weight per tie (tie order).</summary>
    public static WeightedInCsr Build(ReputationGraph g, double[] tieWeight)
    {
        var slotWeight = new double[g.TieCount];
        for (int i = 0; i < slotWeight.Length; i++) slotWeight[i] = tieWeight[g.InTie[i]];
        return FromSlots(g, slotWeight);
    }

    /// <summary>From a weight per in-slot (taken over, not copied; values that are not positive become 0).</summary>
    public static WeightedInCsr FromSlots(ReputationGraph g, double[] slotWeight)
    {
        int n = g.NodeCount;
        var outTotal = new double[n];
        var uniform = new double[n];
        bool allUniform = true;
        int carrying = 0;
        for (int i = 0; i < slotWeight.Length; i++) if (!(slotWeight[i] > 0)) slotWeight[i] = 0; else carrying++;
        // Slots run by (target, source), so any one source's slots come by ascending target: its total adds in the order
        // of its out-ties, the order every result's bits were fixed in.
        for (int i = 0; i < slotWeight.Length; i++)
        {
            double w = slotWeight[i];
            if (w == 0) continue;
            int s = g.InSource[i];
            if (outTotal[s] == 0) uniform[s] = w; else if (uniform[s] != w) allUniform = false;
            outTotal[s] += w;
        }
        return new WeightedInCsr
        {
            NodeCount = n, Order = g.InVisitOrder, Start = g.InStart, Source = g.InSource,
            Weight = allUniform && carrying == slotWeight.Length ? null : slotWeight,
            UniformWeight = uniform, OutTotal = outTotal, EdgeCount = carrying,
        };
    }
}

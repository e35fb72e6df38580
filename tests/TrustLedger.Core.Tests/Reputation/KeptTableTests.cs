using TrustLedger.Core.Reputation;

namespace TrustLedger.Core.Tests.Reputation;

/// <summary>
/// A table kept between builds (the board's: a block appends edges and replaces the ones a revocation or a
/// confirmation changed) gives the graph, and so every result, of a table made afresh from the final edges.
/// </summary>
public class KeptTableTests
{
    [Fact]
    public void GrownAndReplacedTable_GivesBitIdenticalResults_ToAFreshTableOfTheFinalEdges()
    {
        var edges = TestData.BitcoinAlphaEdges();
        // Mixed id kinds, so the merged canonical order crosses PartyOrder's numeric/ordinal boundary.
        for (int i = 0; i < 200; i++)
            edges.Add(new Edge($"0x{i * 7919 % 1000:x4}", (i % 50 + 1).ToString(), 1 + i % 10, EdgeKind.Endorsement, edges[i].Time));
        var options = new ReputationOptions { Seeds = ["1", "2", "3"], AsOf = edges.Max(e => e.Time) + 86_400 };
        var order = new SplitMix64(7).Permutation(edges.Count);
        var final = new List<Edge>(edges);

        var kept = new EdgeTable();
        var row = new int[edges.Count];
        int firstPart = edges.Count * 7 / 10;
        for (int k = 0; k < firstPart; k++) { row[order[k]] = kept.Count; kept.Add(edges[order[k]]); }
        _ = ReputationEngine.Compute(kept, options); // caches the canonical order of the first part's parties
        for (int k = firstPart; k < edges.Count; k++) { row[order[k]] = kept.Count; kept.Add(edges[order[k]]); }
        for (int i = 0; i < edges.Count; i += 13)
        {   // later blocks: a revocation, a confirmed trade, an expiry, and a revocation taken back by a reorg
            var e = edges[i];
            final[i] = (i / 13 % 4) switch
            {
                0 => e with { RevokedAt = e.Time + 3_600 },
                1 => e with { Kind = EdgeKind.ConfirmedReciprocity, Rating = Math.Abs(e.Rating) },
                2 => e with { ExpiresAt = options.AsOf - 1 },
                _ => e,
            };
            if (i / 13 % 4 == 3) kept.Replace(row[i], e with { RevokedAt = e.Time });
            kept.Replace(row[i], final[i]);
        }

        var fresh = ReputationEngine.Compute(EdgeTable.From(final), options);
        var grown = ReputationEngine.Compute(kept, options);
        Assert.Equal(fresh.Edges, grown.Edges);
        Assert.True(fresh.Edges.Inactive > 0 && fresh.Edges.Active > 20_000);
        EdgeLifecycleTests.AssertSameParties(fresh, grown);
    }

    [Fact]
    public void Replace_OfAnEdgeWithOtherParties_IsRefused()
    {
        var table = new EdgeTable();
        table.Add(new Edge("a", "b", 3));
        table.Add(new Edge("c", "d", 3));
        Assert.Throws<ArgumentException>(() => table.Replace(0, new Edge("a", "d", 3)));
        Assert.Throws<ArgumentException>(() => table.Replace(0, new Edge("a", "e", 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Replace(2, new Edge("a", "b", 3)));
    }
}

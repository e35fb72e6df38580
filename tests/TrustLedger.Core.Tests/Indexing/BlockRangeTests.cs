using TrustLedger.Core.Indexing;

namespace TrustLedger.Core.Tests.Indexing;

public class BlockRangeTests
{
    private static BlockRange Range(int initial = 100) =>
        new(new IndexerOptions { InitialRangeBlocks = initial, MaxRangeBlocks = 1_000, TargetEventsPerRange = 1_000 });

    [Fact]
    public void Refusal_HalvesTheRange_DownToOneBlock_ThenGivesUp()
    {
        var range = Range(4);
        Assert.True(range.ShrinkAfterRefusal());
        Assert.Equal(2, range.Size);
        Assert.True(range.ShrinkAfterRefusal());
        Assert.Equal(1, range.Size);
        Assert.False(range.ShrinkAfterRefusal());
    }

    [Fact]
    public void SparseRanges_Double_UpToTheMaximum()
    {
        var range = Range(300);
        range.Fitted(300, 10);
        Assert.Equal(600, range.Size);
        range.Fitted(600, 10);
        Assert.Equal(1_000, range.Size);
    }

    [Fact]
    public void ARangeWithTooManyEvents_ShrinksInProportion_AndAGoodOneStays()
    {
        var range = Range(100);
        range.Fitted(100, 4_000);
        Assert.Equal(25, range.Size);
        range.Fitted(25, 900);
        Assert.Equal(25, range.Size);
    }

    [Fact]
    public void AShortRangeAtTheHead_DoesNotCountAsSparse()
    {
        var range = Range(100);
        range.Fitted(3, 0); // only 3 blocks were left to read: says nothing about density
        Assert.Equal(100, range.Size);
    }
}

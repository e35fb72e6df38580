using Microsoft.Extensions.Configuration;
using TrustLedger.Core.Reputation;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Api.Tests.Reputation;

/// <summary>The sybil-flood keys bind from section "Reputation" for both the live board and the snapshots, so both score alike.</summary>
public class SybilFloodConfigurationTests
{
    [Fact]
    public void SybilFloodKeys_BindIntoTheBoardAndTheSnapshotParameters()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reputation:GoodnessWeighting"] = "TrustAllocation",
            ["Reputation:BudgetFloor"] = "10",
            ["Reputation:PercentileBase"] = "Trusted",
        }).Build().GetSection("Reputation");

        var board = config.Get<ReputationSettings>()!.ToOptions(1_000, []);
        var snapshot = config.Get<SnapshotParameters>()!;
        foreach (var o in new[] { board, snapshot.ToReputationOptions(1_000) })
            Assert.Equal((GoodnessWeighting.TrustAllocation, 10.0, PercentileBase.Trusted), (o.GoodnessWeighting, o.BudgetFloor, o.PercentileBase));
        Assert.Null(snapshot.Problem());
        Assert.NotNull((snapshot with { BudgetFloor = -1 }).Problem());
    }
}

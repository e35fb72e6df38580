using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>A Hardhat node of this class's own: the tests rewrite its history with evm_snapshot / evm_revert.</summary>
public sealed class RelayerReorgNode : IAsyncLifetime
{
    public PrivateNode Node { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Node = await PrivateNode.StartAsync();

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// With Chain:Confirmations &gt; 0 a relayed request is confirmed only that deep, and a reorg that takes its
/// transaction away sends it back: it is relayed again and confirmed once, on the chain that stayed.
/// </summary>
public sealed class RelayerConfirmationTests(RelayerReorgNode fixture) : IClassFixture<RelayerReorgNode>
{
    private const int Confirmations = 2;
    private readonly HttpClient _http = new();
    private string Url => fixture.Node.Url;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Request_IsMinedFirst_AndConfirmedOnlyWhenConfirmationsDeep(string databaseKind)
    {
        await using var h = await RelayHarness.StartAsync(databaseKind, Url);
        using var alice = EthPrivateKey.Generate();
        var request = h.Sign(alice, RelayHarness.RandomAddress());
        await h.Intake.SubmitAsync(request);
        var relayer = h.NewRelayer(confirmations: Confirmations);

        await StepUntilAsync(h, relayer, request, "mined");
        Assert.Equal("pending", AttestationView.StatusOf(Row(await h.Outbox.FindByUidAsync(request.Uid)))); // what the API shows
        await MineAsync(Confirmations - 1);
        await relayer.StepAsync(h.Lease, CancellationToken.None);
        Assert.Equal("mined", Row(await h.Outbox.FindByUidAsync(request.Uid)).Status);

        await MineAsync(1);
        await relayer.StepAsync(h.Lease, CancellationToken.None);
        Assert.Equal("confirmed", Row(await h.Outbox.FindByUidAsync(request.Uid)).Status);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Request_ReorgedOutBeforeItWasDeep_IsRelayedAgain_AndConfirmedOnce(string databaseKind)
    {
        await using var h = await RelayHarness.StartAsync(databaseKind, Url);
        using var alice = EthPrivateKey.Generate();
        var request = h.Sign(alice, RelayHarness.RandomAddress());
        await h.Intake.SubmitAsync(request);
        var relayer = h.NewRelayer(confirmations: Confirmations);
        var nonceBefore = await h.RelayerNonceAsync();
        var snapshot = (await TestServices.RpcAsync(_http, Url, "evm_snapshot")).GetString()!;

        await StepUntilAsync(h, relayer, request, "mined");
        var first = Row(await h.Outbox.FindByUidAsync(request.Uid)).TxHash!;
        Assert.True((await TestServices.RpcAsync(_http, Url, "evm_revert", snapshot)).GetBoolean()); // the block with it is gone
        await MineAsync(Confirmations + 1);                                                       // a longer chain without it
        Assert.False(await h.IsValidOnChainAsync(request.Uid));

        await StepUntilAsync(h, relayer, request, "confirmed");

        var confirmed = Row(await h.Outbox.FindByUidAsync(request.Uid));
        Assert.True(await h.IsValidOnChainAsync(request.Uid));
        Assert.NotNull(await h.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(confirmed.TxHash));
        Assert.Equal(nonceBefore + 1, await h.RelayerNonceAsync()); // on the chain that stayed: one transaction, never two
        var statuses = await h.ColumnAsync($"SELECT status FROM chain_transactions WHERE tx_hash = '{first}'");
        Assert.Equal(confirmed.TxHash == first ? "mined" : "dropped", Assert.Single(statuses)); // re-pooled and re-mined, or reorged out and replaced
    }

    /// <summary>Steps the relayer (mining a block whenever it waits for depth) until the request has <paramref name="status"/>.</summary>
    private async Task StepUntilAsync(RelayHarness h, Relayer relayer, SignedAttestation request, string status)
    {
        for (var i = 0; i < 100; i++)
        {
            await relayer.StepAsync(h.Lease, CancellationToken.None);
            var row = Row(await h.Outbox.FindByUidAsync(request.Uid));
            if (row.Status == status) return;
            Assert.NotEqual("failed", row.Status);
            if (row.Status == "mined") await MineAsync(1);
        }
        Assert.Fail($"request {request.Uid} never reached {status}");
    }

    private static RelayRequestRow Row(IReadOnlyList<RelayRequestRow> rows) => Assert.Single(rows);

    private async Task MineAsync(int blocks)
    {
        for (var i = 0; i < blocks; i++) await TestServices.RpcAsync(_http, Url, "evm_mine");
    }
}

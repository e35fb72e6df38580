using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Transactions;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>
/// The relayer when the chain misbehaves: a transaction that is not mined, a node that goes
/// away. These run on a private node (automine off would stall everyone else's tests).
/// </summary>
public class RelayerResilienceTests : IAsyncLifetime
{
    private PrivateNode _node = null!;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() => _node = await PrivateNode.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task StuckTransaction_IsReplacedWithHigherFees_AndItsRequestsAreConfirmedOnce()
    {
        await using var h = await RelayHarness.StartAsync("sqlite", _node.Url,
            new RelayerOptions { BatchWindow = TimeSpan.Zero, MaxBatchSize = 10 });
        using var alice = EthPrivateKey.Generate();
        var requests = Enumerable.Range(0, 3).Select(_ => h.Sign(alice, RelayHarness.RandomAddress())).ToList();
        foreach (var r in requests) await h.Intake.SubmitAsync(r);
        var relayer = h.NewRelayer(new TransactionOptions { StuckAfter = TimeSpan.Zero });
        var nonceBefore = await h.RelayerNonceAsync();

        await TestServices.RpcAsync(_http, _node.Url, "evm_setAutomine", false);
        await relayer.StepAsync(h.Lease, CancellationToken.None); // signs and sends; nothing mines
        await relayer.StepAsync(h.Lease, CancellationToken.None); // no receipt, stuck: replaced
        var inFlight = await relayer.Sender.InFlightAsync();
        Assert.Equal(2, inFlight.Count);
        Assert.Equal(inFlight[0].Nonce, inFlight[1].Nonce);
        Assert.True(System.Numerics.BigInteger.Parse(inFlight[1].MaxFeePerGas) > System.Numerics.BigInteger.Parse(inFlight[0].MaxFeePerGas));

        await TestServices.RpcAsync(_http, _node.Url, "evm_mine");
        await TestServices.RpcAsync(_http, _node.Url, "evm_setAutomine", true);
        await h.DrainAsync(relayer);

        foreach (var r in requests)
        {
            Assert.Equal("confirmed", Assert.Single(await h.Outbox.FindByUidAsync(r.Uid)).Status);
            Assert.True(await h.IsValidOnChainAsync(r.Uid));
        }
        Assert.Equal(nonceBefore + 1, await h.RelayerNonceAsync());
    }

    [Fact]
    public async Task SeveralBatches_AreInFlightAtOnce_AtConsecutiveNonces_AndEachIsMinedOnce()
    {
        await using var h = await RelayHarness.StartAsync("sqlite", _node.Url,
            new RelayerOptions { BatchWindow = TimeSpan.Zero, MaxBatchSize = 10, MaxInFlight = 3 });
        using var alice = EthPrivateKey.Generate();
        var requests = Enumerable.Range(0, 45).Select(_ => h.Sign(alice, RelayHarness.RandomAddress())).ToList();
        foreach (var r in requests) await h.Intake.SubmitAsync(r);
        var relayer = h.NewRelayer();
        var nonceBefore = await h.RelayerNonceAsync();

        await TestServices.RpcAsync(_http, _node.Url, "evm_setAutomine", false);
        for (var i = 0; i < 5; i++) await relayer.StepAsync(h.Lease, CancellationToken.None); // nothing mines meanwhile
        var inFlight = await relayer.Sender.InFlightAsync();
        Assert.Equal([nonceBefore, nonceBefore + 1, nonceBefore + 2], inFlight.Select(t => t.Nonce)); // no receipt awaited, MaxInFlight held
        Assert.Equal(15, await h.Outbox.CountPendingAsync());

        await TestServices.RpcAsync(_http, _node.Url, "evm_mine");
        await TestServices.RpcAsync(_http, _node.Url, "evm_setAutomine", true);
        await h.DrainAsync(relayer);

        foreach (var r in requests) Assert.Equal("confirmed", Assert.Single(await h.Outbox.FindByUidAsync(r.Uid)).Status);
        Assert.Equal(nonceBefore + 5, await h.RelayerNonceAsync()); // 45 requests, batches of 10, none twice
    }

    [Fact]
    public async Task NodeDownThenUp_RelayerRecoversByItself()
    {
        await using var proxy = new JsonRpcProxy(_node.Url);
        await using var h = await RelayHarness.StartAsync("sqlite", _node.Url);
        using var alice = EthPrivateKey.Generate();
        var request = h.Sign(alice, RelayHarness.RandomAddress());
        await h.Intake.SubmitAsync(request);
        var relayerThroughProxy = new Relayer(
            new Nethereum.Web3.Web3(h.Chain.Keys.Relayer.ToAccount(h.Chain.ChainId), proxy.Url), h.Chain.Keys.Relayer.ToAccount(h.Chain.ChainId),
            h.Registry, h.Outbox, new RelayerOptions { BatchWindow = TimeSpan.Zero, MaxBackoff = TimeSpan.FromMilliseconds(400) }, FileLogger.Instance, TimeProvider.System);

        proxy.Stop();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = relayerThroughProxy.RunAsync(h.Lease, stop.Token);
        await Task.Delay(1500);
        Assert.Equal("pending", Assert.Single(await h.Outbox.FindByUidAsync(request.Uid)).Status);
        Assert.False(running.IsCompleted); // still trying, not crashed

        proxy.Start();
        while (Assert.Single(await h.Outbox.FindByUidAsync(request.Uid)).Status != "confirmed" && !stop.IsCancellationRequested)
            await Task.Delay(100);
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }

        Assert.True(await h.IsValidOnChainAsync(request.Uid));
    }
}

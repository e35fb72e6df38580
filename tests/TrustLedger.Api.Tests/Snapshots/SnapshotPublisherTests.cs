using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Nethereum.Web3;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Snapshots;
using TrustLedger.Core.Transactions;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Snapshots;

/// <summary>
/// The publisher reads the chain before it moves: an epoch someone already published (say, a
/// leader that crashed before recording its transaction) is only recorded, never sent again; an
/// epoch taken on chain by other content is dropped and the next request computes the next epoch.
/// The host's own leader looks only once an hour here, so each test drives the steps itself.
/// </summary>
public abstract class SnapshotPublisherTests(SlowPublisherApplication app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected SlowPublisherApplication App => app;

    protected async Task<(SnapshotRecord Row, ReputationSnapshotsService Contract)> PendingEpochAsync()
    {
        var client = await SignedInAsync(app, app.Admin);
        await app.IndexedThroughAsync(await app.EndorseAsync(0, 1, 5));
        var created = await (await client.PostAsync("/v1/snapshots", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("created", created.GetProperty("outcome").GetString());
        var service = app.Services.GetRequiredService<SnapshotService>();
        await using var connection = await app.Db.OpenConnectionAsync(Ct);
        var row = await SnapshotStore.UnpublishedAsync(connection, service.Contract.Address, Ct);
        Assert.NotNull(row);
        return (row, service.Contract);
    }

    /// <summary>Sends <paramref name="function"/> with the service's own publisher key, as another leader would.</summary>
    protected async Task<string> AsPublisherAsync<TFunction>(string contract, TFunction function) where TFunction : FunctionMessage, new()
    {
        var web3 = new Web3(app.Chain.Keys.Publisher!.ToAccount(ChainOptions.DevChainId), app.RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt.TransactionHash.ToLowerInvariant();
    }

    /// <summary>Sends <paramref name="function"/> from the contract admin's own wallet (no service key can).</summary>
    protected async Task AsContractAdminAsync<TFunction>(string contract, TFunction function) where TFunction : FunctionMessage, new() =>
        await app.SendAsContractAdminAsync(contract, Nethereum.Hex.HexConvertors.Extensions.HexByteConvertorExtensions.ToHex(function.GetCallData(), true));

    protected async Task StepUntilSettledAsync()
    {
        var sender = new TransactionSender(app.Chain.Web3, app.Chain.Keys.Publisher!.ToAccount(app.Chain.ChainId), app.Db, "snapshots", new TransactionOptions(), NullLogger.Instance);
        var publisher = new SnapshotPublisher(app.Db, app.Services.GetRequiredService<SnapshotService>(), sender, NullLogger.Instance);
        for (var i = 0; i < 50; i++)
        {
            if (await publisher.StepAsync(null, Ct)) continue;
            await using var connection = await app.Db.OpenConnectionAsync(Ct);
            var row = await SnapshotStore.UnpublishedAsync(connection, app.Chain.Deployment.AddressOf("ReputationSnapshots"), Ct);
            if (row?.Status != SnapshotStatus.Sent) return; // settled: published, approved and waiting, or nothing left
            await Task.Delay(100, Ct);                      // a sent transaction not mined yet
        }
    }

    protected async Task<SnapshotRecord?> RowAsync(string contract, long epoch)
    {
        await using var connection = await app.Db.OpenConnectionAsync(Ct);
        return await SnapshotStore.GetAsync(connection, contract, epoch, Ct);
    }
}

public sealed class AlreadyPublishedEpochTests(SlowPublisherApplication app) : SnapshotPublisherTests(app), IClassFixture<SlowPublisherApplication>
{
    [Fact]
    public async Task EpochAlreadyOnChainWithOurContent_IsRecorded_NotSentAgain()
    {
        var (row, contract) = await PendingEpochAsync();
        var theirs = await AsPublisherAsync(contract.Address, new PublishFunction { Epoch = (ulong)row.Epoch, Snapshot = row.Content() });

        await StepUntilSettledAsync();

        var recorded = await RowAsync(contract.Address, row.Epoch);
        Assert.Equal(SnapshotStatus.Published, recorded!.Status);
        Assert.Equal(theirs, recorded.PublishedTx);
        Assert.Null(recorded.PublishTx); // nothing of ours was sent
        Assert.Equal(0, recorded.Attempts);
        Assert.Equal((ulong)row.Epoch, await contract.LatestEpochAsync());
    }
}

public sealed class EpochTakenByOtherContentTests(SlowPublisherApplication app) : SnapshotPublisherTests(app), IClassFixture<SlowPublisherApplication>
{
    [Fact]
    public async Task EpochClosedOnChainWithOtherContent_IsDropped_AndTheNextRequestTakesTheNextEpoch()
    {
        var (row, contract) = await PendingEpochAsync();
        var other = row.Content();
        other.PartyCount += 1;
        await AsPublisherAsync(contract.Address, new PublishFunction { Epoch = (ulong)row.Epoch, Snapshot = other });

        await StepUntilSettledAsync();

        Assert.Null(await RowAsync(contract.Address, row.Epoch));
        var (next, _) = await PendingEpochAsync();
        Assert.Equal(row.Epoch + 1, next.Epoch);
        await StepUntilSettledAsync(); // ours now goes out: our own step sends it
        var published = await RowAsync(contract.Address, next.Epoch);
        Assert.Equal(SnapshotStatus.Published, published!.Status);
        Assert.Equal(published.PublishTx, published.PublishedTx);
        Assert.Equal(1, published.Attempts);
    }
}

public sealed class TwoOfThreeEpochTests(SlowPublisherApplication app) : SnapshotPublisherTests(app), IClassFixture<SlowPublisherApplication>
{
    [Fact]
    public async Task WithThresholdTwo_OurPublishIsOneApproval_AndTheEpochIsFinalOnlyWhenAnotherPublisherAgrees()
    {
        var (row, contract) = await PendingEpochAsync();
        var cosigner = App.Business(4);
        await AsContractAdminAsync(contract.Address, new GrantRoleFunction { Role = await contract.PublisherRoleAsync(), Account = cosigner });
        await AsContractAdminAsync(contract.Address, new SetThresholdFunction { NewThreshold = 2 });

        await StepUntilSettledAsync();

        var approved = await RowAsync(contract.Address, row.Epoch);
        Assert.Equal(SnapshotStatus.Approved, approved!.Status);
        Assert.Equal(0UL, await contract.LatestEpochAsync());

        await App.AsBusinessAsync(4, contract.Address, new PublishFunction { Epoch = (ulong)row.Epoch, Snapshot = row.Content() });
        await StepUntilSettledAsync();

        var published = await RowAsync(contract.Address, row.Epoch);
        Assert.Equal(SnapshotStatus.Published, published!.Status);
        Assert.NotEqual(published.PublishTx, published.PublishedTx); // the co-publisher's approval closed it
        Assert.Equal((ulong)row.Epoch, await contract.LatestEpochAsync());
    }
}

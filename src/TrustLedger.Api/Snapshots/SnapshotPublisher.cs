using Nethereum.Hex.HexTypes;
using TrustLedger.Core.Chain.Contracts.Snapshots;
using TrustLedger.Core.Data;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Api.Snapshots;

/// <summary>
/// Takes the stored epoch on its way to the chain one step further, reading the chain before every
/// move so an epoch is never published twice: an epoch already final on chain is only recorded
/// (found by its SnapshotPublished log), a sent transaction is awaited, not re-sent, and the
/// contract itself refuses a second publish of a closed epoch. Runs in the "snapshots" leader only.
/// With a threshold M &gt; 1 our transaction is one approval; the epoch stays "approved" until
/// M - 1 other publishers approved the identical content.
/// </summary>
public sealed class SnapshotPublisher(Database db, SnapshotService service, ILogger logger)
{
    /// <summary>One step; true when something moved (call again soon).</summary>
    public async Task<bool> StepAsync(Lease? lease, CancellationToken ct)
    {
        var contract = service.Contract;
        SnapshotRecord? row;
        await using (var connection = await db.OpenConnectionAsync(ct))
            row = await SnapshotStore.UnpublishedAsync(connection, contract.Address, ct);
        if (row is null) return false;

        var latest = await contract.LatestEpochAsync();
        var epoch = (ulong)row.Epoch;
        if (latest >= epoch) return await RecordFinalAsync(contract, row, ct);
        if (latest + 1 < epoch)
        {
            logger.LogInformation("Snapshot epoch {Epoch} becomes epoch {Open}: the epochs between were never published", row.Epoch, latest + 1);
            await SnapshotStore.RenumberAsync(db, row, (long)latest + 1, ct);
            return true;
        }
        return row.Status switch
        {
            SnapshotStatus.Sent => await SettleAsync(contract, row, ct),
            SnapshotStatus.Approved => await StillApprovedAsync(contract, row, ct),
            _ => await SendAsync(contract, row, lease, ct),
        };
    }

    /// <summary>The epoch is closed on chain: ours if the content is identical, else ours is dropped.</summary>
    private async Task<bool> RecordFinalAsync(ReputationSnapshotsService contract, SnapshotRecord row, CancellationToken ct)
    {
        var onChain = await contract.SnapshotAtAsync((ulong)row.Epoch);
        if (onChain is not null && ReputationSnapshotsService.SameContent(onChain, row.Content()))
        {
            var log = await contract.FindPublishedAsync((ulong)row.Epoch, row.ComputedAtBlock);
            await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Published, ct, publishedTx: log?.TxHash, publishedBlock: log?.BlockNumber);
            logger.LogInformation("Snapshot epoch {Epoch} is published on chain (root {Root}, tx {Tx})", row.Epoch, row.MerkleRoot, log?.TxHash);
            return true;
        }
        logger.LogWarning("Snapshot epoch {Epoch} was closed on chain with other content (root {Other}); dropping ours ({Root}) and computing anew",
            row.Epoch, onChain is null ? "?" : Hash32.FromBytes(onChain.MerkleRoot), row.MerkleRoot);
        await SnapshotStore.DeleteUnpublishedAsync(db, row, ct);
        return true;
    }

    private async Task<bool> SettleAsync(ReputationSnapshotsService contract, SnapshotRecord row, CancellationToken ct)
    {
        var web3 = service.Chain.Web3;
        var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(row.PublishTx);
        if (receipt is null)
        {
            if (await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(row.PublishTx) is not null) return false; // still pending
            logger.LogWarning("Snapshot epoch {Epoch}: transaction {Tx} vanished from the node; sending again", row.Epoch, row.PublishTx);
            await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Pending, ct, error: $"transaction {row.PublishTx} vanished");
            return true;
        }
        if (receipt.Status.Value != 1)
        {
            logger.LogWarning("Snapshot epoch {Epoch}: transaction {Tx} reverted; checking the chain again", row.Epoch, row.PublishTx);
            await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Pending, ct, error: $"transaction {row.PublishTx} reverted");
            return true;
        }
        // Mined but the epoch is not closed (the caller checked): an approval waiting for other publishers.
        logger.LogInformation("Snapshot epoch {Epoch}: our approval is on chain ({Tx}); waiting for {Threshold} publishers in total",
            row.Epoch, row.PublishTx, await contract.ThresholdAsync());
        await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Approved, ct);
        return true;
    }

    private async Task<bool> StillApprovedAsync(ReputationSnapshotsService contract, SnapshotRecord row, CancellationToken ct)
    {
        var ours = await contract.ApprovalOfAsync((ulong)row.Epoch, service.Chain.Keys.Relayer.Address);
        if (ours != Hash32.Zero) return false; // others have yet to agree
        await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Pending, ct, error: "our approval is gone (withdrawn or role revoked)");
        return true;
    }

    private async Task<bool> SendAsync(ReputationSnapshotsService contract, SnapshotRecord row, Lease? lease, CancellationToken ct)
    {
        var web3 = service.Chain.Web3;
        var us = service.Chain.Keys.Relayer.Address;
        await EnsurePublisherAsync(contract, us, ct);
        var content = row.Content();
        var epoch = (ulong)row.Epoch;
        if (await contract.ThresholdAsync() > 1)
        {
            var approved = await contract.ApprovalOfAsync(epoch, us);
            if (approved == await HashSnapshotAsync(contract, content))
            {
                await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Approved, ct);
                return true;
            }
            if (approved != Hash32.Zero)
            {
                logger.LogInformation("Snapshot epoch {Epoch}: withdrawing our earlier approval of other content", row.Epoch);
                await TransactAsync(contract.Address, new WithdrawApprovalFunction { Epoch = epoch }, ct);
            }
        }

        var publish = new PublishFunction { Epoch = epoch, Snapshot = content, FromAddress = us };
        var handler = web3.Eth.GetContractTransactionHandler<PublishFunction>();
        HexBigInteger gas;
        try
        {
            gas = await handler.EstimateGasAsync(contract.Address, publish);
        }
        catch (Exception e) when (ReputationSnapshotsService.RevertDataOf(e) is { } revert)
        {
            return await OnRevertAsync(row, ReputationSnapshotsService.DescribeRevert(revert), ct);
        }
        if (lease is not null)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            if (!await lease.StillHeldAsync(connection, null, ct)) throw new OperationCanceledException("the snapshots lease ran out");
        }
        publish.Gas = new HexBigInteger(gas.Value * 12 / 10 + 10_000);
        var tx = (await handler.SendRequestAsync(contract.Address, publish)).ToLowerInvariant();
        await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Sent, ct, publishTx: tx, countAttempt: true);
        logger.LogInformation("Snapshot epoch {Epoch}: publish transaction {Tx} sent (root {Root})", row.Epoch, tx, row.MerkleRoot);
        return true;
    }

    private async Task<bool> OnRevertAsync(SnapshotRecord row, (string Code, string Detail) revert, CancellationToken ct)
    {
        switch (revert.Code)
        {
            case "EpochNotOpen":          // the chain moved between our reads: look again
            case "SnapshotBlockInFuture": // our node's head is behind the block we scored: wait for it
                logger.LogInformation("Snapshot epoch {Epoch}: {Revert}; trying again", row.Epoch, revert.Detail);
                return revert.Code == "EpochNotOpen";
            case "SnapshotBlockBeforePrevious":
            case "EmptySnapshot":
                logger.LogWarning("Snapshot epoch {Epoch} can never be published ({Revert}); dropping it", row.Epoch, revert.Detail);
                await SnapshotStore.DeleteUnpublishedAsync(db, row, ct);
                return true;
            default:
                throw new InvalidOperationException($"publishing snapshot epoch {row.Epoch} would revert: {revert.Detail}");
        }
    }

    /// <summary>
    /// The relayer is the contract's admin (see SnapshotsExtensions.ContractName's constructor arguments);
    /// it grants itself PUBLISHER_ROLE the first time. Another admin may instead grant it, or not.
    /// </summary>
    private async Task EnsurePublisherAsync(ReputationSnapshotsService contract, string us, CancellationToken ct)
    {
        var role = await contract.PublisherRoleAsync();
        if (await contract.HasRoleAsync(role, us)) return;
        if (!await contract.HasRoleAsync(new byte[32], us))
            throw new InvalidOperationException($"the relayer {us} holds no PUBLISHER_ROLE on {contract.Address}, and cannot grant it: an admin must");
        logger.LogInformation("Granting PUBLISHER_ROLE on {Contract} to the relayer {Relayer}", contract.Address, us);
        await TransactAsync(contract.Address, new GrantRoleFunction { Role = role, Account = us }, ct);
    }

    private async Task<Hash32> HashSnapshotAsync(ReputationSnapshotsService contract, SnapshotData content) =>
        Hash32.FromBytes(await service.Chain.Web3.Eth.GetContractQueryHandler<HashSnapshotFunction>()
            .QueryAsync<byte[]>(contract.Address, new HashSnapshotFunction { Snapshot = content }));

    private async Task TransactAsync<TFunction>(string contract, TFunction function, CancellationToken ct)
        where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        var receipt = await service.Chain.Web3.Eth.GetContractTransactionHandler<TFunction>()
            .SendRequestAndWaitForReceiptAsync(contract, function, ct);
        if (receipt.Status.Value != 1) throw new InvalidOperationException($"{typeof(TFunction).Name} reverted in {receipt.TransactionHash}");
    }
}

using Nethereum.Contracts;
using TrustLedger.Contracts;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// Takes the stored epoch on its way to the chain one step further, reading the chain before every
/// move so an epoch is never published twice: an epoch already final on chain is only recorded
/// (found by its SnapshotPublished log), a sent transaction is awaited, not re-sent, and the
/// contract itself refuses a second publish of a closed epoch. Runs in the "snapshots" leader only.
/// With a threshold M &gt; 1 our transaction is one approval; the epoch stays "approved" until
/// M - 1 other publishers approved the identical content.
/// </summary>
public sealed class SnapshotPublisher(Database db, SnapshotService service, TransactionSender sender, ILogger logger)
{
    /// <summary>One step; true when something moved (call again soon).</summary>
    public async Task<bool> StepAsync(Lease? lease, CancellationToken ct)
    {
        var contract = service.Contract;
        // A publish the chain lost (a node restarted from an older state) goes out again with the same bytes, so the
        // contract's epochs and ours stay one sequence instead of looking like a replaced chain.
        if ((await sender.RecoverLostAsync((connection, transaction, tx) =>
                SnapshotStore.UnpublishAsync(connection, transaction, contract.Address, tx.TxHash, ct), ct)).Count > 0) return true;
        SnapshotRecord? row;
        await using (var connection = await db.OpenConnectionAsync(ct))
            row = await SnapshotStore.UnpublishedAsync(connection, contract.Address, ct);
        if (await SettleAsync(lease, row, ct) is { } settled) return settled;
        if (row is null) return false;

        var latest = await contract.LatestEpochAsync();
        var epoch = (ulong)row.Epoch;
        if (latest >= epoch) return await RecordFinalAsync(contract, row, ct);
        if (latest + 1 < epoch)
        {
            // The contract forgot epochs we hold as published there: not a gap to close but another chain. Renumbering
            // would collide with them; the chain watch marks the old chain's snapshots and halts this worker instead.
            if (!await SnapshotStore.RenumberAsync(db, row, (long)latest + 1, ct))
                throw new InvalidOperationException(
                    $"{contract.Address} is at epoch {latest}, below epochs recorded as published there: the chain was replaced (see GET /health)");
            logger.LogInformation("Snapshot epoch {Epoch} becomes epoch {Open}: the epochs between were never published", row.Epoch, latest + 1);
            return true;
        }
        return row.Status switch
        {
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

    /// <summary>
    /// Settles this key's transaction in flight (a publish or an approval withdrawal); null
    /// when none is in flight, else whether anything moved. A mined publish of <paramref name="row"/> is an
    /// approval on chain, or the epoch closed by it; a reverted or dropped one goes back to pending.
    /// </summary>
    private async Task<bool?> SettleAsync(Lease? lease, SnapshotRecord? row, CancellationToken ct)
    {
        var settlement = await sender.SettleAsync(lease, ct);
        if (settlement is null or Settlement.Waiting) return (settlement as Settlement.Waiting)?.Moved;
        var publish = row is { Status: SnapshotStatus.Sent, PublishTx: { } hash } ? await sender.FindAsync(hash, ct) : null;
        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            if (settlement is Settlement.Mined mined) await sender.MarkMinedAsync(connection, transaction, mined.Transaction.Nonce, mined.Receipt, ct);
            if (settlement is Settlement.Dropped dropped) await sender.MarkDroppedAsync(connection, transaction, dropped.Nonce, dropped.Reason, ct);
            await transaction.CommitAsync(ct);
        }
        if (publish is null || row is null) return true;
        switch (settlement)
        {
            case Settlement.Dropped dropped when dropped.Nonce == publish.Nonce:
                logger.LogWarning("Snapshot epoch {Epoch}: transaction {Tx} will not be mined ({Reason}); sending again", row.Epoch, row.PublishTx, dropped.Reason);
                await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Pending, ct, error: dropped.Reason);
                break;
            case Settlement.Mined mined when mined.Transaction.Nonce == publish.Nonce && mined.Receipt.Status?.Value != 1:
                logger.LogWarning("Snapshot epoch {Epoch}: transaction {Tx} reverted; checking the chain again", row.Epoch, mined.Receipt.TransactionHash);
                await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Pending, ct, error: $"transaction {mined.Receipt.TransactionHash} reverted");
                break;
            case Settlement.Mined mined when mined.Transaction.Nonce == publish.Nonce:
                if (await service.Contract.LatestEpochAsync() >= (ulong)row.Epoch) break; // closed by it: the next step records it
                // Mined but the epoch is not closed: an approval waiting for other publishers.
                logger.LogInformation("Snapshot epoch {Epoch}: our approval is on chain ({Tx}); waiting for {Threshold} publishers in total",
                    row.Epoch, mined.Receipt.TransactionHash, await service.Contract.ThresholdAsync());
                await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Approved, ct);
                break;
        }
        return true;
    }

    private async Task<bool> StillApprovedAsync(ReputationSnapshotsService contract, SnapshotRecord row, CancellationToken ct)
    {
        var ours = Hash32.FromBytes(await contract.ApprovalOfAsync((ulong)row.Epoch, sender.Address));
        if (ours != Hash32.Zero) return false; // others have yet to agree
        await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Pending, ct, error: "our approval is gone (withdrawn or role revoked)");
        return true;
    }

    private async Task<bool> SendAsync(ReputationSnapshotsService contract, SnapshotRecord row, Lease? lease, CancellationToken ct)
    {
        await EnsurePublisherAsync(contract, sender.Address);
        var content = row.Content();
        var epoch = (ulong)row.Epoch;
        if (await contract.ThresholdAsync() > 1)
        {
            var approved = Hash32.FromBytes(await contract.ApprovalOfAsync(epoch, sender.Address));
            if (approved == Hash32.FromBytes(await contract.HashSnapshotAsync(content)))
            {
                await SnapshotStore.UpdateAsync(db, row, SnapshotStatus.Approved, ct);
                return true;
            }
            if (approved != Hash32.Zero)
            {
                logger.LogInformation("Snapshot epoch {Epoch}: withdrawing our earlier approval of other content", row.Epoch);
                return await SendCallAsync(lease, contract.Address, new WithdrawApprovalFunction { Epoch = epoch }.GetCallData(), ct);
            }
        }

        var publish = new PublishFunction { Epoch = epoch, Snapshot = content }.GetCallData();
        var estimate = await sender.EstimateAsync(contract.Address, publish);
        if (estimate.Gas is not { } gas) return await OnRevertAsync(row, CustomErrors.Snapshots.Describe(estimate.Refusal!), ct);
        var tx = await sender.SendAsync(lease, contract.Address, publish, gas,
            (connection, transaction, signed) => SnapshotStore.MarkSentAsync(connection, transaction, row, signed.TxHash, ct), ct);
        if (tx is null) return false; // lease lost, or another step moved the row
        logger.LogInformation("Snapshot epoch {Epoch}: publish transaction {Tx} sent (root {Root})", row.Epoch, tx.TxHash, row.MerkleRoot);
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
    /// The publisher key gets PUBLISHER_ROLE at deployment (ProductContracts.Snapshots's constructor arguments) or from
    /// the contract admin; it never holds the admin role, so it cannot grant itself anything. Without the role it
    /// cannot publish: the step fails with what to do (retried with backoff, so a later grant is picked up).
    /// </summary>
    private static async Task EnsurePublisherAsync(ReputationSnapshotsService contract, string publisher)
    {
        var role = await contract.PublisherRoleAsync();
        if (await contract.HasRoleAsync(role, publisher)) return;
        throw new InvalidOperationException(
            $"{publisher} holds no PUBLISHER_ROLE on {contract.Address}: the contract admin must grant it (grantRole(PUBLISHER_ROLE, {publisher}))");
    }

    /// <summary>An administrative call of the publisher key; a refusal by the node is an error (retried with backoff).</summary>
    private async Task<bool> SendCallAsync(Lease? lease, string contract, byte[] call, CancellationToken ct)
    {
        var estimate = await sender.EstimateAsync(contract, call);
        if (estimate.Gas is not { } gas)
            throw new InvalidOperationException($"a snapshot administration call would revert: {CustomErrors.Snapshots.Describe(estimate.Refusal!).Detail}");
        return await sender.SendAsync(lease, contract, call, gas, (_, _, _) => Task.FromResult(true), ct) is not null;
    }
}

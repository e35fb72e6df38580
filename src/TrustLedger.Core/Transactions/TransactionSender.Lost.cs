using System.Data.Common;
using Dapper;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace TrustLedger.Core.Transactions;

/// <summary>
/// Transactions recorded as mined that the chain no longer has, whatever any confirmation depth says: a local node
/// restarted from its last state save (Anvil's --state after a hard kill) or a reorg deeper than the caller waits.
/// The recorded transaction is valid again on that chain (its nonce is unused there), so the work it carried rides
/// in it again: its bytes are broadcast again by settling (or awaited, if the node still holds them), never rebuilt.
/// Every sender's caller (relayer, reward minter, snapshot publisher, issuer key rotation) recovers through
/// <see cref="RecoverLostAsync"/>, so all of them survive the same loss the same way.
/// </summary>
public sealed partial class TransactionSender
{
    private long _lostCheckedAtHead = -1;

    /// <summary>
    /// Once per new head: each of this key's lost transactions is in flight again (<see cref="MarkUnminedAsync"/>) and
    /// <paramref name="reopenWork"/> puts the caller's work it carried back in flight, in the same database transaction.
    /// Returns the transactions recovered (none on a chain that kept everything, at one row and two lookups per head).
    /// </summary>
    public async Task<IReadOnlyList<ChainTransaction>> RecoverLostAsync(
        Func<DbConnection, DbTransaction, ChainTransaction, Task> reopenWork, CancellationToken ct, int atMost = 64)
    {
        var head = (long)(await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        if (head == Interlocked.Read(ref _lostCheckedAtHead)) return [];
        var lost = await LostFromChainAsync(atMost, ct);
        foreach (var tx in lost)
        {
            var inPool = await _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(tx.TxHash) is not null;
            await using var connection = await _db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await MarkUnminedAsync(connection, transaction, tx.TxHash, ct, rebroadcast: !inPool);
            await reopenWork(connection, transaction, tx);
            await transaction.CommitAsync(ct);
            _logger.LogWarning("{Purpose}: {Tx} (nonce {Nonce}, block {Block}) is no longer on the chain (its head fell back, or a reorg deeper than it was awaited); its work rides in it again{How}",
                Purpose, tx.TxHash, tx.Nonce, tx.BlockNumber, inPool ? " (the node still holds it)" : ", broadcast again");
        }
        Interlocked.Exchange(ref _lostCheckedAtHead, lost.Count > 0 ? -1 : head);
        return lost;
    }

    /// <summary>
    /// This key's newest mined transactions the chain no longer has, newest first: the head fell back below them (a
    /// node restarted from an older state, as a hard-killed local Anvil does) or a reorg deeper than any confirmation
    /// depth replaced their blocks. A chain that kept the newest one costs one row and one block header; only when
    /// it is gone does the walk go back (up to <paramref name="atMost"/>) to the first one still in its recorded block.
    /// </summary>
    private async Task<List<ChainTransaction>> LostFromChainAsync(int atMost, CancellationToken ct)
    {
        var lost = new List<ChainTransaction>();
        foreach (var limit in new[] { 1, atMost })
        {
            lost.Clear();
            IEnumerable<ChainTransaction> newest;
            await using (var connection = await _db.OpenConnectionAsync(ct))
                newest = await connection.QueryAsync<ChainTransaction>(new CommandDefinition(
                    $"{ChainTransaction.Columns} WHERE account = @Address AND status = 'mined' ORDER BY nonce DESC LIMIT @limit",
                    new { Address, limit }, cancellationToken: ct));
            foreach (var tx in newest)
            {
                // The block we recorded is still at its height: the transaction is still in it (a header, not a receipt).
                if (tx is { BlockNumber: { } number, BlockHash: { } hash } && await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
                        .SendRequestAsync(new BlockParameter(new HexBigInteger(number))) is { } block
                    && string.Equals(block.BlockHash, hash, StringComparison.OrdinalIgnoreCase)) return lost;
                var receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TxHash);
                if (receipt is not null && string.Equals(receipt.BlockHash, tx.BlockHash, StringComparison.OrdinalIgnoreCase)) return lost;
                if (receipt is null) lost.Add(tx); // else still on chain, re-mined in another block (the depth path, if any, moves it)
            }
            if (lost.Count == 0) return lost;
        }
        return lost;
    }
}

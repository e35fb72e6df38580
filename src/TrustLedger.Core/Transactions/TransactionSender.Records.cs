using System.Data.Common;
using Dapper;
using Nethereum.RPC.Eth.DTOs;

namespace TrustLedger.Core.Transactions;

/// <summary>What the caller records about its key's transactions, inside the database transaction that records its own work.</summary>
public sealed partial class TransactionSender
{
    /// <summary>In the caller's database transaction: the nonce's mined transaction and its superseded siblings.</summary>
    public Task MarkMinedAsync(DbConnection connection, DbTransaction transaction, long nonce, TransactionReceipt receipt, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE chain_transactions
            SET status = CASE WHEN tx_hash = @Hash THEN @Status ELSE 'superseded' END,
                block_number = CASE WHEN tx_hash = @Hash THEN @Block ELSE NULL END,
                block_hash = CASE WHEN tx_hash = @Hash THEN @BlockHash ELSE NULL END
            WHERE account = @Address AND nonce = @nonce AND status IN ('signed', 'sent', 'refused')
            """, new
        {
            Hash = receipt.TransactionHash.ToLowerInvariant(), Status = receipt.Status?.Value == 1 ? "mined" : "reverted",
            Block = (long)receipt.BlockNumber.Value, BlockHash = receipt.BlockHash?.ToLowerInvariant(), Address, nonce,
        }, transaction, cancellationToken: ct));

    /// <summary>In the caller's database transaction: every transaction of the nonce will never be mined.</summary>
    public Task MarkDroppedAsync(DbConnection connection, DbTransaction transaction, long nonce, string reason, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE chain_transactions SET status = 'dropped', error = COALESCE(error, @reason)
            WHERE account = @Address AND nonce = @nonce AND status IN ('signed', 'sent', 'refused')
            """, new { Address, nonce, reason }, transaction, cancellationToken: ct));

    /// <summary>In the caller's database transaction: a mined transaction a reorg took out of the chain.</summary>
    public Task MarkReorgedAsync(DbConnection connection, DbTransaction transaction, string txHash, long wasInBlock, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE chain_transactions SET status = 'dropped', error = @error WHERE tx_hash = @txHash AND status = 'mined'
            """, new { txHash, error = $"reorged out of block {wasInBlock}" }, transaction, cancellationToken: ct));

    /// <summary>
    /// In the caller's database transaction: a mined transaction a reorg (or a node restarted from an older state) took
    /// out of its block is in flight again with its recorded bytes: 'sent' while the node holds it (pooled), else
    /// 'signed' (<paramref name="rebroadcast"/>), which settling broadcasts.
    /// </summary>
    public Task MarkUnminedAsync(DbConnection connection, DbTransaction transaction, string txHash, CancellationToken ct, bool rebroadcast = false) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE chain_transactions SET status = @status, block_number = NULL, block_hash = NULL WHERE tx_hash = @txHash AND status = 'mined'
            """, new { txHash, status = rebroadcast ? "signed" : "sent" }, transaction, cancellationToken: ct));

    /// <summary>In the caller's database transaction: a mined transaction is in another block now (re-mined after a reorg).</summary>
    public Task MarkMinedAtAsync(DbConnection connection, DbTransaction transaction, string txHash, TransactionReceipt receipt, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE chain_transactions SET block_number = @block, block_hash = @hash WHERE tx_hash = @txHash AND status = 'mined'
            """, new { txHash, block = (long)receipt.BlockNumber.Value, hash = receipt.BlockHash?.ToLowerInvariant() }, transaction, cancellationToken: ct));

    /// <summary>
    /// This key's newest mined transactions the chain no longer has, newest first: the head fell back below them (a
    /// node restarted from an older state, as a hard-killed local Anvil does) or a reorg deeper than any confirmation
    /// depth replaced their blocks. A chain that kept the newest one costs one row and one receipt lookup; only when
    /// it is gone does the walk go back (up to <paramref name="atMost"/>) to the first one still in its recorded block.
    /// The caller applies each to its own work and records it with <see cref="MarkUnminedAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<ChainTransaction>> LostFromChainAsync(int atMost, CancellationToken ct)
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
                        .SendRequestAsync(new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(number))) is { } block
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

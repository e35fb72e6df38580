using Dapper;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.ChainGenerations;

/// <summary>
/// Ends a chain generation: in one database transaction every record of that chain is marked with old_chain
/// (snapshots and their proofs, relayed requests, service transactions, credentials, reward programs) and the
/// live index is emptied into archived_attestations, so nothing of the old chain is served as current and the
/// indexer starts from the new chain's deployment. What was in flight ends with a reason that says why.
/// </summary>
public static class RetiredChainRecords
{
    public const string RequestErrorCode = "ChainGone";

    private static readonly string[] Statements =
    [
        """
        INSERT INTO archived_attestations (old_chain, uid, schema_uid, attester, subject, ref_uid, expiration, data, block_number,
            block_time, tx_hash, log_index, revoked_block, revoked_time, revoked_tx, confirmed_by, confirmed_block)
        SELECT @id, uid, schema_uid, attester, subject, ref_uid, expiration, data, block_number,
            block_time, tx_hash, log_index, revoked_block, revoked_time, revoked_tx, confirmed_by, confirmed_block
        FROM attestations
        """,
        "DELETE FROM attestations",
        "DELETE FROM confirmations",
        // Edges from outside sources (EAS, ERC-8004) are index rows of the same stream: the new chain's come from its own logs.
        "DELETE FROM source_edges",
        "DELETE FROM indexer_sources",
        "DELETE FROM schemas",
        "DELETE FROM indexed_blocks",
        "DELETE FROM indexer_checkpoints",
        // Webhooks read the live index from a block cursor: start it at the new chain's beginning.
        "UPDATE webhook_cursors SET position = '0:0' WHERE source = 'attestations'",
        "UPDATE snapshots SET old_chain = @id WHERE old_chain IS NULL",
        // Epoch-keyed relationship history is derived from the old chain's snapshots: the new chain's epochs start at 1.
        "DELETE FROM relationship_standings",
        "DELETE FROM relationship_epochs",
        """
        UPDATE relay_requests SET old_chain = @id,
            error_code = CASE WHEN status IN ('pending', 'sent', 'mined') THEN @code ELSE error_code END,
            error_detail = CASE WHEN status IN ('pending', 'sent', 'mined') THEN @requestDetail ELSE error_detail END,
            status = CASE WHEN status IN ('pending', 'sent', 'mined') THEN 'failed' ELSE status END,
            updated_at = @now
        WHERE old_chain IS NULL
        """,
        """
        UPDATE chain_transactions SET old_chain = @id,
            error = CASE WHEN status IN ('signed', 'sent', 'refused') THEN @reason ELSE error END,
            status = CASE WHEN status IN ('signed', 'sent', 'refused') THEN 'dropped' ELSE status END
        WHERE old_chain IS NULL
        """,
        "UPDATE credentials SET old_chain = @id WHERE old_chain IS NULL",
        """
        UPDATE reward_transactions SET status = 'failed', error_code = @code, error_detail = @reason, updated_at = @now
        WHERE status IN ('queued', 'signed', 'sent')
        """,
        """
        UPDATE reward_programs SET old_chain = @id, old_token_address = token_address, token_address = NULL,
            status = 'failed', error = @reason, updated_at = @now
        WHERE old_chain IS NULL
        """,
    ];

    /// <summary>Marks generation <paramref name="id"/>'s records; false when it had ended already (another replica did it).</summary>
    public static async Task<bool> RetireAsync(Database db, long id, string reason, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = DateTimeOffset.UtcNow.ToString("O");
        var ended = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE chain_generations SET ended_at = @now, ended_reason = @reason WHERE id = @id AND ended_at IS NULL",
            new { id, now, reason }, tx, cancellationToken: ct));
        if (ended != 1) return false;
        var requestDetail = $"the chain this request was signed for is gone ({reason}); it was never settled there: sign it again for the current contract";
        foreach (var sql in Statements)
            await connection.ExecuteAsync(new CommandDefinition(sql,
                new { id, now, reason = $"chain gone: {reason}", code = RequestErrorCode, requestDetail }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}

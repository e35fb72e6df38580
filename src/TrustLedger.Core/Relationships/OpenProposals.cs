using System.Data.Common;
using Dapper;
using TrustLedger.Core.Attestations;

namespace TrustLedger.Core.Relationships;

/// <summary>A reciprocity event proposed on chain that its counterparty has not confirmed (yet).</summary>
public sealed record OpenProposal(string Uid, string Proposer, string Counterparty, long Time);

/// <summary>Proposals still waiting for the other side: the "proposed, never confirmed" half of a one-sided tie.</summary>
public static class OpenProposals
{
    // A proposal is a reciprocity attestation without refUID; the indexer sets confirmed_by from the
    // registry's Confirmed event only, so NULL there means the counterparty never confirmed it.
    private const string Sql = """
        SELECT uid AS Uid, attester AS Proposer, subject AS Counterparty, block_time AS Time
        FROM attestations
        WHERE schema_uid = @Schema AND ref_uid IS NULL AND confirmed_by IS NULL AND revoked_block IS NULL
          AND (expiration = 0 OR expiration > @AsOf) AND block_time <= @AsOf
          AND (attester = @Party OR subject = @Party)
        ORDER BY block_number, log_index
        """;

    public static async Task<IReadOnlyList<OpenProposal>> InvolvingAsync(DbConnection connection, string party, long asOf, CancellationToken ct) =>
        (await connection.QueryAsync<OpenProposal>(new CommandDefinition(Sql,
            new { Schema = ProductSchemas.Reciprocity.Uid, Party = party, AsOf = asOf }, cancellationToken: ct))).AsList();
}

using System.Data.Common;
using Dapper;

namespace TrustLedger.Core.Indexing;

/// <summary>Where a stream is indexed to: the last block fully written and its hash.</summary>
public sealed record Checkpoint(string Stream, string ContractAddress, long BlockNumber, string BlockHash);

/// <summary>
/// How far the indexer has come, read by everything that must act only on indexed chain state
/// (reputation, snapshots, rewards, credential status) and written by the indexer alone.
/// </summary>
public static class IndexCheckpoints
{
    public const string Sql = """
        SELECT stream AS Stream, contract_address AS ContractAddress, block_number AS BlockNumber, block_hash AS BlockHash
        FROM indexer_checkpoints WHERE stream = @Stream
        """;

    public static Task<Checkpoint?> GetAsync(DbConnection connection, string stream, CancellationToken ct = default) =>
        connection.QuerySingleOrDefaultAsync<Checkpoint>(new CommandDefinition(Sql, new { Stream = stream }, cancellationToken: ct));
}

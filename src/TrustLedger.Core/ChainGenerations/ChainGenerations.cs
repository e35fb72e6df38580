using System.Text.Json;
using Dapper;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.ChainGenerations;

/// <summary>One chain the service ran on: its id, genesis block hash and our contracts there (a row of chain_generations).</summary>
public sealed record ChainGeneration(long Id, long ChainId, string GenesisHash, string Contracts, string StartedAt, string? EndedAt, string? EndedReason);

/// <summary>
/// Which chain the database's records belong to. At start the connected chain is compared with the current
/// generation; a different genesis or other contracts end it (<see cref="RetiredChainRecords"/> marks its records)
/// and begin a new one, so the service starts clean on the new chain and never mixes the two.
/// </summary>
public static class ChainGenerations
{
    private const string Columns = """
        SELECT id AS Id, chain_id AS ChainId, genesis_hash AS GenesisHash, contracts AS Contracts, started_at AS StartedAt,
               ended_at AS EndedAt, ended_reason AS EndedReason
        FROM chain_generations
        """;

    public static async Task<ChainGeneration?> CurrentAsync(Database db, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ChainGeneration>(new CommandDefinition(
            Columns + " WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1", cancellationToken: ct));
    }

    public static async Task<IReadOnlyList<ChainGeneration>> AllAsync(Database db, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<ChainGeneration>(new CommandDefinition(Columns + " ORDER BY id", cancellationToken: ct))];
    }

    /// <summary>
    /// The generation of <paramref name="chain"/>: the current one when it is the same chain with the same contracts,
    /// else the current one is retired (with the reason, logged once) and a new one begins.
    /// </summary>
    public static async Task<ChainGeneration> EnsureCurrentAsync(Database db, ChainConnection chain, ILogger logger, CancellationToken ct = default)
    {
        var genesis = chain.Deployment.GenesisHash ?? throw new ChainSetupException("the node reported no genesis block");
        var contracts = ContractsOf(chain.Deployment);
        var current = await CurrentAsync(db, ct);
        if (current is not null)
        {
            var reason = current.ChainId != chain.ChainId ? $"the node is chain {chain.ChainId}, the data's chain was {current.ChainId}"
                : current.GenesisHash != genesis ? $"the node's genesis block is {genesis}, the data's chain had {current.GenesisHash}"
                : current.Contracts != contracts ? $"our contracts are now {contracts}, the data's chain had {current.Contracts}"
                : null;
            if (reason is null) return current;
            if (await RetiredChainRecords.RetireAsync(db, current.Id, reason, ct))
                logger.LogCritical("The chain changed since the last run: {Reason}. Records of the old chain (generation {Old}) are kept, marked as its, and never served as current; starting clean on the new chain",
                    reason, current.Id);
        }
        await using var connection = await db.OpenConnectionAsync(ct);
        const string insert = """
            INSERT INTO chain_generations (chain_id, genesis_hash, contracts, started_at) VALUES (@ChainId, @genesis, @contracts, @now)
            """;
        await connection.ExecuteAsync(new CommandDefinition(insert,
            new { chain.ChainId, genesis, contracts, now = DateTimeOffset.UtcNow.ToString("O") }, cancellationToken: ct));
        var begun = (await CurrentAsync(db, ct))!;
        logger.LogInformation("Chain generation {Id}: chain {ChainId}, genesis {Genesis}, contracts {Contracts}", begun.Id, chain.ChainId, genesis, contracts);
        return begun;
    }

    /// <summary>Name -> address, ordered: the identity of our deployment (code hashes are the watch's business).</summary>
    public static string ContractsOf(Deployment deployment) =>
        JsonSerializer.Serialize(deployment.Contracts.ToDictionary(c => c.Key, c => c.Value.Address));
}

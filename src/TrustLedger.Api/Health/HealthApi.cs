using Microsoft.Extensions.Options;
using TrustLedger.Api.Indexing;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Api.Health;

public sealed record ContractHealth(string Address, bool CodeDeployed);

public sealed record ChainHealth(string Status, long ChainId, long? LatestBlock, IReadOnlyDictionary<string, ContractHealth> Contracts, string? Error);

public sealed record DatabaseHealth(string Status, string Kind, int? MigrationVersion, string? Error);

public sealed record HealthReport(string Status, ChainHealth Chain, DatabaseHealth Database, IndexerHealth? Indexer, TransactionsHealth? Transactions);

public static class HealthApi
{
    /// <summary>
    /// GET /health: each part checked live. 200 when all are ok, 503 when any is down, so a load
    /// balancer can act on the code and a person on the body.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        // Liveness: the process answers. No I/O, so it is also the baseline of the API load benchmark.
        routes.MapGet("/livez", () => TypedResults.Text("ok")).WithTags("Health").WithSummary("Liveness (no dependency checked)");

        routes.MapGet("/health", async (ChainConnection chain, Database db, IServiceProvider services, CancellationToken ct) =>
            {
                var chainHealth = await CheckChainAsync(chain, ct);
                var dbHealth = await CheckDatabaseAsync(db, ct);
                var indexerHealth = await IndexerHealth.CheckAsync(services, db, chainHealth.LatestBlock, ct);
                var ok = chainHealth.Status == "ok" && dbHealth.Status == "ok";
                // The keys' section alerts a person (stuck at the fee ceiling, no funds) without taking the service down.
                var transactions = dbHealth.Status == "ok"
                    ? await TransactionHealth.CheckAsync(chain.Web3, chain.Keys, db, services.GetRequiredService<IOptions<TransactionOptions>>().Value,
                        services.GetRequiredService<TimeProvider>(), chainUp: chainHealth.LatestBlock is not null, ct)
                    : null;
                var report = new HealthReport(ok ? "ok" : "down", chainHealth, dbHealth, indexerHealth, transactions);
                return ok ? Results.Ok(report) : Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("Health")
            .WithSummary("Liveness of the chain connection and the database");
    }

    private static async Task<ChainHealth> CheckChainAsync(ChainConnection chain, CancellationToken ct)
    {
        var contracts = new Dictionary<string, ContractHealth>();
        try
        {
            var latest = (long)(await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            foreach (var (name, contract) in chain.Deployment.Contracts)
            {
                ct.ThrowIfCancellationRequested();
                var code = await chain.Web3.Eth.GetCode.SendRequestAsync(contract.Address);
                contracts[name] = new ContractHealth(contract.Address, code is { Length: > 2 });
            }
            var allDeployed = contracts.Values.All(c => c.CodeDeployed);
            return new ChainHealth(allDeployed ? "ok" : "down", chain.ChainId, latest, contracts,
                allDeployed ? null : "a contract has no code at its recorded address");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ChainHealth("down", chain.ChainId, null, contracts, $"JSON-RPC unreachable: {e.GetBaseException().Message}");
        }
    }

    private static async Task<DatabaseHealth> CheckDatabaseAsync(Database db, CancellationToken ct)
    {
        var kind = db.Kind == DatabaseKind.Postgres ? "postgres" : "sqlite";
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return new DatabaseHealth("ok", kind, await Migrator.CurrentVersionAsync(connection), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DatabaseHealth("down", kind, null, e.GetBaseException().Message);
        }
    }
}

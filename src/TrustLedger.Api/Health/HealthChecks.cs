using Microsoft.Extensions.Options;
using TrustLedger.Api.Indexing;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Credentials.Issuance;
using TrustLedger.Core.Data;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Api.Health;

/// <param name="CodeDeployed">the artifact's code is at the address (not merely some code)</param>
public sealed record ContractHealth(string Address, bool CodeDeployed);

/// <param name="Status">ok or down</param>
/// <param name="Error">why it is down</param>
/// <param name="Identity">current: the node is the chain the service's records belong to; replaced: it is not (see Error), the service stopped its chain work</param>
/// <param name="GenesisHash">the genesis block hash of the chain the records belong to</param>
public sealed record ChainHealth(string Status, long ChainId, long? LatestBlock, IReadOnlyDictionary<string, ContractHealth> Contracts, string? Error,
    string Identity = "current", string? GenesisHash = null);

public sealed record DatabaseHealth(string Status, string Kind, int? MigrationVersion, string? Error);

/// <param name="Status">ok when the chain and the database are both up, else down</param>
/// <param name="Transactions">each service key's balance and stuck transactions, and the fee-ceiling alert: informational, never makes the service down</param>
/// <param name="Issuance">today's budget of credentials anchored on the service's own initiative (Credentials:AutomaticIssuancePerDay)</param>
public sealed record HealthReport(string Status, ChainHealth Chain, DatabaseHealth Database, IndexerHealth? Indexer, TransactionsHealth? Transactions,
    IssuanceBudgetState? Issuance, DateTimeOffset CheckedAt)
{
    public IReadOnlyList<string> Down => [.. new[] { ("chain", Chain.Status), ("database", Database.Status) }.Where(p => p.Item2 != "ok").Select(p => p.Item1)];
}

/// <summary>
/// The live state of the chain and the database, checked side by side, each within
/// <see cref="DependencyOptions.CallTimeout"/>, so a report is ready in well under 2 s even when
/// a part hangs. Probes share one check per second: many load balancers polling cost the node
/// and the database no more than one.
/// </summary>
public sealed class HealthChecks(ChainConnection chain, Database db, IServiceProvider services, DependencyOptions options, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private Task<HealthReport>? _current;

    public Task<HealthReport> ReportAsync()
    {
        lock (_gate)
        {
            if (_current is { IsCompleted: false } running) return running;
            if (_current is { IsCompletedSuccessfully: true } done && time.GetUtcNow() - done.Result.CheckedAt < Fresh) return done;
            return _current = Task.Run(CheckAsync);
        }
    }

    private async Task<HealthReport> CheckAsync()
    {
        using var budget = CallBudget.Begin(options.CallTimeout);
        using var deadline = new CancellationTokenSource(options.CallTimeout * 1.2);
        var chainCheck = CheckChainAsync(deadline.Token);
        var dbCheck = CheckDatabaseAsync(deadline.Token);
        var chainHealth = await chainCheck;
        var dbHealth = await dbCheck;
        IndexerHealth? indexer = null;
        try
        {
            indexer = await IndexerHealth.CheckAsync(services, db, chainHealth.LatestBlock, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or DependencyUnavailableException)
        {
            // the database section says why
        }
        TransactionsHealth? transactions = null;
        IssuanceBudgetState? issuance = null;
        if (dbHealth.Status == "ok")
        {
            try
            {
                issuance = await services.GetRequiredService<IssuanceBudget>().StateAsync(deadline.Token).WaitAsync(deadline.Token);
                // The keys' section alerts a person (stuck at the fee ceiling, no funds) without taking the service down.
                transactions = await TransactionHealth.CheckAsync(chain.Web3, chain.Keys, db, services.GetRequiredService<IOptions<TransactionOptions>>().Value,
                    time, chainUp: chainHealth.LatestBlock is not null, deadline.Token).WaitAsync(deadline.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or DependencyUnavailableException)
            {
                // the chain and database sections say why
            }
        }
        var ok = chainHealth.Status == "ok" && dbHealth.Status == "ok";
        return new HealthReport(ok ? "ok" : "down", chainHealth, dbHealth, indexer, transactions, issuance, time.GetUtcNow());
    }

    private async Task<ChainHealth> CheckChainAsync(CancellationToken ct)
    {
        var health = await CheckNodeAsync(ct);
        var watch = services.GetRequiredService<ChainWatch>();
        return watch.Replaced is { } replaced
            ? health with { Status = "down", Identity = "replaced", Error = $"chain replaced: {replaced}", GenesisHash = chain.Deployment.GenesisHash }
            : health with { GenesisHash = chain.Deployment.GenesisHash };
    }

    private async Task<ChainHealth> CheckNodeAsync(CancellationToken ct)
    {
        if (chain.Circuit.LastError is { } known)
            return new ChainHealth("down", chain.ChainId, null, new Dictionary<string, ContractHealth>(), $"JSON-RPC unreachable: {known}");
        try
        {
            var latest = chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync();
            var codes = chain.Deployment.Contracts.Select(c => (c.Key, c.Value.Address, Code: chain.Web3.Eth.GetCode.SendRequestAsync(c.Value.Address))).ToList();
            var block = (long)(await latest.WaitAsync(ct)).Value;
            var contracts = new Dictionary<string, ContractHealth>();
            foreach (var (name, address, code) in codes)
                contracts[name] = new ContractHealth(address, ContractCode.IsArtifactCode(name, Core.Crypto.Hex.Decode(await code.WaitAsync(ct) ?? "0x")));
            var allDeployed = contracts.Values.All(c => c.CodeDeployed);
            return new ChainHealth(allDeployed ? "ok" : "down", chain.ChainId, block, contracts,
                allDeployed ? null : "a contract's code is not at its recorded address (no code, or not the artifact's)");
        }
        catch (Exception e)
        {
            var reason = e is OperationCanceledException ? $"no answer within {options.CallTimeout.TotalSeconds:0.#} s" : e.GetBaseException().Message;
            return new ChainHealth("down", chain.ChainId, null, new Dictionary<string, ContractHealth>(), $"JSON-RPC unreachable: {reason}");
        }
    }

    private async Task<DatabaseHealth> CheckDatabaseAsync(CancellationToken ct)
    {
        var kind = db.Kind == DatabaseKind.Postgres ? "postgres" : "sqlite";
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct).WaitAsync(ct);
            return new DatabaseHealth("ok", kind, await Migrator.CurrentVersionAsync(connection).WaitAsync(ct), null);
        }
        catch (Exception e)
        {
            var reason = e is OperationCanceledException ? $"no answer within {options.CallTimeout.TotalSeconds:0.#} s" : e.GetBaseException().Message;
            return new DatabaseHealth("down", kind, null, reason);
        }
    }
}

using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Benchmarks.Relaying;

/// <summary>
/// Signed attestations accepted (validated and stored in the outbox) and confirmed on chain per
/// second, for relayer batch sizes 1, 10 and 100, against a real node. Each size gets a fresh
/// registry and SQLite outbox; requests are pre-signed so signing by clients is not timed.
/// </summary>
public static class RelayerBenchmark
{
    private const string Schema = "address partner,uint8 score,string context";

    public static async Task<int> RunAsync(string[] args)
    {
        var rpc = Arg(args, "--rpc") ?? "http://127.0.0.1:8545";
        var node = Arg(args, "--node") ?? "hardhat";
        var results = new Dictionary<string, object> { ["node"] = node };
        foreach (var (batch, count) in new[] { (1, 200), (10, 1000), (100, 5000) })
        {
            var rate = await MeasureAsync(rpc, batch, count);
            Console.Error.WriteLine($"batch {batch}: {count} attestations, {rate:0.0}/s accepted and confirmed");
            results[$"batch{batch}_per_s"] = Math.Round(rate, 1);
        }
        // The relayer alone: the 5,000 requests are in the outbox before it starts (intake not timed), the figure to set
        // beside the node's bound, since intake and relayer share this machine's two cores in the runs above.
        var relayOnly = await MeasureAsync(rpc, 100, 5000, intakeFirst: true);
        Console.Error.WriteLine($"relayer only, batch 100: {relayOnly:0.0}/s confirmed");
        results["relay_only_batch100_per_s"] = Math.Round(relayOnly, 1);
        var (web3, sender, registry, domain, schemaUid) = await SetUpAsync(rpc);
        var bound = await NodeBatchBound.MeasureAsync(web3, sender, registry, Presign(domain, schemaUid, 5000), 100);
        Console.Error.WriteLine($"node: 5000 attestations in pre-signed batches of 100 sent back to back, {bound:0.0}/s");
        results["node_batch100_per_s"] = Math.Round(bound, 1);
        results["batch100_vs_node"] = Math.Round((double)results["batch100_per_s"] / bound, 3);
        results["relay_only_vs_node"] = Math.Round(relayOnly / bound, 3);
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }

    /// <summary>A fresh registry with the benchmark's schema; the node-bound run signs with the minter key (the relayer's stays the relayer's).</summary>
    private static async Task<(Nethereum.Web3.IWeb3 Web3, Nethereum.Web3.Accounts.Account Sender, string Registry, RegistryDomain Domain, string SchemaUid)>
        SetUpAsync(string rpc)
    {
        var (chain, registry, schemaUid) = await DeployAsync(rpc);
        return (chain.Web3, chain.Keys.Minter!.ToAccount(chain.ChainId), registry, await RegistryDomain.ReadAsync(chain.Web3, registry), schemaUid);
    }

    private static async Task<(ChainConnection Chain, string Registry, string SchemaUid)> DeployAsync(string rpc)
    {
        var chain = await ChainConnection.ConnectAsync(
            new ChainOptions { RpcUrl = rpc, DeploymentsDirectory = Directory.CreateTempSubdirectory("bench-").FullName, DeployIfMissing = true },
            new KeyOptions(), [new("AttestationRegistry", _ => [])], NullLogger.Instance);
        var registry = chain.Deployment.AddressOf(ProductContracts.Registry);
        await chain.Web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>()
            .SendRequestAndWaitForReceiptAsync(registry, new RegisterSchemaFunction { Schema = Schema, Revocable = true });
        return (chain, registry, Hex.Encode(Keccak256.Hash([.. System.Text.Encoding.UTF8.GetBytes(Schema), .. new byte[20], 1])));
    }

    private static async Task<double> MeasureAsync(string rpc, int batchSize, int count, bool intakeFirst = false)
    {
        var (chain, registry, schemaUid) = await DeployAsync(rpc);

        await using var db = Database.Open($"Data Source={Path.Combine(Directory.CreateTempSubdirectory("bench-db-").FullName, "outbox.db")}");
        await Migrator.MigrateAsync(db);
        // The benchmark's schema is not a product schema: relayed because it is on the admin's list, as in production.
        await RelaySchemas.AllowAsync(db, new AllowedSchema
        {
            SchemaUid = schemaUid, Definition = Schema, Hook = RegistryUids.ZeroAddress, Reason = "relayer benchmark", AddedBy = "bench",
        });
        var options = new RelayerOptions { MaxBatchSize = batchSize, BatchWindow = TimeSpan.FromMilliseconds(20), PollInterval = TimeSpan.FromMilliseconds(2) };
        var outbox = new Outbox(db);
        var domain = await RegistryDomain.ReadAsync(chain.Web3, registry);
        var intake = new RelayIntake(new RelayValidator(chain.Web3, registry, domain, outbox, options, TimeProvider.System), outbox);
        var lease = new Lease(db, "relayer", "bench", TimeSpan.FromMinutes(10));
        await lease.TryAcquireOrRenewAsync();
        var relayer = new Relayer(chain.Web3, chain.Keys.Relayer.ToAccount(chain.ChainId), registry, outbox, options, NullLogger.Instance, TimeProvider.System);

        var requests = Presign(domain, schemaUid, count);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var relaying = intakeFirst ? null : relayer.RunAsync(lease, stop.Token);
        // Clients submit concurrently, as HTTP requests would arrive.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, ct) =>
        {
            var (submission, rejection) = await intake.SubmitAsync(request, ct);
            if (submission is null) throw new InvalidOperationException($"rejected: {rejection}");
        });
        Console.Error.WriteLine($"batch {batchSize}: all {count} accepted after {clock.Elapsed.TotalSeconds:0.00} s");
        if (intakeFirst) (clock, relaying) = (Stopwatch.StartNew(), relayer.RunAsync(lease, stop.Token));
        while (true)
        {
            await using var connection = await db.OpenConnectionAsync();
            var open = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM relay_requests WHERE status <> 'confirmed'");
            if (open == 0) break;
            var failed = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM relay_requests WHERE status = 'failed'");
            if (failed > 0) throw new InvalidOperationException($"{failed} requests failed");
            await Task.Delay(5);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        try { await relaying!; } catch (OperationCanceledException) { }
        return count / seconds;
    }

    private static List<SignedAttestation> Presign(RegistryDomain domain, string schemaUid, int count)
    {
        var schema = SchemaDefinition.Parse(Schema);
        var attesters = Enumerable.Range(0, 50).Select(_ => EthPrivateKey.Generate()).ToArray();
        var deadline = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var attester = attesters[i % attesters.Length];
            var subject = attesters[(i + 1) % attesters.Length].Address.ToLowerHex();
            var unsigned = new SignedAttestation(attester.Address.ToLowerHex(), schemaUid, subject, 0, RegistryUids.ZeroBytes32,
                new BigInteger(i + 1), Hex.Encode(schema.Encode(subject, (byte)(1 + i % 5), "delivered on time, as agreed!!!!")),
                deadline, "0x");
            return unsigned with { Signature = Hex.Encode(EthSigner.Sign(domain.AttestationDigest(unsigned), attester)) };
        })];
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

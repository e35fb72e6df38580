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
        var results = new Dictionary<string, double>();
        foreach (var (batch, count) in new[] { (1, 200), (10, 1000), (100, 5000) })
        {
            var rate = await MeasureAsync(rpc, batch, count);
            Console.Error.WriteLine($"batch {batch}: {count} attestations, {rate:0.0}/s accepted and confirmed");
            results[$"batch{batch}_per_s"] = Math.Round(rate, 1);
        }
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }

    private static async Task<double> MeasureAsync(string rpc, int batchSize, int count)
    {
        var chain = await ChainConnection.ConnectAsync(
            new ChainOptions { RpcUrl = rpc, DeploymentsDirectory = Directory.CreateTempSubdirectory("bench-").FullName, DeployIfMissing = true },
            new KeyOptions(), [new("AttestationRegistry", _ => [])], NullLogger.Instance);
        var registry = chain.Deployment.AddressOf(ProductContracts.Registry);
        await chain.Web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>()
            .SendRequestAndWaitForReceiptAsync(registry, new RegisterSchemaFunction { Schema = Schema, Revocable = true });
        var schemaUid = Hex.Encode(Keccak256.Hash([.. System.Text.Encoding.UTF8.GetBytes(Schema), .. new byte[20], 1]));

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
        var relaying = relayer.RunAsync(lease, stop.Token);
        // Clients submit concurrently, as HTTP requests would arrive.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, ct) =>
        {
            var (submission, rejection) = await intake.SubmitAsync(request, ct);
            if (submission is null) throw new InvalidOperationException($"rejected: {rejection}");
        });
        Console.Error.WriteLine($"batch {batchSize}: all {count} accepted after {clock.Elapsed.TotalSeconds:0.00} s");
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
        try { await relaying; } catch (OperationCanceledException) { }
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

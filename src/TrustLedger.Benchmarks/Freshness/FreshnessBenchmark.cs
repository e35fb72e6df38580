using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Benchmarks.Reputation;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Benchmarks.Freshness;

/// <summary>
/// Read-your-confirmation at scale (scripts/bench/freshness.sh). <c>freshness-seed</c> writes a synthetic network into
/// a stopped service's index tables (the generator of <see cref="ScaleBenchmark.Draws"/>: ratings 1..10 become 1..5
/// star endorsements, negative ones negative reports of severity 1..5), all in the block the registry checkpoint is
/// at, as if indexed there. <c>freshness</c> then, against the running service on the real local chain, attests one
/// endorsement at a time directly on the registry (about a brand-new subject) and times from the moment the node
/// returned the transaction (automine: its block exists) to the first 200 of /v1/reputation/{subject}: every part of
/// the path (indexer poll, incremental read, trust pass, publish) is inside. Last line {"ties","p50_ms","p95_ms",...}.
/// </summary>
public static class FreshnessBenchmark
{
    public static async Task<int> SeedAsync(string[] args)
    {
        var connectionString = Arg(args, "--db") ?? throw new ArgumentException("--db CONNECTION-STRING");
        var edges = int.Parse(Arg(args, "--ties") ?? "1000000", CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Arg(args, "--seed") ?? "20", CultureInfo.InvariantCulture);
        var web3 = new Web3(Arg(args, "--rpc") ?? "http://127.0.0.1:8545");
        await using var db = Database.Open(connectionString);
        await using var connection = await db.OpenConnectionAsync();
        var checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream)
                         ?? throw new InvalidOperationException("no registry checkpoint: start the service once first");
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(checkpoint.BlockNumber)));
        var time = (long)block.Timestamp.Value;
        var clock = Stopwatch.StartNew();
        await using var tx = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO attestations (uid, schema_uid, attester, subject, ref_uid, expiration, data, block_number, block_time, tx_hash, log_index)
            VALUES (@uid, @schema, @attester, @subject, NULL, 0, @data, @block, @time, @tx, @log)
            """;
        var p = new[] { "uid", "schema", "attester", "subject", "data", "block", "time", "tx", "log" }.Select(name =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        insert.Prepare();
        var written = 0;
        foreach (var (rater, subject, rating) in ScaleBenchmark.Draws(edges, seed))
        {
            if (rater == subject) continue;
            var schema = rating > 0 ? ProductSchemas.Endorsement : ProductSchemas.NegativeReport;
            var level = (byte)((Math.Abs(rating) + 1) / 2);
            p[0].Value = "0x" + written.ToString("x64", CultureInfo.InvariantCulture);
            p[1].Value = schema.Uid;
            p[2].Value = ScaleBenchmark.PartyAddress(rater);
            p[3].Value = ScaleBenchmark.PartyAddress(subject);
            p[4].Value = schema.Parsed.Encode(level, ProductSchemas.ToBytes32(written % 7 == 0 ? "logistics" : "")!, "");
            p[5].Value = checkpoint.BlockNumber;
            p[6].Value = time;
            p[7].Value = "0x" + (written / 100).ToString("x64", CultureInfo.InvariantCulture);
            p[8].Value = 1_000_000 + written;
            await insert.ExecuteNonQueryAsync();
            written++;
        }
        await tx.CommitAsync();
        Console.Error.WriteLine($"seeded {written:N0} attestations at block {checkpoint.BlockNumber} in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(JsonSerializer.Serialize(new { attestations = written, block = checkpoint.BlockNumber, known = ScaleBenchmark.PartyAddress(0) }));
        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var url = Arg(args, "--url") ?? "http://127.0.0.1:5080";
        var rpc = Arg(args, "--rpc") ?? "http://127.0.0.1:8545";
        var deployments = Arg(args, "--deployments") ?? "deployments";
        var samples = int.Parse(Arg(args, "--samples") ?? "50", CultureInfo.InvariantCulture);
        var known = Arg(args, "--known") ?? ScaleBenchmark.PartyAddress(0);
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var ready = Stopwatch.StartNew();
        var ties = await WaitForBoardAsync(http, known, TimeSpan.FromMinutes(30));
        Console.Error.WriteLine($"board up after {ready.Elapsed.TotalSeconds:F1} s: {ties:N0} ties");

        var chainId = (long)(await new Web3(rpc).Eth.ChainId.SendRequestAsync()).Value;
        var registry = Deployment.Read(deployments, chainId)?.AddressOf(ProductContracts.Registry)
                       ?? throw new InvalidOperationException($"no deployments file for chain {chainId} in {deployments}");
        var attesters = Enumerable.Range(2, 18) // #0 relays and #1 issues for the host: leave their nonces alone
            .Select(i => new Web3(new Account(KeyStore.Derive(KeyStore.HardhatDevMnemonic, i), chainId), rpc)).ToArray();
        var latencies = new List<double>();
        for (var i = -3; i < samples; i++) // three warm-up samples, not counted
        {
            var subject = EthPrivateKey.Generate().Address.ToLowerHex();
            var request = new AttestationRequest
            {
                Schema = Hex.Decode(ProductSchemas.Endorsement.Uid),
                Subject = subject,
                Nonce = new BigInteger(2_000_000 + i + 3),
                Data = ProductSchemas.Endorsement.Parsed.Encode((byte)5, ProductSchemas.ToBytes32("logistics")!, "freshness"),
            };
            var handler = attesters[(i + 3) % attesters.Length].Eth.GetContractTransactionHandler<AttestFunction>();
            // Automine: the node has mined the block when it answers with the hash; the clock starts there.
            await handler.SendRequestAsync(registry, new AttestFunction { Request = request, Gas = new HexBigInteger(500_000) });
            var clock = Stopwatch.StartNew();
            while (!(await http.GetAsync($"/v1/reputation/{subject}")).IsSuccessStatusCode)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{subject} never appeared");
                await Task.Delay(5);
            }
            var ms = clock.Elapsed.TotalMilliseconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample {i}: {ms:F0} ms"));
            if (i >= 0) latencies.Add(ms);
        }
        latencies.Sort();
        var result = new
        {
            ties,
            p50_ms = Math.Round(Percentile(latencies, 0.50)),
            p95_ms = Math.Round(Percentile(latencies, 0.95)),
            max_ms = Math.Round(latencies[^1]),
            samples = latencies.Count,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static double Percentile(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(sorted.Count * q) - 1)];

    /// <summary>Waits until <paramref name="party"/> has a reputation, then returns the network's tie count.</summary>
    private static async Task<int> WaitForBoardAsync(HttpClient http, string party, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await http.GetAsync($"/v1/reputation/{party}")).IsSuccessStatusCode)
                return JsonDocument.Parse(await http.GetStringAsync("/v1/network/summary")).RootElement.GetProperty("ties").GetInt32();
            await Task.Delay(500);
        }
        throw new TimeoutException($"no board holds {party} after {timeout}");
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

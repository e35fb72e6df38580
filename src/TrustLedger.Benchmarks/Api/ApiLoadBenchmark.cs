using System.Diagnostics;
using System.Net;
using System.Numerics;
using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Benchmarks.Api;

/// <summary>
/// Load on a running TrustLedger host over 127.0.0.1: GET /v1/reputation/{address} for random
/// known parties, and the trivial GET /livez of the same app, 50 concurrent connections each,
/// same duration, same client. Seeds the chain first with direct endorsements from Hardhat's
/// dev accounts so the board has a few hundred parties.
/// </summary>
public static class ApiLoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Arg(args, "--url") ?? "http://127.0.0.1:5080";
        var rpc = Arg(args, "--rpc") ?? "http://127.0.0.1:8545";
        var deployments = Arg(args, "--deployments") ?? "deployments";
        var seconds = int.Parse(Arg(args, "--seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        const int concurrency = 50;

        var (parties, lastBlock) = await SeedAsync(rpc, deployments);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
        await WaitForBoardAsync(http, parties[0], lastBlock);
        Console.Error.WriteLine($"seeded {parties.Count} parties up to block {lastBlock}; load: {concurrency} connections, {seconds} s per endpoint");

        var random = new Random(42);
        var paths = parties.Select(p => $"/v1/reputation/{p}").ToArray();
        await LoadAsync(http, _ => "/livez", concurrency, 2); // warm-up both paths
        await LoadAsync(http, i => paths[i % paths.Length], concurrency, 2);
        var trivial = await LoadAsync(http, _ => "/livez", concurrency, seconds);
        var reputation = await LoadAsync(http, i => paths[(int)((uint)(i * 2654435761L) % paths.Length)], concurrency, seconds);
        Console.Error.WriteLine($"trivial: {trivial.Rps:0} rps, p99 {trivial.P99Ms:0.00} ms; reputation: {reputation.Rps:0} rps, p99 {reputation.P99Ms:0.00} ms; ratio {reputation.Rps / trivial.Rps:0.00}; non-200 answers: {trivial.Errors} trivial, {reputation.Errors} reputation");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            reputation_rps = Math.Round(reputation.Rps),
            reputation_p99_ms = Math.Round(reputation.P99Ms, 2),
            trivial_rps = Math.Round(trivial.Rps),
            trivial_p99_ms = Math.Round(trivial.P99Ms, 2),
        }));
        return reputation.Errors + trivial.Errors == 0 ? 0 : 1;
    }

    private sealed record LoadResult(double Rps, double P99Ms, int Errors);

    private static async Task<LoadResult> LoadAsync(HttpClient http, Func<long, string> path, int concurrency, int seconds)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        long counter = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path(Interlocked.Increment(ref counter)), HttpCompletionOption.ResponseContentRead);
                if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / elapsed, all[(int)Math.Min(all.Length - 1, Math.Ceiling(all.Length * 0.99) - 1)], errors);
    }

    /// <summary>Each of Hardhat's 20 dev accounts endorses 25 of 400 parties directly on the registry.</summary>
    private static async Task<(List<string> Parties, long LastBlock)> SeedAsync(string rpc, string deployments)
    {
        var probe = new Web3(rpc);
        var chainId = (long)(await probe.Eth.ChainId.SendRequestAsync()).Value;
        var registry = Deployment.Read(deployments, chainId)?.AddressOf(ProductContracts.Registry)
                       ?? throw new InvalidOperationException($"no deployments file for chain {chainId} in {deployments}");
        var random = new Random(7);
        var subjects = Enumerable.Range(0, 400).Select(_ => EthPrivateKey.Generate().Address.ToLowerHex()).ToList();
        var schema = ProductSchemas.Endorsement;
        long lastBlock = 0;
        var parties = new HashSet<string>(); // only parties an endorsement names: a never-endorsed subject is a 404
        for (var i = 2; i < 20; i++) // #0 relays and #1 issues for the host: leave their nonces alone
        {
            var key = KeyStore.Derive(KeyStore.HardhatDevMnemonic, i);
            var web3 = new Web3(new Account(key, chainId), rpc);
            var attester = new ServiceKey("bench", key).Address;
            parties.Add(attester);
            var requests = Enumerable.Range(0, 25).Select(j => new AttestationRequest
            {
                Schema = Hex.Decode(schema.Uid),
                Subject = subjects[random.Next(subjects.Count)],
                Nonce = new BigInteger(1_000_000 + j),
                Data = schema.Parsed.Encode((byte)random.Next(1, 6), ProductSchemas.ToBytes32("bench")!, "seeded for the load test"),
            }).ToList();
            parties.UnionWith(requests.Select(r => r.Subject));
            var receipt = await web3.Eth.GetContractTransactionHandler<MultiAttestFunction>()
                .SendRequestAndWaitForReceiptAsync(registry, new MultiAttestFunction { Requests = requests, Gas = new HexBigInteger(3_000_000) });
            lastBlock = Math.Max(lastBlock, (long)receipt.BlockNumber.Value);
        }
        return ([.. parties.Order(StringComparer.Ordinal)], lastBlock);
    }

    private static async Task WaitForBoardAsync(HttpClient http, string party, long block)
    {
        for (var i = 0; i < 600; i++)
        {
            var response = await http.GetAsync($"/v1/reputation/{party}");
            if (response.IsSuccessStatusCode
                && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("asOfBlock").GetInt64() >= block)
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the host's reputation board never caught up with the seeded block");
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

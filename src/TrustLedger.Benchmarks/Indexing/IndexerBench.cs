using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Npgsql;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Benchmarks.Indexing;

/// <summary>
/// Events ingested per second from the node into SQLite and into PostgreSQL, by the real indexer
/// (same code and options as the service), then the same ranges again piece by piece to show which
/// part bounds it: the node answering eth_getLogs, the client parsing the JSON, decoding the
/// events, or writing them. Prints one JSON object as its last line.
/// </summary>
public static class IndexerBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = Options.Parse(args);
        double sqlite, postgres, fetch;
        // Log lines go to stderr, and are flushed (factory disposed) before the result line on stdout.
        using (var loggers = LoggerFactory.Create(b => b
                   .AddSimpleConsole(c => c.SingleLine = true)
                   .AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace)
                   .SetMinimumLevel(LogLevel.Information)))
        {
            var logger = loggers.CreateLogger("indexer-bench");
            var web3 = new Web3(o.Rpc);
            sqlite = await IngestAsync(Database.Open(Path.Combine(o.Work, "bench-indexer.db")), web3, o, logger);
            postgres = await IngestAsync(Database.Open(await FreshPostgresAsync(o.Postgres)), web3, o, logger);
            fetch = await BreakdownAsync(web3, o, logger);
        }

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, long>
        {
            ["sqlite_events_per_s"] = (long)sqlite,
            ["postgres_events_per_s"] = (long)postgres,
            ["fetch_events_per_s"] = (long)fetch,
        }));
        return 0;
    }

    /// <summary>The whole indexer, from the deployment block to the head, into an empty database.</summary>
    private static async Task<double> IngestAsync(Database db, IWeb3 web3, Options o, ILogger logger)
    {
        await using var _ = db;
        await Migrator.MigrateAsync(db);
        var indexer = new AttestationIndexer(db, web3, o.Registry, o.DeploymentBlock, 0, new IndexerOptions(), logger);
        var clock = Stopwatch.StartNew();
        var steps = 0;
        while (!await indexer.StepAsync(null, CancellationToken.None)) steps++;
        clock.Stop();

        await using var connection = await db.OpenConnectionAsync();
        var count = await AttestationStore.CountAsync(connection, new AttestationFilter());
        if (count != o.Events) throw new InvalidOperationException($"{db.Description}: indexed {count} attestations, expected {o.Events}");
        var perSecond = count / clock.Elapsed.TotalSeconds;
        logger.LogInformation("{Db}: {Count} events in {Seconds:F2} s over {Steps} steps = {Rate:F0} events/s; inside the indexer: {Timings}",
            db.Kind, count, clock.Elapsed.TotalSeconds, steps, perSecond, indexer.Timings);
        return perSecond;
    }

    /// <summary>
    /// The same walk cut into its parts, each timed alone over all events: raw HTTP (node time),
    /// HTTP + JSON parse into logs (the indexer's streaming client, and Nethereum's for comparison),
    /// decoding into rows, and each DB write. Returns the indexer's fetch-and-parse rate: the bound
    /// of ingest without a database, measured in the same run.
    /// </summary>
    private static async Task<double> BreakdownAsync(IWeb3 web3, Options o, ILogger logger)
    {
        var source = new RegistryLogSource(web3, o.Registry);
        var head = await source.GetHeadAsync();
        var ranges = new List<(long From, long To)>();
        var range = new BlockRange(new IndexerOptions());
        var logs = new List<RegistryLog[]>();
        var fetch = Stopwatch.StartNew();
        for (var from = o.DeploymentBlock; from <= head;)
        {
            var to = Math.Min(head, from + range.Size - 1);
            var batch = await source.GetLogsAsync(from, to);
            logs.Add(batch);
            ranges.Add((from, to));
            range.Fitted(to - from + 1, batch.Length);
            from = to + 1;
        }
        fetch.Stop();

        var nethereum = Stopwatch.StartNew();
        foreach (var (from, to) in ranges)
        {
            var filter = new NewFilterInput
            {
                Address = [o.Registry], FromBlock = new BlockParameter(new HexBigInteger(from)), ToBlock = new BlockParameter(new HexBigInteger(to)),
                Topics = [RegistryLogDecoder.Topics],
            };
            _ = await web3.Client.SendRequestAsync<FilterLog[]>(new RpcRequest(1, "eth_getLogs", filter));
        }
        nethereum.Stop();

        using var http = new HttpClient();
        var raw = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var (from, to) in ranges)
        {
            var body = $$"""{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"address":"{{o.Registry}}","fromBlock":"0x{{from:x}}","toBlock":"0x{{to:x}}","topics":[[{{string.Join(",", RegistryLogDecoder.Topics.Select(t => $"\"{t}\""))}}]]}]}""";
            using var response = await http.PostAsync(o.Rpc, new StringContent(body, Encoding.UTF8, "application/json"));
            bytes += (await response.Content.ReadAsByteArrayAsync()).LongLength;
        }
        raw.Stop();

        var ends = new List<BlockRef>();
        foreach (var (_, to) in ranges) ends.Add((await source.GetBlockAsync(to))!);
        var decode = Stopwatch.StartNew();
        var batches = new List<IndexBatch>();
        for (var i = 0; i < ranges.Count; i++)
            batches.Add(RegistryLogDecoder.Decode(ranges[i].From, ends[i], logs[i], new Dictionary<long, BlockRef>()));
        decode.Stop();
        var events = batches.Sum(b => b.EventCount);

        var sqliteWrite = await TimeWritesAsync(Database.Open(Path.Combine(o.Work, "bench-indexer-writes.db")), o, batches);
        var postgresWrite = await TimeWritesAsync(Database.Open(await FreshPostgresAsync(o.Postgres)), o, batches);

        string Rate(TimeSpan t) => $"{t.TotalSeconds:F2} s = {events / t.TotalSeconds:F0} events/s";
        logger.LogInformation("Breakdown over {Events} events in {Ranges} eth_getLogs ranges ({MB:F0} MB of JSON):", events, ranges.Count, bytes / 1e6);
        logger.LogInformation("  node, eth_getLogs answered (raw HTTP, no parsing): {Rate}", Rate(raw.Elapsed));
        logger.LogInformation("  eth_getLogs incl. JSON parse (LogsClient, streaming): {Rate}", Rate(fetch.Elapsed));
        logger.LogInformation("  eth_getLogs incl. JSON parse (Nethereum, before):    {Rate}", Rate(nethereum.Elapsed));
        logger.LogInformation("  decoding with the typed event DTOs:                  {Rate}", Rate(decode.Elapsed));
        logger.LogInformation("  SQLite writes (one transaction per range):           {Rate}", Rate(sqliteWrite));
        logger.LogInformation("  PostgreSQL writes (one transaction per range):       {Rate}", Rate(postgresWrite));
        return events / fetch.Elapsed.TotalSeconds;
    }

    private static async Task<TimeSpan> TimeWritesAsync(Database db, Options o, List<IndexBatch> batches)
    {
        await using var _ = db;
        await Migrator.MigrateAsync(db);
        var writer = new IndexWriter(db, AttestationIndexer.RegistryStream, new IndexerOptions());
        var checkpoint = await writer.ResetAsync(o.Registry, (await new RegistryLogSource(new Web3(o.Rpc), o.Registry).GetBlockAsync(o.DeploymentBlock - 1))!, null, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches) checkpoint = await writer.ApplyAsync(batch, checkpoint, null, CancellationToken.None);
        return clock.Elapsed;
    }

    private static async Task<string> FreshPostgresAsync(string server)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
            await connection.ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private sealed record Options(string Rpc, string Registry, long DeploymentBlock, long Events, string Postgres, string Work)
    {
        public static Options Parse(string[] args)
        {
            var map = new Dictionary<string, string>();
            for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
            string Need(string key) => map.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required");
            return new Options(Need("rpc"), Need("registry").ToLowerInvariant(), long.Parse(Need("deployment-block")),
                long.Parse(Need("events")), Need("postgres"), map.GetValueOrDefault("work") ?? Path.GetTempPath());
        }
    }
}

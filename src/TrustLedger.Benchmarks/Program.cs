// Benchmarks run by scripts/bench/NAME.sh: `dotnet TrustLedger.Benchmarks.dll NAME [options]`.
// Each prints its figures as one JSON object on the last line of stdout; progress goes to stderr.
using TrustLedger.Benchmarks.Api;
using TrustLedger.Benchmarks.Credentials;
using TrustLedger.Benchmarks.Freshness;
using TrustLedger.Benchmarks.Fuzzing;
using TrustLedger.Benchmarks.Indexing;
using TrustLedger.Benchmarks.Relaying;
using TrustLedger.Benchmarks.Relationships;
using TrustLedger.Benchmarks.Reputation;
using TrustLedger.Benchmarks.Snapshots;
using TrustLedger.Benchmarks.Sybil;

return args switch
{
    ["snapshot", .. var rest] => SnapshotBenchmark.Run(rest),
    ["relayer", .. var rest] => await RelayerBenchmark.RunAsync(rest),
    ["reputation", var file] => ReputationBenchmark.Run(file),
    ["betweenness", var file] => BetweennessBenchmark.Run(file),
    ["scale", .. var rest] => ScaleBenchmark.Run(rest),
    ["relationships", var file] => RelationshipsBenchmark.Run(file),
    ["sybil", var dataDir] => SybilBenchmark.Run(dataDir, "flood"),
    ["sybil", var dataDir, "--engine", var engine] => SybilBenchmark.Run(dataDir, engine),
    ["indexer", .. var rest] => await IndexerBench.RunAsync(rest),
    ["api", .. var rest] => await ApiLoadBenchmark.RunAsync(rest),
    ["credentials", .. var rest] => await CredentialsBench.RunAsync(rest),
    ["sdjwt", .. var rest] => await SdJwtBench.RunAsync(rest),
    ["fuzz", .. var rest] => await FuzzCommand.RunAsync(rest),
    ["freshness-seed", .. var rest] => await FreshnessBenchmark.SeedAsync(rest),
    ["freshness", .. var rest] => await FreshnessBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: TrustLedger.Benchmarks snapshot [--parties N] [--runs N] [--out FILE]
               TrustLedger.Benchmarks relayer --rpc URL
               TrustLedger.Benchmarks reputation EDGES.txt[.gz]
               TrustLedger.Benchmarks betweenness SIGNED-EDGES.csv
               TrustLedger.Benchmarks scale --ties N [--seed N] [--repeat N] [--trust-only]
               TrustLedger.Benchmarks relationships SIGNED-TIMED-EDGES.csv
               TrustLedger.Benchmarks sybil DATA-DIR [--engine flood|asis]
               TrustLedger.Benchmarks api --url URL --rpc URL --deployments DIR [--seconds N]
               TrustLedger.Benchmarks credentials [--typed-data-out FILE] [--seconds N]
               TrustLedger.Benchmarks sdjwt [--seconds N]
               TrustLedger.Benchmarks fuzz --url URL [--admin-key HEX] [--requests N] [--seconds N] [--concurrency N]
               TrustLedger.Benchmarks freshness-seed --db CS --rpc URL [--ties N] [--seed N]
               TrustLedger.Benchmarks freshness --url URL --rpc URL --deployments DIR [--samples N] [--known ADDRESS]
               TrustLedger.Benchmarks indexer --rpc URL --registry ADDRESS --deployment-block N --events N --postgres CS [--work DIR]
        """);
    return 2;
}

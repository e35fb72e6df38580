using TrustLedger.Benchmarks.Indexing;

// scripts/bench/NAME.sh runs `TrustLedger.Benchmarks NAME [options]`; the last line printed is the result JSON.
return args switch
{
    ["indexer", .. var rest] => await IndexerBench.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TrustLedger.Benchmarks indexer --rpc URL --registry ADDRESS --deployment-block N --events N --postgres CS [--work DIR]");
    return 2;
}

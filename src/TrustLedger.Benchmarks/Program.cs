using TrustLedger.Benchmarks.Reputation;

// Benchmarks by name; each prints one JSON object as its last line.
return args switch
{
    ["reputation", var file] => ReputationBenchmark.Run(file),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TrustLedger.Benchmarks reputation EDGES.txt[.gz]");
    return 2;
}

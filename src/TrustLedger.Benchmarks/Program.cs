// Benchmarks run by scripts/bench/NAME.sh: `dotnet run -c Release --project src/TrustLedger.Benchmarks -- NAME [options]`.
// Each prints its figures as one JSON object on the last line of stdout; progress goes to stderr.
using TrustLedger.Benchmarks.Relaying;
using TrustLedger.Benchmarks.Snapshots;

return args.FirstOrDefault() switch
{
    "snapshot" => SnapshotBenchmark.Run(args[1..]),
    "relayer" => await RelayerBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TrustLedger.Benchmarks snapshot [--parties N] [--runs N] [--out FILE] | relayer --rpc URL");
    return 2;
}

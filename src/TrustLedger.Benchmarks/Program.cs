// Benchmarks: `dotnet TrustLedger.Benchmarks.dll <name> [args]`; each prints one JSON line last.
return args.FirstOrDefault() switch
{
    "credentials" => await TrustLedger.Benchmarks.Credentials.CredentialsBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TrustLedger.Benchmarks credentials [--typed-data-out FILE] [--seconds N]");
    return 2;
}

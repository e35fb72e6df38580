namespace TrustLedger.Api.Hosting;

public static class Configuration
{
    /// <summary>
    /// Short environment variable names for the settings people change most. The long form
    /// (Chain__RpcUrl, ConnectionStrings__Database, ...) works too, as in any ASP.NET Core app.
    /// </summary>
    private static readonly (string Variable, string Key)[] ShortNames =
    [
        ("TRUSTLEDGER_RPC_URL", "Chain:RpcUrl"),
        ("TRUSTLEDGER_CHAIN_ID", "Chain:ChainId"),
        ("TRUSTLEDGER_DEPLOYMENTS_DIR", "Chain:DeploymentsDirectory"),
        ("TRUSTLEDGER_DB", "ConnectionStrings:Database"),
        ("TRUSTLEDGER_MNEMONIC", "Keys:Mnemonic"),
        ("TRUSTLEDGER_KEYSTORE_FILE", "Keys:KeystoreFile"),
        ("TRUSTLEDGER_KEYSTORE_PASSWORD", "Keys:KeystorePassword"),
        ("TRUSTLEDGER_CONTRACT_ADMIN", "Keys:ContractAdmin"),
    ];

    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static void AddTrustLedgerConfiguration(this WebApplicationBuilder builder)
    {
        var values = ShortNames
            .Select(n => (n.Key, Value: Environment.GetEnvironmentVariable(n.Variable)))
            .Where(v => !string.IsNullOrEmpty(v.Value))
            .ToDictionary(v => v.Key, v => v.Value);
        if (values.Count > 0) builder.Configuration.AddInMemoryCollection(values);

        // Loopback only unless told otherwise (ASPNETCORE_URLS, --urls or Urls in configuration).
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);

        // The host logs a failed start with a stack trace; RunUntilStoppedAsync reports start-up
        // failures in one line instead (and rethrows anything else, which then shows in full).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }
}

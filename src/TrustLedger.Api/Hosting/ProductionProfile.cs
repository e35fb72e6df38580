using System.Net;
using TrustLedger.Core.Auth;
using TrustLedger.Core;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Api.Hosting;

/// <summary>
/// ASPNETCORE_ENVIRONMENT=Production refuses to start on anything that only makes sense on a laptop: the
/// development chain, Hardhat's public keys (as service keys, contract admin, admins, issuers or trust anchors),
/// a per-process JWT key, a missing or local sign-in domain, a placeholder public base URL, contracts deployed
/// as a side effect of starting. Every refusal names its configuration key; all are reported at once, so one
/// restart fixes them all. Runs after the database and the chain are connected (their failures come first,
/// with their own messages) and before any worker starts.
/// </summary>
public static class ProductionProfile
{
    public static void AddProductionProfile(this WebApplicationBuilder builder) =>
        builder.Services.AddHostedService<ProductionProfileCheck>();

    /// <summary>What in this configuration is a development default; empty when none is.</summary>
    public static IReadOnlyList<string> Refusals(IConfiguration configuration, long chainId, KeyStore keys, RoleGrants grants)
    {
        var refusals = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration["Auth:SigningKey"]))
            refusals.Add("Auth:SigningKey (TRUSTLEDGER_JWT_KEY) is required in the Production environment: a random per-process key " +
                "logs everyone out on each restart and differs between replicas (openssl rand -base64 32, or an EC P-256 PEM)");

        var domain = configuration["Auth:Domain"]?.Trim();
        if (string.IsNullOrEmpty(domain))
            refusals.Add("Auth:Domain (TRUSTLEDGER_AUTH_DOMAIN) is required: the SIWE domain users sign in for, e.g. app.example.org");
        else if (IsLocalOrPlaceholderHost(domain.Split(':')[0]))
            refusals.Add($"Auth:Domain (TRUSTLEDGER_AUTH_DOMAIN) '{domain}' is a local or placeholder host: give the public host users sign in from");

        var baseUrl = configuration["Credentials:PublicBaseUrl"]?.Trim();
        if (string.IsNullOrEmpty(baseUrl) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme != "https")
            refusals.Add($"Credentials:PublicBaseUrl must be the service's public https URL (credential ids and status lists live under it); got '{baseUrl}'");
        else if (IsLocalOrPlaceholderHost(url.Host))
            refusals.Add($"Credentials:PublicBaseUrl '{baseUrl}' is a local or placeholder host (the shipped default is a placeholder): give the service's public URL");

        if (chainId == ChainOptions.DevChainId)
            refusals.Add($"Chain:ChainId / TRUSTLEDGER_RPC_URL: the node is chain {ChainOptions.DevChainId}, the local development chain: point TRUSTLEDGER_RPC_URL at a real network");
        if (configuration.GetValue<bool>("Chain:DeployIfMissing"))
            refusals.Add("Chain:DeployIfMissing must be false: on a real network contracts are deployed deliberately (scripts/deploy.sh), never as a side effect of starting");

        if (DevelopmentKeys.IsDevelopmentMnemonic(configuration["Keys:Mnemonic"]))
            refusals.Add("Keys:Mnemonic (TRUSTLEDGER_MNEMONIC) is Hardhat's public development mnemonic: every key derived from it is known to everyone");
        else
            foreach (var key in keys.All)
                if (DevelopmentKeys.IndexOf(key.Address) is { } index)
                    refusals.Add($"{KeySetting(key.Role, keys.Source)}: the {key.Role} key {key.Address} is Hardhat's public development account #{index}");
        if (DevelopmentKeys.IndexOf(keys.Admin) is { } adminIndex)
            refusals.Add($"Keys:ContractAdmin (TRUSTLEDGER_CONTRACT_ADMIN) {keys.Admin} is Hardhat's public development account #{adminIndex}");

        foreach (var (setting, addresses) in new[]
                 {
                     ("Auth:Admins (TRUSTLEDGER_ADMINS)", grants.Admins.Select(a => a.ToLowerHex())),
                     ("Auth:Issuers (TRUSTLEDGER_ISSUERS)", grants.Issuers.Select(a => a.ToLowerHex())),
                     ("Reputation:Seeds", configuration.GetSection(ReputationSettings.Section).Get<ReputationSettings>()?.Seeds ?? []),
                 })
        {
            var dev = addresses.Where(a => DevelopmentKeys.IndexOf(a) is not null).ToList();
            if (dev.Count > 0)
                refusals.Add($"{setting} lists Hardhat's public development account(s) {string.Join(", ", dev)}: anyone holds their keys");
        }
        return refusals;
    }

    private static string KeySetting(string role, string source) => source == "keystore"
        ? role switch
        {
            "relayer" => "Keys:KeystoreFile (TRUSTLEDGER_KEYSTORE_FILE)",
            "issuer" => "Keys:IssuerKeystoreFile",
            "minter" => "Keys:MinterKeystoreFile",
            _ => "Keys:PublisherKeystoreFile",
        }
        : $"Keys:Mnemonic (TRUSTLEDGER_MNEMONIC), Keys:{char.ToUpperInvariant(role[0])}{role[1..]}Index";

    /// <summary>localhost, loopback and private-use names, and the names RFC 2606/6761 reserve for examples and tests.</summary>
    private static bool IsLocalOrPlaceholderHost(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host, out var ip)) return IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any);
        string[] reserved = ["localhost", "example", "test", "invalid", "local", "example.com", "example.org", "example.net"];
        return reserved.Any(r => host == r || host.EndsWith("." + r, StringComparison.Ordinal));
    }

    private sealed class ProductionProfileCheck(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            if (!environment.IsProduction()) return Task.CompletedTask;
            var chain = services.GetRequiredService<ChainConnection>();
            var refusals = Refusals(configuration, chain.ChainId, chain.Keys, services.GetRequiredService<RoleGrants>());
            if (refusals.Count > 0)
                throw new StartupFailure(string.Join("; ", refusals) + " (the Production profile refuses development defaults: docs/deploy.md)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

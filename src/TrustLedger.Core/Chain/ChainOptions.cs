namespace TrustLedger.Core.Chain;

/// <summary>Where the chain is and how the service treats it (configuration section "Chain").</summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    /// <summary>JSON-RPC endpoint of any EVM chain (env TRUSTLEDGER_RPC_URL).</summary>
    public string RpcUrl { get; set; } = "http://127.0.0.1:8545";

    /// <summary>Expected chain id; when set, start-up fails if the node reports another one.</summary>
    public long? ChainId { get; set; }

    /// <summary>Folder with one deployments file per chain id ("{chainId}.json").</summary>
    public string DeploymentsDirectory { get; set; } = "deployments";

    /// <summary>
    /// Deploy the contracts when the deployments file has none, or its addresses hold no code
    /// (a restarted development chain). Off by default: on a real network deploying is a
    /// deliberate act, never a side effect of starting the API.
    /// </summary>
    public bool DeployIfMissing { get; set; }

    /// <summary>Blocks to wait before an event counts as final (0 on the development chain).</summary>
    public int Confirmations { get; set; }

    /// <summary>
    /// After a JSON-RPC call fails on the way (node down, unreachable, no answer in time), requests that
    /// need the node are answered 503 at once for this long (Retry-After) instead of waiting (<see cref="NodeCircuit"/>).
    /// </summary>
    public TimeSpan NodeRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often every replica checks that the node is still the chain its data belongs to (genesis hash and the
    /// code at our contracts' addresses, <see cref="ChainWatch"/>); also checked before each send and on every reorg.
    /// </summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(3);

    public const long DevChainId = 31337;
}

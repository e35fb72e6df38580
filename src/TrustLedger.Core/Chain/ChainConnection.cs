using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts;

namespace TrustLedger.Core.Chain;

/// <summary>A contract the service needs on chain, and how to build its constructor arguments.</summary>
public sealed record ContractSpec(string Name, Func<KeyStore, object[]> ConstructorArguments);

/// <summary>
/// The service's one view of the chain: an <see cref="IWeb3"/> that signs as the relayer (it deploys and registers
/// the product schemas at start-up; constructor arguments, not the deployer, decide who holds which role), the
/// chain id the node reported, the keys, and where our contracts are. Built once at start-up.
/// </summary>
public sealed class ChainConnection
{
    private ChainConnection(IWeb3 web3, NodeCircuit circuit, long chainId, KeyStore keys, Deployment deployment, ChainOptions options)
    {
        Web3 = web3;
        Circuit = circuit;
        ChainId = chainId;
        Keys = keys;
        Deployment = deployment;
        Options = options;
    }

    public IWeb3 Web3 { get; }

    /// <summary>Whether the node answers: every call of <see cref="Web3"/> goes through it.</summary>
    public NodeCircuit Circuit { get; }
    public long ChainId { get; }
    public KeyStore Keys { get; }
    public Deployment Deployment { get; }
    public ChainOptions Options { get; }

    public static async Task<ChainConnection> ConnectAsync(
        ChainOptions options, KeyOptions keyOptions, IReadOnlyList<ContractSpec> contracts, ILogger logger,
        CancellationToken ct = default)
    {
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var rpc) || rpc.Scheme is not ("http" or "https"))
            throw new ChainSetupException($"Chain:RpcUrl (TRUSTLEDGER_RPC_URL) is not an http(s) URL: '{options.RpcUrl}'");

        long chainId;
        try
        {
            chainId = (long)(await new Web3(options.RpcUrl).Eth.ChainId.SendRequestAsync()).Value;
        }
        catch (Exception e)
        {
            throw new ChainSetupException($"cannot reach the JSON-RPC endpoint {Redact(rpc)}: {Innermost(e).Message}");
        }
        if (options.ChainId is { } expected && expected != chainId)
            throw new ChainSetupException($"the node at {Redact(rpc)} is chain {chainId}, but Chain:ChainId says {expected}");

        KeyStore keys;
        try
        {
            keys = KeyStore.Load(keyOptions, chainId);
        }
        catch (KeyStoreException e)
        {
            throw new ChainSetupException(e.Message);
        }
        var circuit = new NodeCircuit(options.NodeRetryAfter);
        var web3 = new Web3(keys.Relayer.ToAccount(chainId), new RpcClient(rpc, new HttpClient(circuit)));
        web3.TransactionManager.UseLegacyAsDefault = false;

        var deployment = await EnsureDeployedAsync(web3, chainId, keys, options, contracts, logger, ct);
        logger.LogInformation(
            "Connected to chain {ChainId} at {Rpc}; keys from {Source}: relayer {Relayer}, issuer {Issuer}, minter {Minter}, publisher {Publisher}; contract admin {Admin}",
            chainId, Redact(rpc), keys.Source, keys.Relayer.Address, keys.Issuer.Address, keys.Minter?.Address ?? "none",
            keys.Publisher?.Address ?? "none", keys.Admin ?? "none");
        return new ChainConnection(web3, circuit, chainId, keys, deployment, options);
    }

    /// <summary>
    /// Reuses a recorded contract only on the chain it was recorded for (same genesis), at an address no other
    /// contract of ours claims, holding the artifact's code; anything else is missing (deployed anew when allowed).
    /// </summary>
    private static async Task<Deployment> EnsureDeployedAsync(
        IWeb3 web3, long chainId, KeyStore keys, ChainOptions options, IReadOnlyList<ContractSpec> contracts,
        ILogger logger, CancellationToken ct)
    {
        var genesis = await GenesisHashAsync(web3);
        var known = Deployment.Read(options.DeploymentsDirectory, chainId);
        if (known?.GenesisHash is { } recorded && recorded != genesis)
        {
            logger.LogWarning("Chain {ChainId} has genesis {Genesis}, but {File} was written for genesis {Recorded}: none of its contracts is reused",
                chainId, genesis, Deployment.PathFor(options.DeploymentsDirectory, chainId), recorded);
            known = null;
        }
        var result = new SortedDictionary<string, DeployedContract>(StringComparer.Ordinal);
        var changed = known is null;

        foreach (var spec in contracts)
        {
            ct.ThrowIfCancellationRequested();
            var existing = known?.Contracts.GetValueOrDefault(spec.Name);
            var claimed = existing is not null && result.Values.Any(c => c.Address == existing.Address);
            var codeHash = existing is null || claimed ? null : await ContractCode.ArtifactHashAsync(web3, spec.Name, existing.Address);
            if (existing is not null && codeHash is not null)
            {
                changed |= existing.CodeHash != codeHash;
                result[spec.Name] = existing with { CodeHash = codeHash };
                continue;
            }
            var why = existing is null ? "not deployed" : claimed ? $"listed at {existing.Address}, which another contract holds"
                : $"not at {existing.Address} (no code there, or not {spec.Name}'s)";
            if (!options.DeployIfMissing)
                throw new ChainSetupException(
                    $"{spec.Name} is {why} on chain {chainId} ({Deployment.PathFor(options.DeploymentsDirectory, chainId)}); " +
                    "deploy it, or set Chain:DeployIfMissing=true");
            if (existing is not null) logger.LogWarning("{Contract} is {Why}: deploying it anew", spec.Name, why);
            var deployed = await ContractDeployer.DeployAsync(web3, spec.Name, spec.ConstructorArguments(keys), keys.Relayer.Address, logger, ct: ct);
            if (result.Values.Any(c => c.Address == deployed.Address))
                throw new ChainSetupException($"{spec.Name} was deployed at {deployed.Address}, an address another contract holds");
            result[spec.Name] = deployed;
            changed = true;
        }

        var deployment = new Deployment(chainId, genesis, result);
        if (changed) deployment.Write(options.DeploymentsDirectory);
        return deployment;
    }

    public static async Task<string?> GenesisHashAsync(IWeb3 web3) =>
        (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(0))))?.BlockHash;

    /// <summary>RPC URLs of hosted providers often embed an API key: show scheme, host and port only.</summary>
    public static string Redact(Uri rpc) => $"{rpc.Scheme}://{rpc.Host}:{rpc.Port}";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}

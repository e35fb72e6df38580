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

    private static async Task<Deployment> EnsureDeployedAsync(
        IWeb3 web3, long chainId, KeyStore keys, ChainOptions options, IReadOnlyList<ContractSpec> contracts,
        ILogger logger, CancellationToken ct)
    {
        var genesis = (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber
            .SendRequestAsync(new BlockParameter(new HexBigInteger(0)))).BlockHash;
        var known = Deployment.Read(options.DeploymentsDirectory, chainId);
        var result = new SortedDictionary<string, DeployedContract>(StringComparer.Ordinal);
        var changed = known is null || known.GenesisHash != genesis;

        foreach (var spec in contracts)
        {
            ct.ThrowIfCancellationRequested();
            if (known?.Contracts.GetValueOrDefault(spec.Name) is { } existing
                && await web3.Eth.GetCode.SendRequestAsync(existing.Address) is { Length: > 2 })
            {
                result[spec.Name] = existing;
                continue;
            }
            if (!options.DeployIfMissing)
                throw new ChainSetupException(
                    $"{spec.Name} is not deployed on chain {chainId} (no code at the address in " +
                    $"{Deployment.PathFor(options.DeploymentsDirectory, chainId)}); deploy it, or set Chain:DeployIfMissing=true");
            result[spec.Name] = await ContractDeployer.DeployAsync(web3, spec.Name, spec.ConstructorArguments(keys), keys.Relayer.Address, logger, ct: ct);
            changed = true;
        }

        var deployment = new Deployment(chainId, genesis, result);
        if (changed) deployment.Write(options.DeploymentsDirectory);
        return deployment;
    }

    /// <summary>RPC URLs of hosted providers often embed an API key: show scheme, host and port only.</summary>
    public static string Redact(Uri rpc) => $"{rpc.Scheme}://{rpc.Host}:{rpc.Port}";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}

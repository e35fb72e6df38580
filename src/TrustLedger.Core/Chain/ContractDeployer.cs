using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts;

namespace TrustLedger.Core.Chain;

/// <summary>An EIP-1559 bid: the most paid per gas, and the tip inside it.</summary>
public readonly record struct FeeBid(BigInteger MaxFeePerGas, BigInteger Tip);

/// <summary>
/// The one way one of our contracts is deployed, from its artifact and constructor arguments: by the service's
/// local auto-deploy (<see cref="ChainConnection"/>, development chains) and by <c>trustledger deploy</c>
/// (real networks). Estimate first (the deploy command prints the cost before anything is sent), then send
/// with the estimate plus a margin and wait for the receipt.
/// </summary>
public static class ContractDeployer
{
    /// <summary>The creation transaction's data: the artifact's bytecode followed by the ABI-encoded arguments.</summary>
    public static string CreationData(IWeb3 web3, string contract, object[] arguments)
    {
        var artifact = ContractArtifact.Load(contract);
        // Nethereum's encoder fails on an ABI without a constructor; without arguments the data is the bytecode.
        return arguments.Length == 0 ? artifact.Bytecode : web3.Eth.DeployContract.GetData(artifact.Bytecode, artifact.Abi, arguments);
    }

    /// <summary>The node's gas estimate of deploying <paramref name="contract"/> from <paramref name="from"/>, plus 20% margin.</summary>
    public static async Task<BigInteger> EstimateGasAsync(IWeb3 web3, string contract, object[] arguments, string from)
    {
        var estimate = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(
            new CallInput { From = from, Data = CreationData(web3, contract, arguments) });
        return estimate.Value * 12 / 10;
    }

    /// <summary>
    /// Deploys and waits for the receipt. <paramref name="gas"/> and <paramref name="fee"/> as estimated and shown
    /// beforehand (the node's own suggestion when null); the sending account is the web3's.
    /// </summary>
    public static async Task<DeployedContract> DeployAsync(
        IWeb3 web3, string contract, object[] arguments, string from, ILogger logger,
        BigInteger? gas = null, FeeBid? fee = null, CancellationToken ct = default)
    {
        var input = new TransactionInput
        {
            From = from,
            Data = CreationData(web3, contract, arguments),
            Gas = new HexBigInteger(gas ?? await EstimateGasAsync(web3, contract, arguments, from)),
            Value = new HexBigInteger(BigInteger.Zero),
        };
        if (fee is { } bid)
        {
            input.Type = new HexBigInteger(2);
            input.MaxFeePerGas = new HexBigInteger(bid.MaxFeePerGas);
            input.MaxPriorityFeePerGas = new HexBigInteger(bid.Tip);
        }
        var receipt = await web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(input, ct);
        if (receipt.Status.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
            throw new ChainSetupException($"deploying {contract} failed in transaction {receipt.TransactionHash}");
        logger.LogInformation("Deployed {Contract} at {Address} (block {Block}, tx {Tx}, gas {Gas})",
            contract, receipt.ContractAddress, receipt.BlockNumber.Value, receipt.TransactionHash, receipt.GasUsed.Value);
        var address = receipt.ContractAddress.ToLowerInvariant();
        // Recorded with the code's hash, so the chain watch later compares against exactly what was deployed.
        var codeHash = await ContractCode.ArtifactHashAsync(web3, contract, address)
            ?? throw new ChainSetupException($"{contract} deployed at {address}, but the code there is not the artifact's");
        return new DeployedContract(address, (long)receipt.BlockNumber.Value, receipt.TransactionHash, codeHash);
    }
}

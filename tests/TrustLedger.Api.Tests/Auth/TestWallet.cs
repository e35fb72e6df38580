using System.Text.Json;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>
/// Deploys contracts/test/TestERC1271Wallet.sol (a contract wallet that accepts its owner's
/// ECDSA signatures) on the local chain. Test-only artifacts are not embedded in Core, so the
/// artifact is read from the repository's Hardhat output.
/// </summary>
public static class TestWallet
{
    public static async Task<EthAddress> DeployAsync(string rpcUrl, EthAddress owner)
    {
        var artifact = JsonDocument.Parse(await File.ReadAllTextAsync(ArtifactPath())).RootElement;
        var abi = artifact.GetProperty("abi").GetRawText();
        var bytecode = artifact.GetProperty("bytecode").GetString()!;

        // A fresh funded deployer, so parallel fixtures never race for one account's nonce.
        using var deployer = EthPrivateKey.Generate();
        var secret = new byte[32];
        deployer.ExportSecret(secret);
        using (var http = new HttpClient())
            await TestServices.RpcAsync(http, rpcUrl, "hardhat_setBalance", deployer.Address.ToLowerHex(), "0x56BC75E2D63100000");
        var web3 = new Web3(new Account(secret, Siwe.DevChainId), rpcUrl);
        var from = deployer.Address.ToLowerHex();
        var gas = await web3.Eth.DeployContract.EstimateGasAsync(abi, bytecode, from, owner.ToLowerHex());
        var receipt = await web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            abi, bytecode, from, new HexBigInteger(gas.Value * 12 / 10), null, owner.ToLowerHex());
        Assert.Equal(1, (int)receipt.Status.Value);
        return EthAddress.Parse(receipt.ContractAddress);
    }

    private static string ArtifactPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "artifacts", "contracts", "test", "TestERC1271Wallet.sol", "TestERC1271Wallet.json");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("TestERC1271Wallet.json not found: compile the contracts (npx hardhat compile)");
    }
}

using System.Numerics;
using Microsoft.AspNetCore.Hosting;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Contracts;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Dids;

/// <summary>The real ERC-1056 registry (ethr-did-registry 1.3.0's own artifact) on the local node, and identities that change it.</summary>
public static class EthrRegistry
{
    public const long ChainId = 31337;

    public static async Task<EthPrivateKey> FundedKeyAsync(string rpc)
    {
        var key = EthPrivateKey.Generate();
        using var http = new HttpClient();
        await TestServices.RpcAsync(http, rpc, "hardhat_setBalance", key.Address.ToLowerHex(), "0x3635C9ADC5DEA00000");
        return key;
    }

    public static IWeb3 Web3For(EthPrivateKey key, string rpc)
    {
        var secret = new byte[32];
        key.ExportSecret(secret);
        var web3 = new Web3(new Nethereum.Web3.Accounts.Account(secret, ChainId), rpc);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }

    public static async Task<string> DeployAsync(string rpc)
    {
        var deployer = await FundedKeyAsync(rpc);
        var artifact = ContractArtifact.Load("EthereumDIDRegistry");
        var receipt = await Web3For(deployer, rpc).Eth.DeployContract.SendRequestAndWaitForReceiptAsync(
            artifact.Abi, artifact.Bytecode, deployer.Address.ToLowerHex(), new HexBigInteger(3_000_000));
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt.ContractAddress.ToLowerInvariant();
    }

    /// <summary>Sends one registry call from <paramref name="from"/>; returns its block number.</summary>
    public static async Task<long> SendAsync<TFunction>(string rpc, string registry, EthPrivateKey from, TFunction call) where TFunction : FunctionMessage, new()
    {
        var receipt = await Web3For(from, rpc).Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(registry, call);
        Assert.Equal(1, (int)receipt.Status.Value);
        return (long)receipt.BlockNumber.Value;
    }

    /// <summary>Waits until the wall clock is past the newest block's time, so a revocation in it is in the past for every resolver.</summary>
    public static async Task PastLatestBlockAsync(string rpc)
    {
        var block = await new Web3(rpc).Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var time = DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
        var wait = time - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.2);
        Assert.True(wait < TimeSpan.FromMinutes(1), $"the node's clock runs {wait} ahead");
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    public static BigInteger Seconds(TimeSpan span) => new(span.TotalSeconds);
}

/// <summary>The host with the ERC-1056 registry deployed and configured (Credentials:EthrDidRegistry).</summary>
/// <summary>
/// The app on a Hardhat node of its own with the ERC-1056 registry deployed. Own node, because did:ethr
/// validity is judged against time: other tests move the shared node's clock ahead (evm_increaseTime),
/// and a resolver reading the registry then disagrees with the wall clock about what is still valid.
/// </summary>
public class EthrDidApplication : AuthApplication
{
    private PrivateNode? _node;

    public EthrDidApplication() : this("sqlite") { }

    protected EthrDidApplication(string databaseKind) : base(databaseKind) { }

    public string Registry { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _node = await PrivateNode.StartAsync();
        RpcUrl = _node.Url;
        await FundContractAdminAsync(RpcUrl);
        Registry = await EthrRegistry.DeployAsync(RpcUrl);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Chain:RpcUrl", RpcUrl);
        builder.UseSetting("Keys:Mnemonic", ""); // Hardhat's dev accounts, funded on this node
        builder.UseSetting("Credentials:EthrDidRegistry", Registry);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_node is not null) await _node.DisposeAsync();
    }
}

public sealed class PostgresEthrDidApplication() : EthrDidApplication("postgres");

using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Core.Tests.Indexing;

/// <summary>
/// A freshly deployed AttestationRegistry on a real node and the keys to drive it: every test gets
/// its own registry, so what the indexer finds is exactly what the test sent.
/// </summary>
public sealed class TestRegistry
{
    private readonly string _mnemonic;
    private readonly Dictionary<int, BigInteger> _nonces = [];

    private TestRegistry(string rpcUrl, string mnemonic, ChainConnection chain)
    {
        RpcUrl = rpcUrl;
        _mnemonic = mnemonic;
        Chain = chain;
    }

    public string RpcUrl { get; }
    public ChainConnection Chain { get; }
    public string Address => Chain.Deployment.AddressOf("AttestationRegistry");
    public long DeploymentBlock => Chain.Deployment.Contracts["AttestationRegistry"].BlockNumber;

    /// <param name="mnemonic">funded keys; null for Hardhat's dev mnemonic (a dedicated node)</param>
    public static async Task<TestRegistry> DeployAsync(string rpcUrl, string? mnemonic)
    {
        var chain = await ChainConnection.ConnectAsync(
            new ChainOptions
            {
                RpcUrl = rpcUrl,
                DeploymentsDirectory = Directory.CreateTempSubdirectory("indexer-deployments-").FullName,
                DeployIfMissing = true,
            },
            new KeyOptions { Mnemonic = mnemonic }, [new ContractSpec("AttestationRegistry", _ => [])], NullLogger.Instance);
        return new TestRegistry(rpcUrl, mnemonic ?? KeyStore.HardhatDevMnemonic, chain);
    }

    public string AddressOf(int account) => Key(account).Address;

    public IWeb3 Web3For(int account)
    {
        var web3 = new Web3(Key(account).ToAccount(ChainOptions.DevChainId), RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }

    public async Task<string> RegisterSchemaAsync(string definition, bool revocable = true)
    {
        var receipt = await SendAsync(0, new RegisterSchemaFunction { Schema = definition, Revocable = revocable });
        return RegistryLogDecoder.Hex(Assert.Single(receipt.DecodeAllEvents<SchemaRegisteredEvent>()).Event.Uid);
    }

    /// <summary>A request with the attester's next nonce; its uid is <see cref="UidOf"/>.</summary>
    public AttestationRequest Request(int attester, string schema, string subject, byte[] data, string? refUid = null, ulong expiration = 0)
    {
        var nonce = _nonces.GetValueOrDefault(attester) + 1;
        _nonces[attester] = nonce;
        return new AttestationRequest
        {
            Schema = Convert.FromHexString(schema[2..]), Subject = subject, Expiration = expiration,
            RefUid = refUid is null ? new byte[32] : Convert.FromHexString(refUid[2..]), Nonce = nonce, Data = data,
        };
    }

    public string UidOf(int attester, AttestationRequest request) =>
        "0x" + AddressOf(attester)[2..] + request.Nonce.ToString("x24");

    public Task<TransactionReceipt> AttestAsync(int attester, AttestationRequest request) =>
        SendAsync(attester, new AttestFunction { Request = request });

    public Task<TransactionReceipt> MultiAttestAsync(int attester, List<AttestationRequest> requests) =>
        SendAsync(attester, new MultiAttestFunction { Requests = requests });

    public Task<TransactionReceipt> RevokeAsync(int attester, string uid) =>
        SendAsync(attester, new RevokeFunction { Uid = Convert.FromHexString(uid[2..]) });

    public async Task<TransactionReceipt> SendAsync<TFunction>(int account, TFunction function) where TFunction : FunctionMessage, new()
    {
        var receipt = await Web3For(account).Eth.GetContractTransactionHandler<TFunction>()
            .SendRequestAndWaitForReceiptAsync(Address, function);
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt;
    }

    private ServiceKey Key(int account) => new("test", KeyStore.Derive(_mnemonic, account));
}

using System.Numerics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests;

/// <summary>
/// The real host wired to the real local chain and a fresh database (SQLite or PostgreSQL) of
/// its own, with its own funded keys and deployments, so fixtures never share state. Its contracts'
/// admin (Keys:ContractAdmin) is a key of the test's own, which the service never holds: what an
/// operator's cold wallet does, the test does with <see cref="SendAsContractAdminAsync"/>.
/// </summary>
public class TrustLedgerApplication : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databaseKind;
    private string _connectionString = "";
    private string _mnemonic = "";
    private readonly string _deployments = Directory.CreateTempSubdirectory("trustledger-deployments-").FullName;

    public TrustLedgerApplication() : this("sqlite") { }

    protected TrustLedgerApplication(string databaseKind) => _databaseKind = databaseKind;

    public string RpcUrl { get; protected set; } = "";

    /// <summary>The contracts' admin: holds DEFAULT_ADMIN_ROLE of ReputationSnapshots and of every reward token.</summary>
    public EthPrivateKey ContractAdmin { get; } = EthPrivateKey.Generate();

    /// <summary>Sends a call from <see cref="ContractAdmin"/>'s own wallet (as the API hands it out: to and data), on <paramref name="rpcUrl"/>.</summary>
    public async Task<TransactionReceipt> SendAsContractAdminAsync(string to, string data, string? rpcUrl = null)
    {
        var secret = new byte[32];
        ContractAdmin.ExportSecret(secret);
        var web3 = new Web3(new ServiceKey("admin", secret).ToAccount(ChainOptions.DevChainId), rpcUrl ?? RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var from = ContractAdmin.Address.ToLowerHex();
        var gas = await web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput(data, to) { From = from });
        var receipt = await web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(new TransactionInput
        {
            Data = data, To = to, From = from, Gas = new HexBigInteger(gas.Value + 50_000), Value = new HexBigInteger(BigInteger.Zero),
        });
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt;
    }

    /// <summary>Gives <see cref="ContractAdmin"/> ether on the node at <paramref name="rpcUrl"/> (the shared node by default).</summary>
    public async Task FundContractAdminAsync(string? rpcUrl = null)
    {
        using var http = new HttpClient();
        await TestServices.RpcAsync(http, rpcUrl ?? RpcUrl, "hardhat_setBalance", ContractAdmin.Address.ToLowerHex(), "0x3635C9ADC5DEA00000");
    }

    /// <summary>The fixture's own database (SQLite file or PostgreSQL database).</summary>
    protected string ConnectionString => _connectionString;

    /// <summary>The node this application runs on: the shared one, unless a fixture needs a node of its own (to move its clock).</summary>
    protected virtual Task<string> ChainUrlAsync() => Task.FromResult(TestServices.RequireChain());

    public virtual async ValueTask InitializeAsync()
    {
        RpcUrl = await ChainUrlAsync();
        _connectionString = _databaseKind == "postgres"
            ? await TestServices.CreatePostgresDatabaseAsync()
            : TestServices.CreateSqliteDatabase();
        _mnemonic = await TestServices.FundedMnemonicAsync(rpcUrl: RpcUrl);
        await FundContractAdminAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Database", _connectionString);
        builder.UseSetting("Chain:RpcUrl", RpcUrl);
        builder.UseSetting("Chain:DeploymentsDirectory", _deployments);
        builder.UseSetting("Chain:DeployIfMissing", "true");
        builder.UseSetting("Keys:Mnemonic", _mnemonic);
        builder.UseSetting("Keys:ContractAdmin", ContractAdmin.Address.ToLowerHex());
        // No scheduled snapshots: their publish transactions would interleave with what tests count (Snapshots/ turns them on).
        builder.UseSetting("Snapshots:Interval", "0");
        // The URLs credentials name are the test server's own (its base address is http://localhost).
        builder.UseSetting("Credentials:PublicBaseUrl", "http://localhost");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class PostgresApplication() : TrustLedgerApplication("postgres");

using System.Numerics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Snapshots;

/// <summary>
/// The real host on Kestrel (a real port, so the CLI can reach it as a verifier would), with an
/// admin, the snapshot schedule off (on demand only), a fast publisher poll, the first business as
/// the reputation seed, and helpers that attest straight on its registry with funded keys.
/// </summary>
public class SnapshotApplication : TrustLedgerApplication
{
    private readonly byte[][] _businesses = [.. Enumerable.Range(0, 5).Select(_ => RandomNumberGenerator.GetBytes(32))];
    private readonly Dictionary<int, BigInteger> _nonces = [];

    public SnapshotApplication() : this("sqlite") { }

    protected SnapshotApplication(string databaseKind) : base(databaseKind) => UseKestrel(0);

    public EthPrivateKey Admin { get; } = EthPrivateKey.Generate();

    /// <summary>The schedule; off here, so only the tests' requests make epochs.</summary>
    protected virtual string Interval => "0";

    /// <summary>How often the leader looks at a stored epoch; long to hold an epoch pending on purpose.</summary>
    protected virtual string PollInterval => "00:00:00.200";

    public string Business(int i) => new ServiceKey("business", _businesses[i]).Address;

    public string BaseUrl =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public ChainConnection Chain => Services.GetRequiredService<ChainConnection>();
    public Database Db => Services.GetRequiredService<Database>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Admins", Admin.Address.ToLowerHex());
        builder.UseSetting("Auth:Domain", "localhost"); // on Kestrel the Host is 127.0.0.1:port; the SIWE helper signs for localhost
        builder.UseSetting("Snapshots:Interval", Interval);
        builder.UseSetting("Snapshots:PollInterval", PollInterval);
        builder.UseSetting("Indexer:PollInterval", "00:00:00.100");
        builder.UseSetting("Reputation:Seeds:0", Business(0));
    }

    /// <summary>Business <paramref name="from"/> endorses <paramref name="to"/> on chain; returns the block.</summary>
    public async Task<long> EndorseAsync(int from, int to, byte stars)
    {
        await FundAsync(from);
        var nonce = _nonces[from] = _nonces.GetValueOrDefault(from) + 1;
        var web3 = new Web3(new ServiceKey("business", _businesses[from]).ToAccount(ChainOptions.DevChainId), RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var receipt = await web3.Eth.GetContractTransactionHandler<AttestFunction>().SendRequestAndWaitForReceiptAsync(
            Chain.Deployment.AddressOf("AttestationRegistry"), new AttestFunction
            {
                Request = new AttestationRequest
                {
                    Schema = Hex.Decode(ProductSchemas.Endorsement.Uid), Subject = Business(to), Nonce = nonce,
                    Data = ProductSchemas.Endorsement.Parsed.Encode(stars, ProductSchemas.ToBytes32("supplier")!, "good"),
                },
            });
        Assert.Equal(1, (int)receipt.Status.Value);
        return (long)receipt.BlockNumber.Value;
    }

    /// <summary>Sends <paramref name="function"/> to <paramref name="contract"/> from business <paramref name="from"/>'s key.</summary>
    public async Task AsBusinessAsync<TFunction>(int from, string contract, TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        await FundAsync(from);
        var web3 = new Web3(new ServiceKey("business", _businesses[from]).ToAccount(ChainOptions.DevChainId), RpcUrl);
        web3.TransactionManager.UseLegacyAsDefault = false;
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, function);
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    /// <summary>Waits until the indexer's checkpoint reached <paramref name="block"/>.</summary>
    public async Task IndexedThroughAsync(long block)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var connection = await Db.OpenConnectionAsync())
                if ((await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream))?.BlockNumber >= block) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"block {block} was not indexed within 30 s");
            await Task.Delay(100);
        }
    }

    private readonly HashSet<int> _funded = [];

    private async Task FundAsync(int business)
    {
        if (!_funded.Add(business)) return;
        using var http = new HttpClient();
        await TestServices.RpcAsync(http, RpcUrl, "hardhat_setBalance", Business(business), "0x3635C9ADC5DEA00000");
    }
}

public sealed class PostgresSnapshotApplication() : SnapshotApplication("postgres");

/// <summary>A new epoch every two seconds (after the previous one is published).</summary>
public sealed class ScheduledSnapshotApplication : SnapshotApplication
{
    protected override string Interval => "00:00:02";
}

/// <summary>A new epoch every two seconds, on PostgreSQL.</summary>
public sealed class PostgresScheduledSnapshotApplication() : SnapshotApplication("postgres")
{
    protected override string Interval => "00:00:02";
}

/// <summary>A leader that looks at stored epochs only once an hour: a computed epoch stays pending.</summary>
public sealed class SlowPublisherApplication : SnapshotApplication
{
    protected override string PollInterval => "01:00:00";
}

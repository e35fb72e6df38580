using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Web3;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Transactions;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>
/// A registry freshly deployed on a real node, a schema registered there, a migrated database
/// (SQLite or PostgreSQL) and the relayer parts wired as the host wires them.
/// </summary>
public sealed class RelayHarness : IAsyncDisposable
{
    public const string SchemaText = "address partner,uint8 score,string context";
    private static int _nonceSeed = Environment.TickCount & 0xFFFF;

    private RelayHarness(ChainConnection chain, Database db, string registry, string schemaUid, RegistryDomain domain, RelayerOptions options)
    {
        Chain = chain;
        Db = db;
        Registry = registry;
        SchemaUid = schemaUid;
        Domain = domain;
        Options = options;
        Outbox = new Outbox(db);
        Validator = new RelayValidator(chain.Web3, registry, domain, Outbox, options, TimeProvider.System);
        Intake = new RelayIntake(Validator, Outbox);
        Lease = new Lease(db, "relayer", "test-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMinutes(5));
    }

    public ChainConnection Chain { get; }
    public IWeb3 Web3 => Chain.Web3;
    public Database Db { get; }
    public string Registry { get; }
    public string SchemaUid { get; }
    public RegistryDomain Domain { get; }
    public RelayerOptions Options { get; }
    public Outbox Outbox { get; }
    public RelayValidator Validator { get; }
    public RelayIntake Intake { get; }
    public Lease Lease { get; }

    public static async Task<RelayHarness> StartAsync(string databaseKind, string? rpcUrl = null, RelayerOptions? options = null)
    {
        var rpc = rpcUrl ?? TestServices.RequireChain();
        var mnemonic = rpcUrl is null ? await TestServices.FundedMnemonicAsync() : KeyStore.HardhatDevMnemonic;
        var chain = await ChainConnection.ConnectAsync(
            new ChainOptions { RpcUrl = rpc, DeploymentsDirectory = Directory.CreateTempSubdirectory("relay-").FullName, DeployIfMissing = true },
            new KeyOptions { Mnemonic = mnemonic }, [new("AttestationRegistry", _ => [])], NullLogger.Instance);
        var registry = chain.Deployment.AddressOf("AttestationRegistry");
        await chain.Web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>()
            .SendRequestAndWaitForReceiptAsync(registry, new RegisterSchemaFunction { Schema = SchemaText, Revocable = true });
        var db = Database.Open(databaseKind == "postgres" ? await TestServices.CreatePostgresDatabaseAsync() : TestServices.CreateSqliteDatabase());
        await Migrator.MigrateAsync(db);
        // Not a product schema: relayed only because an admin listed it, as an operator would.
        await RelaySchemas.AllowAsync(db, new AllowedSchema
        {
            SchemaUid = SchemaUidOf(SchemaText), Definition = SchemaText, Hook = RegistryUids.ZeroAddress, Reason = "the relayer tests' schema", AddedBy = "test",
        });
        var domain = await RegistryDomain.ReadAsync(chain.Web3, registry);
        options ??= new RelayerOptions { BatchWindow = TimeSpan.Zero, MaxBatchSize = 10 };
        var harness = new RelayHarness(chain, db, registry, SchemaUidOf(SchemaText), domain, options);
        Assert.True(await harness.Lease.TryAcquireOrRenewAsync()); // as the relayer worker does before it relays
        return harness;
    }

    public static string SchemaUidOf(string schema, bool revocable = true) =>
        Hex.Encode(Keccak256.Hash([.. System.Text.Encoding.UTF8.GetBytes(schema), .. new byte[20], (byte)(revocable ? 1 : 0)]));

    /// <param name="rpcUrl">another way to the node (a proxy playing a stricter provider); the harness's own by default</param>
    public Relayer NewRelayer(TransactionOptions? sending = null, int confirmations = 0, string? rpcUrl = null)
    {
        var account = Chain.Keys.Relayer.ToAccount(Chain.ChainId);
        var web3 = rpcUrl is null ? Web3 : new Web3(account, rpcUrl);
        return new(web3, account, Registry, Outbox, Options, FileLogger.Instance, TimeProvider.System, sending, confirmations);
    }

    /// <summary>Registers <paramref name="schema"/> (with <paramref name="hook"/>) from the relayer's key; returns its uid. Not yet relayed: not on the allow-list.</summary>
    public async Task<string> RegisterSchemaAsync(string schema, string? hook = null)
    {
        var receipt = await Web3.Eth.GetContractTransactionHandler<RegisterSchemaFunction>()
            .SendRequestAndWaitForReceiptAsync(Registry, new RegisterSchemaFunction { Schema = schema, Hook = hook ?? RegistryUids.ZeroAddress, Revocable = true });
        Assert.Equal(1, (int)receipt.Status.Value);
        return SchemaSpec.UidOf(schema, true, hook ?? RegistryUids.ZeroAddress);
    }

    /// <summary>Deploys a test-only contract (contracts/test/, not embedded in the bindings) from the relayer's key.</summary>
    public async Task<string> DeployTestContractAsync(string name, params object[] arguments)
    {
        var path = Path.Combine(PrivateNode.RepoRoot(), "artifacts", "contracts", "test", $"{name}.sol", $"{name}.json");
        using var artifact = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var (abi, bytecode) = (artifact.RootElement.GetProperty("abi").GetRawText(), artifact.RootElement.GetProperty("bytecode").GetString()!);
        var from = Chain.Keys.Relayer.Address;
        var gas = await Web3.Eth.DeployContract.EstimateGasAsync(abi, bytecode, from, arguments);
        var receipt = await Web3.Eth.DeployContract.SendRequestAndWaitForReceiptAsync(abi, bytecode, from,
            new Nethereum.Hex.HexTypes.HexBigInteger(gas.Value * 12 / 10), null, arguments);
        Assert.Equal(1, (int)receipt.Status.Value);
        return receipt.ContractAddress.ToLowerInvariant();
    }

    /// <summary>A fresh nonce per call, so tests never collide on one attester's nonce space.</summary>
    public static BigInteger NextNonce() => Interlocked.Increment(ref _nonceSeed);

    public SignedAttestation Sign(EthPrivateKey attester, string subject, int score = 5, BigInteger? nonce = null,
        BigInteger? deadline = null, string? schema = null, string? data = null, string? refUid = null, ulong expiration = 0,
        RegistryDomain? domain = null, string? context = null)
    {
        var unsigned = new SignedAttestation(
            attester.Address.ToLowerHex(), schema ?? SchemaUid, subject, expiration, refUid ?? RegistryUids.ZeroBytes32,
            nonce ?? NextNonce(), data ?? Hex.Encode(EncodeData(subject, score, context ?? "delivered on time, as agreed!!")),
            deadline ?? DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), "0x");
        var digest = (domain ?? Domain).AttestationDigest(unsigned);
        return unsigned with { Signature = Hex.Encode(EthSigner.Sign(digest, attester)) };
    }

    public SignedRevocation SignRevocation(EthPrivateKey revoker, string uid, BigInteger? nonce = null)
    {
        var unsigned = new SignedRevocation(revoker.Address.ToLowerHex(), uid, nonce ?? NextNonce(),
            DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), "0x");
        return unsigned with { Signature = Hex.Encode(EthSigner.Sign(Domain.RevocationDigest(unsigned), revoker)) };
    }

    public static byte[] EncodeData(string partner, int score, string context) =>
        SchemaDefinition.Parse(SchemaText).Encode(partner, (byte)score, context);

    /// <summary>Steps the relayer until the outbox holds nothing pending or in flight.</summary>
    public async Task DrainAsync(Relayer relayer, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            await relayer.StepAsync(Lease, CancellationToken.None);
            if (await Outbox.CountPendingAsync() == 0 && (await Outbox.InFlightAsync()).Count == 0) return;
        }
        throw new TimeoutException("the relayer did not drain the outbox");
    }

    public async Task<bool> IsValidOnChainAsync(string uid) =>
        await Web3.Eth.GetContractQueryHandler<IsValidFunction>().QueryAsync<bool>(Registry, new IsValidFunction { Uid = Hex.Decode(uid) });

    public async Task<long> RelayerNonceAsync() =>
        (long)(await Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(Chain.Keys.Relayer.Address)).Value;

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Db.OpenConnectionAsync();
        return (await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql))!;
    }

    public async Task<IReadOnlyList<string>> ColumnAsync(string sql)
    {
        await using var connection = await Db.OpenConnectionAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection, sql)];
    }

    public static string RandomAddress() => EthPrivateKey.Generate().Address.ToLowerHex();

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}

using System.Numerics;
using System.Text.Json.Nodes;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using TrustLedger.Contracts.AttestationRegistry;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Relaying;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Core.Tests.Relaying;

/// <summary>
/// Attacks on the relayer, each on the real node and both databases: a schema hook that forges the registry's
/// BatchItemSkipped for a victim (and duplicates), a node that refuses a batch for its size, batches beyond the gas
/// budget. Each time the bad request fails alone, with its reason, and everyone else's request is confirmed.
/// </summary>
public abstract class RelayerLimitsTests(string databaseKind)
{
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate(), _bob = EthPrivateKey.Generate(), _mallory = EthPrivateKey.Generate();

    [Fact]
    public async Task HookForgingTheVictimsSkipsAndDuplicates_LeavesTheVictimConfirmed_AndTheRelayerMoving()
    {
        await using var h = await RelayHarness.StartAsync(databaseKind);
        var forger = await h.DeployTestContractAsync("TestForgingHook", h.Registry);
        var hooked = await h.RegisterSchemaAsync(RelayHarness.SchemaText, forger);
        var victim = h.Sign(_alice, RelayHarness.RandomAddress());
        // Three forged skips for the victim's (signer, nonce): indices 0, 1, 2, the victim's own position (1) among them.
        await h.Web3.Eth.GetContractTransactionHandler<ImpersonateFunction>().SendRequestAndWaitForReceiptAsync(forger,
            new ImpersonateFunction { Victim = victim.Attester, VictimNonce = victim.Nonce, Copies = 3 });
        var trigger = h.Sign(_mallory, RelayHarness.RandomAddress(), schema: hooked);

        // Nobody can make the relayer run their hook: the schema is refused until an admin allows it, hook and all.
        Assert.Equal("SchemaNotRelayed", (await h.Intake.SubmitAsync(trigger)).Rejection!.Code);
        await RelaySchemas.AllowAsync(h.Db, new AllowedSchema { SchemaUid = hooked, Definition = RelayHarness.SchemaText, Hook = forger, Reason = "test", AddedBy = "test" });
        Assert.Equal("SchemaNotRelayed", (await h.Intake.SubmitAsync(trigger)).Rejection!.Code); // listed, but its hook not allowed
        await RelaySchemas.AllowAsync(h.Db, new AllowedSchema { SchemaUid = hooked, Definition = RelayHarness.SchemaText, Hook = forger, AllowHook = true, Reason = "test", AddedBy = "test" });

        var bystander = h.Sign(_bob, RelayHarness.RandomAddress());
        foreach (var r in (SignedAttestation[])[trigger, victim, bystander]) Assert.Null((await h.Intake.SubmitAsync(r)).Rejection);
        await h.DrainAsync(h.NewRelayer());

        var mined = Assert.Single(await h.Outbox.FindByUidAsync(victim.Uid));
        var receipt = await h.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(mined.TxHash);
        var forged = receipt.Logs.DecodeAllEvents<BatchItemSkippedEvent>().Where(e => e.Event.Signer.Equals(victim.Attester, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, forged.Count); // the attack happened, in the very transaction that carried the victim
        Assert.All(forged, e => Assert.Equal(forger, e.Event.Submitter.ToLowerInvariant()));
        foreach (var r in (SignedAttestation[])[trigger, victim, bystander])
        {
            Assert.Equal("confirmed", Assert.Single(await h.Outbox.FindByUidAsync(r.Uid)).Status);
            Assert.True(await h.IsValidOnChainAsync(r.Uid));
        }
        var after = h.Sign(_bob, RelayHarness.RandomAddress()); // the relayer moved past that receipt
        await h.Intake.SubmitAsync(after);
        await h.DrainAsync(h.NewRelayer());
        Assert.Equal("confirmed", Assert.Single(await h.Outbox.FindByUidAsync(after.Uid)).Status);
    }

    [Fact]
    public async Task BatchTheNodeRefusesForItsSize_IsSplit_UntilTheOversizedRequestFailsAlone_AndTheOthersAreConfirmed()
    {
        await using var h = await RelayHarness.StartAsync(databaseKind, options: new RelayerOptions
        {
            BatchWindow = TimeSpan.Zero, MaxBatchSize = 10, MaxBatchCalldataBytes = 1_000_000, MaxItemGas = 2_000_000, MaxDataBytes = 40_000, MaxStringBytes = 40_000,
        });
        // A stricter provider in front of the node, as geth refuses transactions over 128 KiB: here over 12,000 bytes.
        await using var proxy = new JsonRpcProxy(TestServices.RequireChain())
        {
            Refuse = request => request["method"]?.GetValue<string>() == "eth_sendRawTransaction"
                                && request["params"]![0]!.GetValue<string>().Length / 2 > 12_000
                ? new JsonObject { ["code"] = -32000, ["message"] = "oversized data" }
                : null,
        };
        var normal = Enumerable.Range(0, 6).Select(_ => h.Sign(_alice, RelayHarness.RandomAddress(), context: new string('n', 3_000))).ToList();
        var oversized = h.Sign(_bob, RelayHarness.RandomAddress(), context: new string('o', 15_000));
        foreach (var r in normal.Take(3).Append(oversized).Concat(normal.Skip(3))) Assert.Null((await h.Intake.SubmitAsync(r)).Rejection);
        var nonceBefore = await h.RelayerNonceAsync();

        await h.DrainAsync(h.NewRelayer(rpcUrl: proxy.Url));

        var failed = Assert.Single(await h.Outbox.FindByUidAsync(oversized.Uid));
        Assert.Equal(("failed", "BroadcastRefused"), (failed.Status, failed.ErrorCode));
        Assert.Contains("oversized data", failed.ErrorDetail);
        foreach (var r in normal)
        {
            var row = Assert.Single(await h.Outbox.FindByUidAsync(r.Uid));
            Assert.Equal("confirmed", row.Status);
            Assert.Equal(1, row.Attempts); // a refused broadcast is no attempt of theirs
            Assert.True(await h.IsValidOnChainAsync(r.Uid));
        }
        Assert.True(proxy.RefusedCount >= 3, $"refused {proxy.RefusedCount} broadcasts");
        var mined = await h.ScalarAsync<long>("SELECT COUNT(*) FROM chain_transactions WHERE status = 'mined'");
        Assert.Equal(nonceBefore + mined, await h.RelayerNonceAsync()); // refused nonces were reused: no gap, nothing twice
    }

    [Fact]
    public async Task BatchesBeyondTheGasBudget_AreHalved_AndALoneRequestAboveTheItemBudgetFailsWithTheReason()
    {
        await using var h = await RelayHarness.StartAsync(databaseKind, options: new RelayerOptions
        {
            BatchWindow = TimeSpan.Zero, MaxBatchSize = 10, MaxBatchGas = 250_000, MaxItemGas = 250_000, MaxDataBytes = 40_000, MaxStringBytes = 40_000,
        });
        var normal = Enumerable.Range(0, 8).Select(_ => h.Sign(_alice, RelayHarness.RandomAddress())).ToList();
        var heavy = h.Sign(_bob, RelayHarness.RandomAddress(), context: new string('h', 30_000)); // calldata and log bytes: far above 250k gas
        foreach (var r in normal.Take(4).Append(heavy).Concat(normal.Skip(4))) Assert.Null((await h.Intake.SubmitAsync(r)).Rejection);

        await h.DrainAsync(h.NewRelayer());

        var failed = Assert.Single(await h.Outbox.FindByUidAsync(heavy.Uid));
        Assert.Equal(("failed", "GasBudgetExceeded"), (failed.Status, failed.ErrorCode));
        foreach (var r in normal) Assert.Equal("confirmed", Assert.Single(await h.Outbox.FindByUidAsync(r.Uid)).Status);
        var hashes = await h.ColumnAsync("SELECT tx_hash FROM chain_transactions WHERE status = 'mined'");
        Assert.True(hashes.Count >= 2, "one batch of eight would need about 400k gas: it must have been halved");
        foreach (var hash in hashes)
            Assert.True((await h.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash)).GasUsed.Value <= 250_000);
    }

    [Function("impersonate")]
    private sealed class ImpersonateFunction : FunctionMessage
    {
        [Parameter("address", "victim_", 1)] public string Victim { get; set; } = "";
        [Parameter("uint96", "nonce_", 2)] public BigInteger VictimNonce { get; set; }
        [Parameter("uint256", "copies_", 3)] public BigInteger Copies { get; set; }
    }
}

public sealed class SqliteRelayerLimitsTests() : RelayerLimitsTests("sqlite");

public sealed class PostgresRelayerLimitsTests() : RelayerLimitsTests("postgres");

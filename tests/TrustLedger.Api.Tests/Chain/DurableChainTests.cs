using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustLedger.Api.Tests.Snapshots;
using TrustLedger.Api.Tests.Trust;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Snapshots;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Chain;

/// <summary>
/// The user story of scripts/run.sh: endorse, take a snapshot, stop the service and Anvil (its state in a file, as
/// lib.sh start_anvil runs it), start both again: the endorsement, the snapshot and its proof are still served, the
/// data stays in its chain generation, and the next snapshot is the next epoch.
/// </summary>
public sealed class DurableChainTests
{
    private readonly EthPrivateKey _alice = EthPrivateKey.Generate();
    private readonly string _partner = EthPrivateKey.Generate().Address.ToLowerHex();

    [Fact]
    public async Task EndorseSnapshotRestartBoth_EndorsementSnapshotAndProofAreStillServed()
    {
        TestServices.RequireChain();
        var state = Path.Combine(Directory.CreateTempSubdirectory("trustledger-anvil-").FullName, "chain-state.json");
        var port = PrivateNode.FreePort();
        var anvil = await StartAnvilAsync(port, state);
        await using var proxy = new JsonRpcProxy($"http://127.0.0.1:{port}");
        var logs = new LogCollector();
        var app = new ReplaceableChainApplication("sqlite", proxy, logs);
        await app.InitializeAsync();
        var client = await SignedInAsync(app, _alice);
        var uid = await EndorseAsync(client);
        await WaitForStatusAsync(client, uid, "confirmed");
        await app.IndexedThroughAsync(await BlockNumberAsync(proxy.Url));
        var admin = await SignedInAsync(app, app.Admin);
        var epoch = (await (await admin.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot").GetProperty("epoch").GetInt64();
        var published = await SnapshotsApiTests.PublishedAsync(admin, epoch);
        var proof = await ProofAsync(client);
        await app.DisposeAsync();
        await StopAsync(anvil); // SIGTERM: Anvil writes its state at exit

        anvil = await StartAnvilAsync(port, state);
        try
        {
            await using var again = new ReplaceableChainApplication("sqlite", proxy, logs, app.ConnectionString, app.Deployments, app.Mnemonic);
            await again.InitializeAsync();
            client = await SignedInAsync(again, _alice);
            Assert.Equal("confirmed", (await client.GetFromJsonAsync<JsonElement>($"/v1/attestations/{uid}")).GetProperty("status").GetString());
            var health = await client.GetFromJsonAsync<JsonElement>("/health");
            Assert.Equal("current", health.GetProperty("chain").GetProperty("identity").GetString());
            Assert.Equal(1L, await again.ScalarAsync<long>("SELECT COUNT(*) FROM chain_generations"));
            Assert.Equal(published.GetProperty("merkleRoot").GetString(),
                (await client.GetFromJsonAsync<JsonElement>($"/v1/snapshots/{epoch}")).GetProperty("merkleRoot").GetString());
            Assert.Equal(proof.ToString(), (await ProofAsync(client)).ToString());
            Assert.Equal(0, logs.Count("The chain was replaced"));

            // The proof still verifies on chain, and the next snapshot is the next epoch.
            var chain = again.Chain;
            var contract = new ReputationSnapshotsService(chain.Web3, chain.Deployment.AddressOf(ProductContracts.Snapshots));
            var stored = (await SnapshotProofs.FindLatestAsync(again.Db, _partner))!;
            Assert.True(await contract.VerifyScoreAsync((ulong)stored.Epoch, stored.Leaf, stored.Proof.Select(Hash32.Parse)));
            var next = await EndorseAsync(client, "rating=4");
            await WaitForStatusAsync(client, next, "confirmed");
            await again.IndexedThroughAsync(await BlockNumberAsync(proxy.Url));
            admin = await SignedInAsync(again, again.Admin);
            var second = (await (await admin.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot").GetProperty("epoch").GetInt64();
            Assert.Equal(epoch + 1, second);
            await SnapshotsApiTests.PublishedAsync(admin, second);
        }
        finally
        {
            await StopAsync(anvil);
        }
    }

    /// <summary>
    /// What README says a hard kill of the node can lose (the blocks after its last state save) and how the service
    /// recovers: the indexer sees blocks it indexed that the chain no longer has and rolls back (its reorg path); the
    /// relayer's transaction that was in a lost block is sent again, so the endorsement ends confirmed on chain once more.
    /// Anvil here saves only at a graceful exit, so the kill surely loses the second endorsement's block.
    /// </summary>
    [Fact]
    public async Task HardKillOfTheNode_LosesOnlyUnsavedBlocks_AndTheLostEndorsementIsConfirmedAgain()
    {
        TestServices.RequireChain();
        await using var anvil = await SavedOnlyAtExitAnvil.StartAsync();
        await using var proxy = new JsonRpcProxy($"http://127.0.0.1:{anvil.Port}");
        var logs = new LogCollector();
        await using var app = new ReplaceableChainApplication("sqlite", proxy, logs);
        var (client, saved) = await EndorsedAndSavedAsync(app, anvil, proxy);

        var lost = await EndorseAsync(client, "rating=3");
        await WaitForStatusAsync(client, lost, "confirmed");
        var tipBeforeKill = await BlockNumberAsync(proxy.Url);
        await app.IndexedThroughAsync(tipBeforeKill);
        await anvil.RestartAsync(hardKill: true); // nothing saved since the last restart
        await app.FundAsync(proxy.UpstreamUrl);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await ChainFacts.IsValidOnChainAsync(app, lost))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the endorsement lost with the killed node's blocks was not sent again within 90 s");
            await Task.Delay(250);
        }
        Assert.True(await ChainFacts.IsValidOnChainAsync(app, saved));
        await WaitForStatusAsync(client, lost, "confirmed");
        await app.IndexedThroughAsync(await BlockNumberAsync(proxy.Url));
        // The index holds each endorsement once, at a block the chain has now.
        Assert.Equal(2L, await app.ScalarAsync<long>($"SELECT COUNT(*) FROM attestations WHERE subject = '{_partner}'"));
        var view = await client.GetFromJsonAsync<JsonElement>($"/v1/attestations/{lost}");
        using var http = new HttpClient();
        var receipt = await TestServices.RpcAsync(http, proxy.Url, "eth_getTransactionReceipt", view.GetProperty("txHash").GetString()!);
        Assert.Equal(view.GetProperty("block").GetInt64(), Convert.ToInt64(receipt.GetProperty("blockNumber").GetString(), 16));
        Assert.Equal("current", (await client.GetFromJsonAsync<JsonElement>("/health")).GetProperty("chain").GetProperty("identity").GetString());
        Assert.Equal(0, logs.Count("The chain was replaced"));
        // It was lost (the relayer saw its transaction gone) and went out again, rather than never having left.
        Assert.True(logs.Count("is no longer on the chain") >= 1);
    }

    /// <summary>
    /// A hard kill that loses the block of a published snapshot: the contract forgets the epoch, and the publisher's
    /// recorded transaction, valid again on that chain, goes out again with the same bytes; the epoch is the same on
    /// chain as in our records (no renumbering, no "chain replaced"), its proofs verify, and the next is the next epoch.
    /// </summary>
    [Fact]
    public async Task HardKillThatLosesAPublishedSnapshot_PublishesTheSameEpochAgain_AndTheNextOneFollowsIt()
    {
        TestServices.RequireChain();
        await using var anvil = await SavedOnlyAtExitAnvil.StartAsync();
        await using var proxy = new JsonRpcProxy($"http://127.0.0.1:{anvil.Port}");
        var logs = new LogCollector();
        await using var app = new ReplaceableChainApplication("sqlite", proxy, logs);
        var (client, _) = await EndorsedAndSavedAsync(app, anvil, proxy); // no snapshot in the saved state yet

        var admin = await SignedInAsync(app, app.Admin);
        var epoch = (await (await admin.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot").GetProperty("epoch").GetInt64();
        var published = await SnapshotsApiTests.PublishedAsync(admin, epoch);
        var chain = app.Chain;
        var contract = new ReputationSnapshotsService(chain.Web3, chain.Deployment.AddressOf(ProductContracts.Snapshots));
        Assert.Equal((ulong)epoch, await contract.LatestEpochAsync());
        await anvil.RestartAsync(hardKill: true); // the publish block was never saved
        await app.FundAsync(proxy.UpstreamUrl);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await contract.LatestEpochAsync() < (ulong)epoch)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"epoch {epoch}, lost with the killed node's blocks, was not published again within 90 s");
            await Task.Delay(250);
        }
        var again = await SnapshotsApiTests.PublishedAsync(admin, epoch);
        Assert.Equal(published.GetProperty("merkleRoot").GetString(), again.GetProperty("merkleRoot").GetString());
        var stored = (await SnapshotProofs.FindLatestAsync(app.Db, _partner))!;
        Assert.Equal(epoch, stored.Epoch);
        Assert.True(await contract.VerifyScoreAsync((ulong)stored.Epoch, stored.Leaf, stored.Proof.Select(Hash32.Parse)));
        Assert.Equal(0, logs.Count("The chain was replaced"));
        Assert.Equal(0, logs.Count("becomes epoch"));
        Assert.True(logs.Count("is no longer on the chain") >= 1);

        var next = await EndorseAsync(client, "rating=4");
        await WaitForStatusAsync(client, next, "confirmed");
        await app.IndexedThroughAsync(await BlockNumberAsync(proxy.Url));
        var second = (await (await admin.PostAsync("/v1/snapshots", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot").GetProperty("epoch").GetInt64();
        Assert.Equal(epoch + 1, second);
        await SnapshotsApiTests.PublishedAsync(admin, second);
        Assert.Equal((ulong)second, await contract.LatestEpochAsync());
    }

    /// <summary>
    /// Issue 16, the reward minter: a reciprocity event is confirmed and both members' rewards are minted, then the node
    /// is hard-killed and comes back from a state saved before the event: the event and the mint are gone from the chain.
    /// The relayer sends the event again and the minter mints again: each member ends with one reward on chain, not
    /// none and not two, and the program's records say minted. (The property holds end to end: with the minter's
    /// lost-transaction recovery switched off it still passes, through the index's rollback and the decision made
    /// again, so this test does not single out that recovery.)
    /// </summary>
    [Fact]
    public async Task HardKillThatLosesAMint_EndsWithEachRewardOnChainOnce()
    {
        TestServices.RequireChain();
        await using var anvil = await SavedOnlyAtExitAnvil.StartAsync();
        await using var proxy = new JsonRpcProxy($"http://127.0.0.1:{anvil.Port}");
        await using var app = new ReplaceableChainApplication("sqlite", proxy, new LogCollector());
        await app.InitializeAsync();
        var rewards = new Rewards.RewardsHarness(app, app.Admin);
        var program = await rewards.CreateProgramAsync(Rewards.RewardsHarness.Program());
        var (id, token) = (program.GetProperty("id").GetInt64(), program.GetProperty("token").GetString()!);
        await anvil.RestartAsync(hardKill: false); // the program is in the saved state; what follows is not
        await app.FundAsync(proxy.UpstreamUrl);

        var (a, b) = (EthPrivateKey.Generate(), EthPrivateKey.Generate());
        var uid = await rewards.ReciprocityEventAsync(a, b);
        await rewards.SettledAsync(id, a, uid, "minted");
        await rewards.SettledAsync(id, b, uid, "minted");
        var tokens = new TrustLedger.Core.Rewards.TokenReader(new Nethereum.Web3.Web3(proxy.UpstreamUrl));
        var one = TrustLedger.Core.Rewards.TokenAmount.Parse("10");
        Assert.Equal(one, await tokens.BalanceOfAsync(token, a.Address.ToLowerHex()));

        await anvil.RestartAsync(hardKill: true); // the event's and the mint's blocks were never saved
        await app.FundAsync(proxy.UpstreamUrl);
        Assert.Equal(0, await tokens.BalanceOfAsync(token, a.Address.ToLowerHex()));

        await Rewards.RewardsHarness.EventuallyAsync(async () =>
            await tokens.BalanceOfAsync(token, a.Address.ToLowerHex()) == one && await tokens.BalanceOfAsync(token, b.Address.ToLowerHex()) == one
            && (await rewards.HistoryAsync(id, a)).All(r => r.GetProperty("status").GetString() == "minted"),
            "each member's lost reward is on chain again", seconds: 120);
        // Settled, not racing: a few more blocks and polls later nobody got a second reward.
        for (var i = 0; i < 3; i++) await rewards.EndorseAsync(a, b);
        Assert.Equal(one, await tokens.BalanceOfAsync(token, a.Address.ToLowerHex()));
        Assert.Equal(one, await tokens.BalanceOfAsync(token, b.Address.ToLowerHex()));
        var history = await rewards.HistoryAsync(id, a);
        Assert.Equal("minted", Assert.Single(history, r => r.GetProperty("eventUid").GetString() == uid).GetProperty("status").GetString());
    }

    /// <summary>The service started, one endorsement confirmed and indexed, then Anvil restarted gracefully: its state file holds both.</summary>
    private async Task<(HttpClient Client, string Uid)> EndorsedAndSavedAsync(ReplaceableChainApplication app, SavedOnlyAtExitAnvil anvil, JsonRpcProxy proxy)
    {
        await app.InitializeAsync();
        var client = await SignedInAsync(app, _alice);
        var uid = await EndorseAsync(client);
        await WaitForStatusAsync(client, uid, "confirmed");
        await app.IndexedThroughAsync(await BlockNumberAsync(proxy.Url));
        await anvil.RestartAsync(hardKill: false);
        await app.FundAsync(proxy.UpstreamUrl);
        return (client, uid);
    }

    /// <summary>Anvil saving its state only at a graceful exit, so a hard kill surely loses every block since the last restart.</summary>
    private sealed class SavedOnlyAtExitAnvil : IAsyncDisposable
    {
        private readonly string _state = Path.Combine(Directory.CreateTempSubdirectory("trustledger-anvil-").FullName, "chain-state.json");
        private Process _process = null!;

        public int Port { get; } = PrivateNode.FreePort();

        public static async Task<SavedOnlyAtExitAnvil> StartAsync()
        {
            var anvil = new SavedOnlyAtExitAnvil();
            anvil._process = await StartAnvilAsync(anvil.Port, anvil._state, saveEverySecond: false);
            return anvil;
        }

        /// <summary>SIGTERM (Anvil writes its state) or SIGKILL (it writes nothing), then Anvil again from the state file.</summary>
        public async Task RestartAsync(bool hardKill)
        {
            if (hardKill)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
                _process.Dispose();
            }
            else await StopAsync(_process);
            _process = await StartAnvilAsync(Port, _state, saveEverySecond: false);
        }

        public async ValueTask DisposeAsync() => await StopAsync(_process);
    }

    private async Task<JsonElement> ProofAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await client.GetAsync($"/v1/reputation/{_partner}") is { IsSuccessStatusCode: true } r
                && (await r.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("snapshot", out var s) && s.ValueKind == JsonValueKind.Object)
                return s;
            if (DateTime.UtcNow > deadline) Assert.Fail("no snapshot proof was served within 60 s");
            await Task.Delay(200);
        }
    }

    private async Task<string> EndorseAsync(HttpClient client, string rating = "rating=5")
    {
        var typed = await TypedDataAsync(client, $"attester={_alice.Address}&subject={_partner}&{rating}&category=logistics&comment=on+time");
        var response = await PostAsync(client, "/v1/attestations", typed, Sign(typed, _alice));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
    }

    /// <summary>Anvil from node_modules with the arguments of scripts/lib.sh start_anvil.</summary>
    private static async Task<Process> StartAnvilAsync(int port, string state, bool saveEverySecond = true)
    {
        var anvil = Path.Combine(PrivateNode.RepoRoot(), "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        Assert.True(File.Exists(anvil), $"Anvil is missing at {anvil}: run npm ci");
        var process = Process.Start(new ProcessStartInfo(anvil,
            ["--host", "127.0.0.1", "--port", port.ToString(), "--state", state, .. saveEverySecond ? new[] { "--state-interval", "1" } : []])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 120; i++)
        {
            try
            {
                await TestServices.RpcAsync(http, $"http://127.0.0.1:{port}", "eth_chainId");
                return process;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }
        throw new TimeoutException("Anvil did not answer within 30 s");
    }

    private static async Task StopAsync(Process anvil)
    {
        if (anvil.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", anvil.Id.ToString()])) await kill.WaitForExitAsync();
        await anvil.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        anvil.Dispose();
    }

    private static async Task<long> BlockNumberAsync(string url)
    {
        using var http = new HttpClient();
        return Convert.ToInt64((await TestServices.RpcAsync(http, url, "eth_blockNumber")).GetString(), 16);
    }
}

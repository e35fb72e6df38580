using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Nethereum.KeyStore;
using Nethereum.Web3;
using TrustLedger.Api.Tests.Auth;
using TrustLedger.Contracts.ReputationSnapshots;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;
using TrustLedger.Tests.Shared;
using static TrustLedger.Api.Tests.Attestations.EndorsementClient;

namespace TrustLedger.Api.Tests.Chain;

/// <summary>
/// scripts/deploy.sh against a node that is not the development chain (Anvil, chain 84532 as Base Sepolia),
/// signing with an encrypted keystore: contracts deployed with the admin roles on the given admin, the
/// service then started in the Production profile on that deployment serves /health and relays an
/// endorsement; a second run verifies the code and sends nothing.
/// </summary>
public sealed class DeployToNetworkTests : IAsyncLifetime
{
    private const long ChainId = 84532;
    private readonly string _work = Directory.CreateTempSubdirectory("trustledger-deploy-").FullName;
    private readonly EthPrivateKey _deployer = EthPrivateKey.Generate();
    private readonly EthPrivateKey _admin = EthPrivateKey.Generate();
    private readonly string _mnemonic = new NBitcoin.Mnemonic(NBitcoin.Wordlist.English, NBitcoin.WordCount.Twelve).ToString();
    private Process? _anvil;
    private string _rpc = "";

    private string Deployments => Path.Combine(_work, "deployments");
    private string Publisher => new ServiceKey("publisher", KeyStore.Derive(_mnemonic, 3)).Address;

    public async ValueTask InitializeAsync()
    {
        TestServices.RequireChain(); // run where the test chain is (scripts/test.sh); this test brings its own node
        var port = PrivateNode.FreePort();
        var anvil = Path.Combine(PrivateNode.RepoRoot(), "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        _anvil = Process.Start(new ProcessStartInfo(anvil, ["--host", "127.0.0.1", "--port", port.ToString(), "--chain-id", ChainId.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        _anvil.OutputDataReceived += (_, _) => { };
        _anvil.BeginOutputReadLine();
        _rpc = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; ; i++)
        {
            try
            {
                await TestServices.RpcAsync(http, _rpc, "eth_chainId");
                break;
            }
            catch (Exception) when (i < 120 && !_anvil.HasExited)
            {
                await Task.Delay(250);
            }
        }
        // The deployer and the service's relayer get ether; the well-known dev accounts Anvil funds are not used.
        await TestServices.RpcAsync(http, _rpc, "anvil_setBalance", _deployer.Address.ToLowerHex(), "0x8AC7230489E80000"); // 10 ETH
        for (var i = 0; i < 4; i++)
            await TestServices.RpcAsync(http, _rpc, "anvil_setBalance", new ServiceKey("k", KeyStore.Derive(_mnemonic, i)).Address, "0x8AC7230489E80000");
    }

    public ValueTask DisposeAsync()
    {
        if (_anvil is { HasExited: false }) _anvil.Kill(entireProcessTree: true);
        _anvil?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The deployer's key as an operator keeps it: a Web3 Secret Storage file and a password file only its owner reads.</summary>
    private (string Keystore, string PasswordFile) WriteKeystore()
    {
        var secret = new byte[32];
        _deployer.ExportSecret(secret);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var keystore = Path.Combine(_work, "deployer.json");
        File.WriteAllText(keystore, new KeyStoreService().EncryptAndGenerateDefaultKeyStoreAsJson(password, secret, _deployer.Address.ToLowerHex()));
        var passwordFile = Path.Combine(_work, "deployer.pw");
        File.WriteAllText(passwordFile, password + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (keystore, passwordFile);
    }

    private async Task<(int Code, string Output)> DeployAsync(params string[] extra)
    {
        var (keystore, passwordFile) = WriteKeystore();
        var root = PrivateNode.RepoRoot();
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "deploy.sh"),
            ["--rpc", _rpc, "--keystore", keystore, "--password-file", passwordFile, "--admin", _admin.Address.ToLowerHex(),
             "--publisher", Publisher, "--deployments", Deployments, .. extra])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = _work,
        };
        // The Debug build the test run already made (scripts/test.sh builds the solution), else deploy.sh builds one.
        var dll = Path.Combine(root, "src", "TrustLedger.Cli", "bin", "Debug", "net10.0", "trustledger.dll");
        if (File.Exists(dll)) start.Environment["TRUSTLEDGER_CLI_DLL"] = dll;
        using var process = Process.Start(start)!;
        process.StandardInput.Close(); // not a terminal: nothing may be sent without --yes
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    private async Task<long> DeployerNonceAsync() =>
        (long)(await new Web3(_rpc).Eth.Transactions.GetTransactionCount.SendRequestAsync(_deployer.Address.ToLowerHex())).Value;

    [Fact]
    public async Task Deploy_WithKeystore_ThenProductionServiceRelays_AndRerunOnlyVerifies()
    {
        var (wrongChain, wrongOutput) = await DeployAsync("--chain-id", "8453", "--yes");
        Assert.Equal(2, wrongChain);
        Assert.Contains($"is chain {ChainId}, not --chain-id 8453", wrongOutput);

        var (unconfirmed, planOutput) = await DeployAsync("--chain-id", ChainId.ToString());
        Assert.Equal(2, unconfirmed);
        Assert.Contains("total", planOutput);
        Assert.Contains("re-run with --yes", planOutput);
        Assert.False(File.Exists(Deployment.PathFor(Deployments, ChainId)));
        Assert.Equal(0, await DeployerNonceAsync());

        var (code, output) = await DeployAsync("--chain-id", ChainId.ToString(), "--yes");
        Assert.True(code == 0, output);
        Assert.Contains("VERIFIED", output);
        var deployment = Deployment.Read(Deployments, ChainId)!;
        var web3 = new Web3(_rpc);
        var snapshots = new ReputationSnapshotsService(web3, deployment.AddressOf(ProductContracts.Snapshots));
        Assert.True(await snapshots.HasRoleAsync(new byte[32], _admin.Address.ToLowerHex()));
        Assert.False(await snapshots.HasRoleAsync(new byte[32], _deployer.Address.ToLowerHex()));
        Assert.True(await snapshots.HasRoleAsync(await snapshots.PublisherRoleAsync(), Publisher));
        Assert.Empty(await ProductSchemaRegistration.MissingAsync(web3, deployment.AddressOf(ProductContracts.Registry)));
        var sent = await DeployerNonceAsync();
        Assert.Equal(3 + ProductSchemas.All.Count, sent);

        await using (var service = new ProductionService(_rpc, Deployments, _mnemonic, _admin.Address.ToLowerHex(), Path.Combine(_work, "t.db")))
        {
            var client = service.CreateClient();
            var health = await client.GetAsync("/health");
            Assert.True(health.StatusCode == HttpStatusCode.OK, await health.Content.ReadAsStringAsync());

            var alice = EthPrivateKey.Generate();
            var message = (Siwe.Message(alice.Address, await Siwe.NonceAsync(client)) with
            {
                Domain = ProductionService.Domain, Uri = $"https://{ProductionService.Domain}/", ChainId = ChainId,
            }).ToString();
            var login = await Siwe.LoginAsync(client, message, Siwe.Sign(message, alice));
            Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
            client.WithBearer((await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!);
            var typed = await TypedDataAsync(client, $"attester={alice.Address}&subject={EthPrivateKey.Generate().Address}&rating=5&category=logistics&comment=ok");
            Assert.Equal(ChainId, typed["domain"]!["chainId"]!.GetValue<long>());
            var accepted = await PostAsync(client, "/v1/attestations", typed, Sign(typed, alice));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var uid = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uid").GetString()!;
            await WaitForStatusAsync(client, uid, "confirmed", seconds: 60);
        }

        var (again, againOutput) = await DeployAsync("--chain-id", ChainId.ToString());
        Assert.True(again == 0, againOutput);
        Assert.Contains("nothing to deploy", againOutput);
        Assert.Equal(3, againOutput.Split("code verified").Length - 1);
        Assert.Equal(sent, await DeployerNonceAsync());
    }

    [Fact]
    public async Task Rerun_WhenTheFileNamesAnotherContractsAddress_RefusesAndSendsNothing()
    {
        var (code, output) = await DeployAsync("--chain-id", ChainId.ToString(), "--yes");
        Assert.True(code == 0, output);
        var deployment = Deployment.Read(Deployments, ChainId)!;
        var swapped = new SortedDictionary<string, DeployedContract>(deployment.Contracts)
        {
            [ProductContracts.Registry] = deployment.Contracts[ProductContracts.RewardFactory],
        };
        (deployment with { Contracts = swapped }).Write(Deployments);
        var sent = await DeployerNonceAsync();

        var (again, againOutput) = await DeployAsync("--chain-id", ChainId.ToString(), "--yes");

        Assert.Equal(1, again);
        Assert.Contains($"{ProductContracts.Registry} at {deployment.Contracts[ProductContracts.RewardFactory].Address}: CODE DIFFERS", againOutput);
        Assert.Equal(sent, await DeployerNonceAsync());
    }

    [Fact]
    public async Task Deploy_WithAdminBeingTheDeployer_RefusesUnlessAskedFor()
    {
        var (keystore, passwordFile) = WriteKeystore();
        var (code, output) = await DeployAsyncWithAdmin(keystore, passwordFile, _deployer.Address.ToLowerHex());

        Assert.Equal(2, code);
        Assert.Contains("--admin-is-deployer", output);
        Assert.Equal(0, await DeployerNonceAsync());
    }

    private async Task<(int, string)> DeployAsyncWithAdmin(string keystore, string passwordFile, string admin)
    {
        var root = PrivateNode.RepoRoot();
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "deploy.sh"),
            ["--rpc", _rpc, "--chain-id", ChainId.ToString(), "--keystore", keystore, "--password-file", passwordFile, "--admin", admin,
             "--deployments", Deployments, "--yes"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var dll = Path.Combine(root, "src", "TrustLedger.Cli", "bin", "Debug", "net10.0", "trustledger.dll");
        if (File.Exists(dll)) start.Environment["TRUSTLEDGER_CLI_DLL"] = dll;
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, text);
    }

    /// <summary>The host in the Production profile, configured as docs/deploy.md says, on the deployed contracts.</summary>
    private sealed class ProductionService(string rpc, string deployments, string mnemonic, string admin, string database) : WebApplicationFactory<Program>
    {
        public const string Domain = "app.trustledger.dev";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Database", $"Data Source={database}");
            builder.UseSetting("Chain:RpcUrl", rpc);
            builder.UseSetting("Chain:ChainId", ChainId.ToString());
            builder.UseSetting("Chain:DeploymentsDirectory", deployments);
            builder.UseSetting("Chain:DeployIfMissing", "false");
            builder.UseSetting("Keys:Mnemonic", mnemonic);
            builder.UseSetting("Keys:ContractAdmin", admin);
            builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Auth:Domain", Domain);
            builder.UseSetting("Credentials:PublicBaseUrl", $"https://{Domain}");
            builder.UseSetting("Snapshots:Interval", "0");
        }
    }
}

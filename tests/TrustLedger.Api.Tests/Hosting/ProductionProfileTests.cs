using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Nethereum.KeyStore.Model;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Auth;
using TrustLedger.Core.Chain;

namespace TrustLedger.Api.Tests.Hosting;

/// <summary>The Production profile refuses each development default, naming its configuration key, and nothing else.</summary>
public sealed class ProductionProfileTests
{
    private const long BaseSepolia = 84532;
    private static readonly string ServiceMnemonic = new NBitcoin.Mnemonic(NBitcoin.Wordlist.English, NBitcoin.WordCount.Twelve).ToString();
    private static readonly string Admin = new ServiceKey("admin", RandomNumberGenerator.GetBytes(32)).Address;

    /// <summary>A configuration as docs/deploy.md has it.</summary>
    private static Dictionary<string, string?> Good() => new()
    {
        ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Auth:Domain"] = "app.trustledger.dev",
        ["Credentials:PublicBaseUrl"] = "https://api.trustledger.dev",
        ["Chain:DeployIfMissing"] = "false",
        ["Keys:Mnemonic"] = ServiceMnemonic,
        ["Keys:ContractAdmin"] = Admin,
        ["Auth:Admins"] = new ServiceKey("a", RandomNumberGenerator.GetBytes(32)).Address,
        ["Reputation:Seeds:0"] = new ServiceKey("s", RandomNumberGenerator.GetBytes(32)).Address,
    };

    private static IReadOnlyList<string> RefusalsOf(Dictionary<string, string?> settings, long chainId = BaseSepolia)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var keys = KeyStore.Load(configuration.GetSection(KeyOptions.Section).Get<KeyOptions>()!, chainId);
        return ProductionProfile.Refusals(configuration, chainId, keys, RoleGrants.FromConfiguration(configuration));
    }

    private static string OnlyRefusal(Action<Dictionary<string, string?>> change, long chainId = BaseSepolia)
    {
        var settings = Good();
        change(settings);
        return Assert.Single(RefusalsOf(settings, chainId));
    }

    [Fact]
    public void DeploymentConfiguration_HasNoRefusal() => Assert.Empty(RefusalsOf(Good()));

    [Fact]
    public void MissingSigningKey_IsRefused_NamingTheKey() =>
        Assert.StartsWith("Auth:SigningKey (TRUSTLEDGER_JWT_KEY) is required", OnlyRefusal(s => s.Remove("Auth:SigningKey")));

    [Fact]
    public void MissingSiweDomain_IsRefused() =>
        Assert.StartsWith("Auth:Domain (TRUSTLEDGER_AUTH_DOMAIN) is required", OnlyRefusal(s => s.Remove("Auth:Domain")));

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("app.trustledger.example")]
    public void LocalOrPlaceholderSiweDomain_IsRefused(string domain) =>
        Assert.Contains($"Auth:Domain (TRUSTLEDGER_AUTH_DOMAIN) '{domain}'", OnlyRefusal(s => s["Auth:Domain"] = domain));

    [Theory]
    [InlineData(null)]
    [InlineData("https://trustledger.example")] // appsettings.json's placeholder
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("https://127.0.0.1")]
    [InlineData("https://localhost:5443")]
    [InlineData("http://api.trustledger.dev")]
    [InlineData("not a url")]
    public void MissingLocalOrPlaceholderPublicBaseUrl_IsRefused(string? url) =>
        Assert.StartsWith("Credentials:PublicBaseUrl", OnlyRefusal(s => s["Credentials:PublicBaseUrl"] = url));

    [Fact]
    public void DevelopmentChain_IsRefused() =>
        Assert.StartsWith("Chain:ChainId", OnlyRefusal(_ => { }, ChainOptions.DevChainId));

    [Fact]
    public void DeployIfMissing_IsRefused() =>
        Assert.StartsWith("Chain:DeployIfMissing", OnlyRefusal(s => s["Chain:DeployIfMissing"] = "true"));

    [Fact]
    public void HardhatMnemonic_IsRefused() =>
        Assert.StartsWith("Keys:Mnemonic (TRUSTLEDGER_MNEMONIC) is Hardhat's public development mnemonic",
            OnlyRefusal(s => s["Keys:Mnemonic"] = "  test test test test test test test test test test test junk "));

    [Fact]
    public void KeystoreHoldingAHardhatKey_IsRefused_NamingItsFile()
    {
        var dir = Directory.CreateTempSubdirectory("trustledger-profile-").FullName;
        string Write(string name, byte[] key)
        {
            var path = Path.Combine(dir, name);
            // PBKDF2 with few rounds: this test is about whose key it is, not about the encryption's cost.
            var service = new Nethereum.KeyStore.KeyStorePbkdf2Service();
            var json = service.EncryptAndGenerateKeyStoreAsJson("pw", key, new ServiceKey("k", key).Address,
                new Pbkdf2Params { Count = 1024, Dklen = 32, Prf = "hmac-sha256" });
            File.WriteAllText(path, json);
            return path;
        }
        var refusal = OnlyRefusal(s =>
        {
            s.Remove("Keys:Mnemonic");
            s["Keys:KeystoreFile"] = Write("relayer.json", RandomNumberGenerator.GetBytes(32));
            s["Keys:IssuerKeystoreFile"] = Write("issuer.json", KeyStore.Derive(KeyStore.HardhatDevMnemonic, 1));
            s["Keys:KeystorePassword"] = "pw";
        });

        Assert.StartsWith("Keys:IssuerKeystoreFile: the issuer key 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 is Hardhat's public development account #1", refusal);
    }

    [Fact]
    public void HardhatAccountAsContractAdmin_IsRefused() =>
        Assert.StartsWith("Keys:ContractAdmin (TRUSTLEDGER_CONTRACT_ADMIN)", OnlyRefusal(s => s["Keys:ContractAdmin"] = KeyStore.HardhatDevAdmin));

    [Fact]
    public void HardhatAccountAsAdminOrIssuer_IsRefused()
    {
        Assert.StartsWith("Auth:Admins (TRUSTLEDGER_ADMINS)", OnlyRefusal(s => s["Auth:Admins"] = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        Assert.StartsWith("Auth:Issuers (TRUSTLEDGER_ISSUERS)", OnlyRefusal(s => s["Auth:Issuers"] = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
    }

    [Fact]
    public void HardhatAccountsAsTrustAnchors_AreRefused() =>
        Assert.StartsWith("Reputation:Seeds", OnlyRefusal(s => s["Reputation:Seeds:1"] = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"));

    /// <summary>The real host, as the shipped appsettings.json and the local chain leave it: one line naming every key to fix.</summary>
    [Fact]
    public async Task ProductionHost_OnDevelopmentDefaults_RefusesToStart_NamingEachKey()
    {
        await using var app = new ProductionApplication();
        await app.InitializeAsync();

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.True(app.Critical.Any(l => l.StartsWith("TrustLedger cannot start: ", StringComparison.Ordinal)), error.ToString());
        var line = Assert.Single(app.Critical, l => l.StartsWith("TrustLedger cannot start: ", StringComparison.Ordinal));
        foreach (var key in new[] { "Auth:SigningKey", "Auth:Domain", "Credentials:PublicBaseUrl", "Chain:ChainId", "Chain:DeployIfMissing" })
            Assert.Contains(key, line);
        Assert.Contains("the Production profile refuses development defaults", line);
    }

    private sealed class ProductionApplication : TrustLedgerApplication
    {
        public ConcurrentQueue<string> Critical { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.AddProvider(new CriticalLines(Critical)));
        }
    }

    private sealed class CriticalLines(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Critical;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Critical) lines.Enqueue(formatter(state, exception));
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests.Auth;

/// <summary>Auth settings that must stop the service at start-up rather than weaken it.</summary>
public sealed class AuthStartupTests
{
    private sealed class ConfiguredApplication(string environment, (string Key, string Value)[] settings) : TrustLedgerApplication
    {
        public ConcurrentQueue<string> Critical { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.AddProvider(new CriticalLines(Critical)));
        }
    }

    /// <summary>
    /// Starts the host in process. Program's RunUntilStoppedAsync logs a start-up failure as one
    /// critical line and ends; that line is what an operator sees, so it is what we check.
    /// </summary>
    private static async Task<string> StartFailureAsync(string environment, params (string, string)[] settings)
    {
        await using var app = new ConfiguredApplication(environment, settings);
        await app.InitializeAsync();
        Assert.ThrowsAny<Exception>(() => app.CreateClient());
        return Assert.Single(app.Critical, line => line.StartsWith("TrustLedger cannot start: ", StringComparison.Ordinal));
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

    [Fact]
    public async Task ProductionProcess_WithoutSigningKey_ExitsWithOneClearLine()
    {
        // The real binary, as an operator starts it: chain and database fine, no key.
        var rpc = TestServices.RequireChain();
        var work = Directory.CreateTempSubdirectory("trustledger-auth-start-").FullName;
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = work,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["TRUSTLEDGER_RPC_URL"] = rpc;
        start.Environment["TRUSTLEDGER_DB"] = $"Data Source={Path.Combine(work, "t.db")}";
        start.Environment["TRUSTLEDGER_MNEMONIC"] = await TestServices.FundedMnemonicAsync();
        start.Environment["Chain__DeployIfMissing"] = "true";
        start.Environment["Chain__DeploymentsDirectory"] = Path.Combine(work, "deployments");
        start.Environment.Remove("TRUSTLEDGER_JWT_KEY");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await errors;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("TrustLedger cannot start: Auth:SigningKey (TRUSTLEDGER_JWT_KEY) is required in the Production environment", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Production_WithoutSigningKey_RefusesToStart()
    {
        var message = await StartFailureAsync("Production");

        Assert.Contains("TRUSTLEDGER_JWT_KEY", message);
        Assert.Contains("Production", message);
    }

    /// <summary>
    /// With a signing key and a sign-in domain the auth checks pass; on the development chain the Production profile
    /// then refuses (chain 31337, contracts deployed on start, the placeholder public URL). Production starting for
    /// real, on a deployed non-development chain, is DeployToNetworkTests.
    /// </summary>
    [Fact]
    public async Task Production_WithSigningKeyAndDomain_PassesAuth_ButRefusesTheDevelopmentChain()
    {
        var message = await StartFailureAsync("Production",
            ("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), ("Auth:Domain", "app.trustledger.dev"));

        Assert.DoesNotContain("Auth:", message);
        Assert.Contains("Chain:ChainId", message);
    }

    [Fact]
    public async Task Production_WithoutSignInDomain_RefusesToStart()
    {
        var message = await StartFailureAsync("Production", ("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

        Assert.Contains("TRUSTLEDGER_AUTH_DOMAIN", message);
    }

    [Fact]
    public async Task ShortSecret_RefusesToStartEvenInTesting()
    {
        var message = await StartFailureAsync("Testing", ("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

        Assert.Contains("at least 32", message);
    }

    [Fact]
    public async Task PublicKeyPem_RefusesToStart()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var message = await StartFailureAsync("Testing", ("Auth:SigningKey", ec.ExportSubjectPublicKeyInfoPem()));

        Assert.Contains("private key", message);
    }

    [Fact]
    public async Task P384Key_RefusesToStart()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var message = await StartFailureAsync("Testing", ("Auth:SigningKey", ec.ExportPkcs8PrivateKeyPem()));

        Assert.Contains("P-256", message);
    }

    [Fact]
    public async Task AdminListWithABadAddress_RefusesToStart()
    {
        var message = await StartFailureAsync("Testing", ("Auth:Admins", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266,0xnot-an-address"));

        Assert.Contains("Auth:Admins", message);
        Assert.Contains("0xnot-an-address", message);
    }

    [Fact]
    public async Task ExternalAuthorityWithoutAudience_RefusesToStart()
    {
        var message = await StartFailureAsync("Testing", ("Auth:Authority", "https://idp.example/"));

        Assert.Contains("Auth:Audience", message);
    }
}

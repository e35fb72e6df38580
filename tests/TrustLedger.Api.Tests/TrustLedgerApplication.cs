using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TrustLedger.Tests.Shared;

namespace TrustLedger.Api.Tests;

/// <summary>
/// The real host wired to the real local chain and a fresh database (SQLite or PostgreSQL) of
/// its own, with its own funded keys and deployments, so fixtures never share state.
/// </summary>
public class TrustLedgerApplication : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databaseKind;
    private string _connectionString = "";
    private string _mnemonic = "";
    private readonly string _deployments = Directory.CreateTempSubdirectory("trustledger-deployments-").FullName;

    public TrustLedgerApplication() : this("sqlite") { }

    protected TrustLedgerApplication(string databaseKind) => _databaseKind = databaseKind;

    public string RpcUrl { get; private set; } = "";

    /// <summary>The fixture's own database (SQLite file or PostgreSQL database).</summary>
    protected string ConnectionString => _connectionString;

    public virtual async ValueTask InitializeAsync()
    {
        RpcUrl = TestServices.RequireChain();
        _connectionString = _databaseKind == "postgres"
            ? await TestServices.CreatePostgresDatabaseAsync()
            : TestServices.CreateSqliteDatabase();
        _mnemonic = await TestServices.FundedMnemonicAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Database", _connectionString);
        builder.UseSetting("Chain:RpcUrl", RpcUrl);
        builder.UseSetting("Chain:DeploymentsDirectory", _deployments);
        builder.UseSetting("Chain:DeployIfMissing", "true");
        builder.UseSetting("Keys:Mnemonic", _mnemonic);
        // No scheduled snapshots: their publish transactions would interleave with what tests count (Snapshots/ turns them on).
        builder.UseSetting("Snapshots:Interval", "0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class PostgresApplication() : TrustLedgerApplication("postgres");

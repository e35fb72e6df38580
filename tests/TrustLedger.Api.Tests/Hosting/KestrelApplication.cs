using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TrustLedger.Api.Tests.Hosting;

/// <summary>
/// The host on real Kestrel (a free 127.0.0.1 port) instead of the in-memory test server, for what only
/// the real server shows: its own refusals of malformed requests, header and URL limits, raw sockets.
/// Admin and issuer roles go to <see cref="Admin"/>, so every operation can be reached signed in.
/// </summary>
public class KestrelApplication : TrustLedgerApplication
{
    public KestrelApplication() : this("sqlite") { }

    protected KestrelApplication(string databaseKind) : base(databaseKind) => UseKestrel(0);

    public Core.Crypto.EthPrivateKey Admin { get; } = Core.Crypto.EthPrivateKey.Generate();

    /// <summary>Where the server listens, once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Https:Port", "0");
        builder.UseSetting("Auth:Admins", Admin.Address.ToString());
        builder.UseSetting("Auth:Issuers", Admin.Address.ToString());
        // The fuzzer sends thousands of requests from one address in a minute.
        builder.UseSetting("Limits:PerClientPer10Seconds", "1000000");
        builder.UseSetting("Limits:SubmissionsPerAddressPerMinute", "1000000");
        // Admin calls that succeed wait for their transaction; a fuzzer's worker should not wait 30 s for each.
        builder.UseSetting("Rewards:AdminWait", "00:00:02");
        builder.UseSetting("Credentials:IssueAnchorWait", "00:00:02");
    }

    /// <summary>A client of the real server (not the in-memory one).</summary>
    public HttpClient RealClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
}

public sealed class PostgresKestrelApplication() : KestrelApplication("postgres");

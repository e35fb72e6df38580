using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;

namespace TrustLedger.Api.Relaying;

public static class RelayingExtensions
{
    /// <summary>The outbox, the intake that validates and stores signed requests, and the relayer worker.</summary>
    public static void AddRelaying(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RelayerOptions>(builder.Configuration.GetSection(RelayerOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new Outbox(sp.GetRequiredService<Database>()));
        builder.Services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<ChainConnection>();
            var registry = chain.Deployment.AddressOf("AttestationRegistry");
            var domain = RegistryDomain.ReadAsync(chain.Web3, registry).GetAwaiter().GetResult();
            return new RelayValidator(chain.Web3, registry, domain, sp.GetRequiredService<Outbox>(),
                sp.GetRequiredService<IOptions<RelayerOptions>>().Value, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<RelayIntake>();
        builder.Services.AddHostedService<RelayerWorker>();
    }

    /// <summary>
    /// Relays while this replica holds the "relayer" lease. The chain connection is resolved
    /// when work starts, not at construction, so start-up checks the database before the chain.
    /// </summary>
    private sealed class RelayerWorker(
        Database db, IServiceProvider services, Outbox outbox, IOptions<RelayerOptions> options, TimeProvider time, ILogger<RelayerWorker> logger)
        : LeaderWorker(db, "relayer", logger)
    {
        protected override Task LeadAsync(Lease lease, CancellationToken ct)
        {
            var chain = services.GetRequiredService<ChainConnection>();
            return new Relayer(chain.Web3, chain.Keys.Relayer.ToAccount(chain.ChainId), chain.Deployment.AddressOf("AttestationRegistry"),
                outbox, options.Value, logger, time).RunAsync(lease, ct);
        }
    }
}

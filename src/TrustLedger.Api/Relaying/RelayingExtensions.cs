using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Transactions;

namespace TrustLedger.Api.Relaying;

public static class RelayingExtensions
{
    /// <summary>
    /// The outbox, the intake that validates and stores signed requests, and the relayer worker; also how
    /// every service key sends (section "Transactions").
    /// </summary>
    public static void AddRelaying(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RelayerOptions>(builder.Configuration.GetSection(RelayerOptions.Section));
        builder.Services.Configure<TransactionOptions>(builder.Configuration.GetSection(TransactionOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new Outbox(sp.GetRequiredService<Database>()));
        builder.Services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<ChainConnection>();
            var registry = chain.Deployment.AddressOf(ProductContracts.Registry);
            var domain = RegistryDomain.ReadAsync(chain.Web3, registry).GetAwaiter().GetResult();
            return new RelayValidator(chain.Web3, registry, domain, sp.GetRequiredService<Outbox>(),
                sp.GetRequiredService<IOptions<RelayerOptions>>().Value, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<RelayIntake>();
        builder.Services.AddHostedService<RelayerWorker>();
    }
}

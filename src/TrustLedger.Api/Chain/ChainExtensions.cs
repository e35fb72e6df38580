using Microsoft.Extensions.Options;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;
using TrustLedger.Core.ChainGenerations;
using TrustLedger.Core.Data;

namespace TrustLedger.Api.Chain;

public static class ChainExtensions
{
    public static void AddChain(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ChainOptions>(builder.Configuration.GetSection(ChainOptions.Section));
        builder.Services.Configure<KeyOptions>(builder.Configuration.GetSection(KeyOptions.Section));
        // Connected once; the start-up task below makes that happen before the first request.
        builder.Services.AddSingleton(sp => ChainConnection.ConnectAsync(
                sp.GetRequiredService<IOptions<ChainOptions>>().Value,
                sp.GetRequiredService<IOptions<KeyOptions>>().Value,
                ProductContracts.All,
                sp.GetRequiredService<ILogger<ChainConnection>>())
            .GetAwaiter().GetResult());
        builder.Services.AddSingleton<ChainWatch>();
        builder.Services.AddHostedService<ConnectOnStart>();
        builder.Services.AddHostedService<ChainWatchWorker>();
    }

    /// <summary>
    /// Connects (deploying where allowed), settles which chain generation the database's records belong to
    /// (a different chain than last time ends the old generation and starts clean), and registers the product's
    /// schemas where missing, before the relayer starts: both send transactions from the relayer's account.
    /// </summary>
    private sealed class ConnectOnStart(IServiceProvider services, ILogger<ConnectOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var chain = await Task.Run(() => services.GetRequiredService<ChainConnection>(), ct);
            await ChainGenerations.EnsureCurrentAsync(services.GetRequiredService<Database>(), chain, logger, ct);
            services.GetRequiredService<ChainWatch>().Chain = chain;
            await ProductSchemaRegistration.EnsureRegisteredAsync(chain.Web3, chain.Deployment.AddressOf(ProductContracts.Registry), logger, ct: ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

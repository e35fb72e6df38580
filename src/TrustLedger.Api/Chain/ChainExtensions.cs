using Microsoft.Extensions.Options;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Chain;

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
        builder.Services.AddHostedService<ConnectOnStart>();
    }

    /// <summary>
    /// Connects (deploying where allowed) and registers the product's schemas where missing,
    /// before the relayer starts: both send transactions from the relayer's account.
    /// </summary>
    private sealed class ConnectOnStart(IServiceProvider services, ILogger<ConnectOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            var chain = await Task.Run(() => services.GetRequiredService<ChainConnection>(), ct);
            await ProductSchemaRegistration.EnsureRegisteredAsync(chain.Web3, chain.Deployment.AddressOf(ProductContracts.Registry), logger, ct: ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

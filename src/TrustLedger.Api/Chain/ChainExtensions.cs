using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;

namespace TrustLedger.Api.Chain;

public static class ChainExtensions
{
    /// <summary>The contracts this service needs on its chain.</summary>
    public static readonly IReadOnlyList<ContractSpec> Contracts =
    [
        new("AttestationRegistry", _ => []),
    ];

    public static void AddChain(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ChainOptions>(builder.Configuration.GetSection(ChainOptions.Section));
        builder.Services.Configure<KeyOptions>(builder.Configuration.GetSection(KeyOptions.Section));
        // Connected once; the start-up task below makes that happen before the first request.
        builder.Services.AddSingleton(sp => ChainConnection.ConnectAsync(
                sp.GetRequiredService<IOptions<ChainOptions>>().Value,
                sp.GetRequiredService<IOptions<KeyOptions>>().Value,
                Contracts,
                sp.GetRequiredService<ILogger<ChainConnection>>())
            .GetAwaiter().GetResult());
        builder.Services.AddHostedService<ConnectOnStart>();
    }

    private sealed class ConnectOnStart(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) =>
            Task.Run(() => services.GetRequiredService<ChainConnection>(), ct);

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Api.Snapshots;

public static class SnapshotsExtensions
{
    /// <summary>Scoring parameters ("Reputation"), the schedule ("Snapshots") and the leader worker that publishes.</summary>
    public static void AddSnapshots(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SnapshotParameters>(builder.Configuration.GetSection(SnapshotParameters.Section));
        builder.Services.Configure<SnapshotOptions>(builder.Configuration.GetSection(SnapshotOptions.Section));
        builder.Services.AddOptions<SnapshotParameters>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SnapshotParameters>>(new ParametersCheck());
        builder.Services.AddSingleton(sp => new SnapshotService(sp.GetRequiredService<Core.Data.Database>(), () => sp.GetRequiredService<ChainConnection>(),
            sp.GetRequiredService<IOptions<SnapshotParameters>>(), sp.GetRequiredService<ILogger<SnapshotService>>()));
        builder.Services.AddSingleton<SnapshotWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SnapshotWorker>());
    }

    private sealed class ParametersCheck : IValidateOptions<SnapshotParameters>
    {
        public ValidateOptionsResult Validate(string? name, SnapshotParameters options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail($"{SnapshotParameters.Section}: {problem}") : ValidateOptionsResult.Success;
    }
}

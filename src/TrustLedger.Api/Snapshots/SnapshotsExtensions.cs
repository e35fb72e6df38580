using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Snapshots;

namespace TrustLedger.Api.Snapshots;

public static class SnapshotsExtensions
{
    /// <summary>The contract's name in the artifacts and the deployments file.</summary>
    public const string ContractName = "ReputationSnapshots";

    /// <summary>
    /// ReputationSnapshots(admin = the relayer, threshold = 1): the relayer administers it and grants
    /// itself PUBLISHER_ROLE before its first publish. Making other servers co-publishers (M-of-N) is
    /// an admin's act on chain: grantRole, then setThreshold.
    /// </summary>
    public static readonly ContractSpec Contract = new(ContractName, keys => [keys.Relayer.Address, 1]);

    /// <summary>Scoring parameters ("Reputation"), the schedule ("Snapshots") and the leader worker that publishes.</summary>
    public static void AddSnapshots(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SnapshotParameters>(builder.Configuration.GetSection(SnapshotParameters.Section));
        builder.Services.Configure<SnapshotOptions>(builder.Configuration.GetSection(SnapshotOptions.Section));
        builder.Services.AddOptions<SnapshotParameters>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SnapshotParameters>>(new ParametersCheck());
        builder.Services.AddSingleton<SnapshotService>();
        builder.Services.AddSingleton<SnapshotWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SnapshotWorker>());
    }

    private sealed class ParametersCheck : IValidateOptions<SnapshotParameters>
    {
        public ValidateOptionsResult Validate(string? name, SnapshotParameters options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail($"{SnapshotParameters.Section}: {problem}") : ValidateOptionsResult.Success;
    }
}

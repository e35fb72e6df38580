using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Api.Reputation;

public static class ReputationExtensions
{
    /// <summary>Settings (section "Reputation"), the board every read serves, and the worker that keeps it current.</summary>
    public static void AddReputation(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ReputationSettings>(builder.Configuration.GetSection(ReputationSettings.Section));
        builder.Services.AddSingleton<ReputationState>();
        builder.Services.AddSingleton(sp => new PersonalizedTrust(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReputationSettings>>().Value));
        builder.Services.AddHostedService<ReputationWorker>();
    }
}

using TrustLedger.Core.Relationships;

namespace TrustLedger.Api.Relationships;

public static class RelationshipsExtensions
{
    /// <summary>Settings (section "Relationships"): when a tie counts as at risk; and the worker that records each snapshot epoch.</summary>
    public static void AddRelationships(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RelationshipSettings>(builder.Configuration.GetSection(RelationshipSettings.Section));
        builder.Services.AddHostedService<RelationshipsWorker>();
    }
}

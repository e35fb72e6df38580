using TrustLedger.Core.Indexing;

namespace TrustLedger.Api.Indexing;

public static class IndexingExtensions
{
    /// <summary>
    /// The indexer as a background worker (configuration section "Indexer"). Every replica runs one;
    /// only the holder of the "indexer" lease indexes, the others stand by to take over.
    /// </summary>
    public static void AddIndexing(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<IndexerOptions>(builder.Configuration.GetSection(IndexerOptions.Section));
        builder.Services.AddSingleton<IndexerWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IndexerWorker>());
    }
}

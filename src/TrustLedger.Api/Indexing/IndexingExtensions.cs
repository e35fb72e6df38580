using Microsoft.Extensions.Options;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;

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
        builder.Services.Configure<EdgeSourceOptions>(builder.Configuration.GetSection(EdgeSourceOptions.Section));
        builder.Services.AddOptions<EdgeSourceOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EdgeSourceOptions>>(new SourcesCheck());
        builder.Services.AddSingleton<IndexAdvance>();
        builder.Services.AddSingleton<IndexerWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IndexerWorker>());
    }

    /// <summary>A source mapping that cannot work fails start-up, naming the key.</summary>
    private sealed class SourcesCheck : IValidateOptions<EdgeSourceOptions>
    {
        public ValidateOptionsResult Validate(string? name, EdgeSourceOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

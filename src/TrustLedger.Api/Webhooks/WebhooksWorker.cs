using Microsoft.Extensions.Options;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relationships;
using TrustLedger.Core.Scoreboard;
using TrustLedger.Core.Webhooks;
using TrustLedger.Core.Workers;

namespace TrustLedger.Api.Webhooks;

/// <summary>
/// While this replica holds the "webhooks" lease: turns new events into queued messages and delivers the
/// due ones, one step of each per WorkerLoop turn. One replica delivers, so a message is never sent twice at once.
/// </summary>
public sealed class WebhooksWorker(
    Database db, ReputationState state, IOptions<ReputationSettings> reputation, IOptions<RelationshipSettings> relationships,
    IOptions<WebhookSettings> settings, IHostEnvironment environment, ILogger<WebhooksWorker> logger)
    : LeaderWorker(db, "webhooks", logger)
{
    protected override async Task LeadAsync(Lease lease, CancellationToken ct)
    {
        var s = settings.Value;
        using var http = new HttpClient(WebhookDestinations.Handler(s.PrivateTargetsAllowed(environment.EnvironmentName), s.Timeout))
        {
            Timeout = Timeout.InfiniteTimeSpan, // each delivery has its own deadline (Webhooks:Timeout)
        };
        var sources = new WebhookSources(Db, new EpochEvents(Db, state, reputation.Value, relationships.Value, s), s, logger);
        var dispatcher = new WebhookDispatcher(Db, http, s, logger);
        var pacing = new WorkerPacing(s.PollInterval, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        await WorkerLoop.RunAsync("Webhooks", async token => await sources.StepAsync(token) | await dispatcher.StepAsync(token), pacing, logger, ct);
    }
}

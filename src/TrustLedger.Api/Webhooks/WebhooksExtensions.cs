using TrustLedger.Core.Webhooks;

namespace TrustLedger.Api.Webhooks;

public static class WebhooksExtensions
{
    /// <summary>Settings (section "Webhooks") and the worker that queues and delivers webhook messages.</summary>
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookSettings>(builder.Configuration.GetSection(WebhookSettings.Section));
        builder.Services.AddHostedService<WebhooksWorker>();
    }
}

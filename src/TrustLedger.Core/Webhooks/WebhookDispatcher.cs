using System.Diagnostics;
using System.Text;
using TrustLedger.Core.Data;

namespace TrustLedger.Core.Webhooks;

/// <summary>
/// Delivers due messages (one worker step per call, run by the one WorkerLoop): POSTs each body signed per
/// Standard Webhooks, at most one message per subscription at a time and a bounded number in parallel, each
/// under <see cref="WebhookSettings.Timeout"/>. A 2xx answer delivers it; anything else (another status, no
/// answer, a refused destination) is retried after the schedule's next wait with the same webhook-id.
/// </summary>
public sealed class WebhookDispatcher(Database db, HttpClient http, WebhookSettings settings, ILogger logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>True when it attempted something.</summary>
    public async Task<bool> StepAsync(CancellationToken ct)
    {
        var due = await WebhookOutbox.DueAsync(db, settings.MaxConcurrentDeliveries * 4, ct);
        var batch = due.GroupBy(m => m.SubscriptionId).Select(g => g.First()).Take(settings.MaxConcurrentDeliveries).ToList();
        await Task.WhenAll(batch.Select(m => DeliverAsync(m, ct)));
        return batch.Count > 0;
    }

    private async Task DeliverAsync(DueMessage message, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        try
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
            {
                Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", message.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(message.Secret, message.Id, timestamp, message.Payload));
            request.Headers.UserAgent.ParseAdd("TrustLedger-Webhooks/1");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.Timeout);
            // Headers only: the receiver's body is not needed and is never read, so its size cannot matter.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (status is < 200 or >= 300) error = $"HTTP {status}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"no answer within {settings.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookDestinationRefusedException refused)
        {
            error = "destination refused: " + refused.Message;
        }
        catch (HttpRequestException e)
        {
            error = e.GetBaseException().Message;
        }
        await RecordAsync(message, status, error, clock.ElapsedMilliseconds, ct);
    }

    private async Task RecordAsync(DueMessage message, int? status, string? error, long ms, CancellationToken ct)
    {
        if (error is null)
        {
            await WebhookOutbox.RecordAsync(db, message, status, null, ms, null, null, ct);
            return;
        }
        var attempt = (int)message.Attempts; // retries so far
        TimeSpan? retry = attempt < settings.Retries.Count ? settings.Retries[attempt] : null;
        string? disable = status == 410 ? "the endpoint answered 410 Gone"
            : retry is null ? $"message {message.Id} failed {attempt + 1} times, the last: {error}"
            : message.FailuresInARow + 1 >= settings.DisableAfterFailuresInARow ? $"{message.FailuresInARow + 1} failed deliveries in a row, the last: {error}"
            : null;
        if (disable is not null) retry = status == 410 ? null : retry;
        await WebhookOutbox.RecordAsync(db, message, status, error, ms, retry, disable, ct);
        if (disable is not null)
            logger.LogWarning("Webhooks: subscription {Subscription} disabled: {Reason}", message.SubscriptionId, disable);
    }
}

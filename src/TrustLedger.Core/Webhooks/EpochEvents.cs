using System.Globalization;
using TrustLedger.Core.Data;
using TrustLedger.Core.Relationships;
using TrustLedger.Core.Scoreboard;

namespace TrustLedger.Core.Webhooks;

/// <summary>
/// Events from recorded snapshot epochs (snapshot.published, score.moved: <see cref="RelationshipEpochs"/>) and
/// from the served board (tie.at_risk, checked whenever the board moves, for the parties that subscribed).
/// A tie.at_risk event's key holds the tie's newest evidence time, so a tie that stays at risk is reported
/// once, and again only after fresh evidence and a new risk.
/// </summary>
public sealed class EpochEvents(Database db, ReputationState state, ReputationSettings reputation, RelationshipSettings relationships, WebhookSettings settings)
{
    public async Task<bool> StepAsync(CancellationToken ct) => await EpochsAsync(ct) | await TiesAsync(ct);

    private async Task<bool> EpochsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var position = await WebhookCursors.GetAsync(connection, "epochs", ct);
        var after = position is null ? -1 : long.Parse(position, CultureInfo.InvariantCulture);
        var epochs = await RelationshipEpochs.EpochsAfterAsync(connection, after, 1, ct);
        if (position is null)
        {   // start at the present: the newest recorded epoch, if any
            var latest = await RelationshipEpochs.PreviousEpochAsync(connection, long.MaxValue, ct);
            await WebhookCursors.SetAsync(connection, null, "epochs", (latest ?? 0).ToString(CultureInfo.InvariantCulture), ct);
            return true;
        }
        if (epochs.Count == 0) return false;
        var epoch = epochs[0];
        var previous = await RelationshipEpochs.PreviousEpochAsync(connection, epoch, ct);
        var subscriptions = await WebhookSubscriptions.ActiveAsync(connection, ct);
        var scoreSubs = subscriptions.Where(s => s.Types.Contains(WebhookEventTypes.ScoreMoved)).ToList();
        Dictionary<string, Standing> now = [], before = [];
        if (scoreSubs.Count > 0 && previous is { } p)
        {
            // Parties someone watches; an all-parties subscription watches everyone present in the epoch.
            IEnumerable<string> watched = scoreSubs.Any(s => s.Party is null)
                ? (await RelationshipEpochs.EpochPartiesAsync(connection, epoch, ct))
                : scoreSubs.Select(s => s.Party!);
            var list = watched.ToList();
            now = await RelationshipEpochs.InEpochAsync(connection, epoch, list, ct);
            before = await RelationshipEpochs.InEpochAsync(connection, p, list, ct);
        }
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = DateTimeOffset.UtcNow;
        foreach (var s in subscriptions.Where(s => s.Wants(WebhookEventTypes.SnapshotPublished, null)))
            await WebhookOutbox.EnqueueAsync(connection, tx, s.Id, WebhookEventTypes.SnapshotPublished, $"snapshot.published:{epoch}",
                WebhookOutbox.Payload(WebhookEventTypes.SnapshotPublished, at, new { epoch, previousEpoch = previous }), settings.MaxPayloadBytes, ct);
        foreach (var (party, standing) in now)
        {
            if (!before.TryGetValue(party, out var old)) continue;
            var change = Math.Round(standing.Score - old.Score, 2);
            foreach (var s in scoreSubs.Where(s => s.Wants(WebhookEventTypes.ScoreMoved, party) && Math.Abs(change) > s.MinScoreChange))
                await WebhookOutbox.EnqueueAsync(connection, tx, s.Id, WebhookEventTypes.ScoreMoved, $"score.moved:{epoch}:{party}",
                    WebhookOutbox.Payload(WebhookEventTypes.ScoreMoved, at, new
                    {
                        party, epoch, previousEpoch = previous, score = standing.Score, previousScore = old.Score, change,
                        rank = standing.Rank, previousRank = old.Rank,
                    }), settings.MaxPayloadBytes, ct);
        }
        await WebhookCursors.SetAsync(connection, tx, "epochs", epoch.ToString(CultureInfo.InvariantCulture), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<bool> TiesAsync(CancellationToken ct)
    {
        var board = state.Board;
        // Tie kinds read communities: wait for network figures. Figures carried from an earlier block's pass do: the risks
        // (fading, one-sided, turning negative) are this block's, and the kinds are those GET .../ties shows meanwhile.
        if (!board.HasNetwork) return false;
        await using var connection = await db.OpenConnectionAsync(ct);
        var position = await WebhookCursors.GetAsync(connection, "ties", ct);
        var block = board.AsOfBlock.ToString(CultureInfo.InvariantCulture);
        if (position == block) return false;
        var watchers = (await WebhookSubscriptions.ActiveAsync(connection, ct))
            .Where(s => s.Party is not null && s.Types.Contains(WebhookEventTypes.TieAtRisk)).ToList();
        var queued = new List<(string Subscription, string Key, string Payload)>();
        foreach (var party in watchers.Select(s => s.Party!).Distinct(StringComparer.Ordinal))
        {
            var open = await OpenProposals.InvolvingAsync(connection, party, board.Result.AsOf, ct);
            var cards = await PartyCards.LookupAsync(connection, RelationshipIndex.For(board).PartnersOf(party), ct);
            foreach (var tie in PartyTies.For(board, party, reputation.HalfLifeDays, relationships, open, cards.Display))
            foreach (var risk in tie.Risks)
            foreach (var s in watchers.Where(s => s.Party == party))
                queued.Add((s.Id, $"tie.at_risk:{party}:{tie.Counterparty}:{risk.Reason}:{tie.LastEvidenceTime}",
                    WebhookOutbox.Payload(WebhookEventTypes.TieAtRisk, DateTimeOffset.FromUnixTimeSeconds(board.Result.AsOf), new
                    {
                        party, counterparty = tie.Counterparty, name = cards.GetValueOrDefault(tie.Counterparty)?.Name, risk.Reason, risk.Why, risk.NextStep,
                        tie.Strength, tie.Kind, tie.LastEvidenceTime, asOfBlock = board.AsOfBlock,
                    })));
        }
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var (subscription, key, payload) in queued)
            await WebhookOutbox.EnqueueAsync(connection, tx, subscription, WebhookEventTypes.TieAtRisk, key, payload, settings.MaxPayloadBytes, ct);
        await WebhookCursors.SetAsync(connection, tx, "ties", block, ct);
        await tx.CommitAsync(ct);
        return queued.Count > 0;
    }
}

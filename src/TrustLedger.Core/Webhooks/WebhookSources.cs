using System.Globalization;
using System.Numerics;
using Dapper;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Core.Webhooks;

/// <summary>
/// Turns what happened into queued messages: new indexed attestations (endorsement.confirmed,
/// reciprocity.proposed), revoked credentials (credential.revoked) and recorded snapshot epochs
/// (<see cref="EpochEvents"/>). Each source reads from its cursor, matches every event against the active
/// subscriptions and queues the matches with the cursor's move, in one transaction. A source starts at
/// the present the first time it runs: history is not replayed to new subscribers.
/// </summary>
public sealed class WebhookSources(Database db, EpochEvents epochs, WebhookSettings settings, ILogger logger)
{
    private const int Batch = 500;

    private sealed class Row
    {
        public string Uid { get; init; } = "";
        public string SchemaUid { get; init; } = "";
        public string Attester { get; init; } = "";
        public string Subject { get; init; } = "";
        public string? RefUid { get; init; }
        public byte[] Data { get; init; } = [];
        public long BlockNumber { get; init; }
        public long LogIndex { get; init; }
        public long Time { get; init; }
    }

    /// <summary>True when some source moved.</summary>
    public async Task<bool> StepAsync(CancellationToken ct)
    {
        var attestations = await AttestationsAsync(ct);
        var credentials = await CredentialsAsync(ct);
        return attestations | credentials | await epochs.StepAsync(ct);
    }

    private async Task<bool> AttestationsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var checkpoint = await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct);
        if (checkpoint is null) return false;
        var position = await WebhookCursors.GetAsync(connection, "attestations", ct);
        if (position is null)
        {
            await WebhookCursors.SetAsync(connection, null, "attestations", $"{checkpoint.BlockNumber}:{long.MaxValue}", ct);
            return true;
        }
        var (block, log) = Parse(position);
        if (block > checkpoint.BlockNumber) (block, log) = (checkpoint.BlockNumber, long.MaxValue); // the indexer rolled back a reorg
        const string sql = """
            SELECT uid AS Uid, schema_uid AS SchemaUid, attester AS Attester, subject AS Subject, ref_uid AS RefUid, data AS Data,
                   block_number AS BlockNumber, log_index AS LogIndex, block_time AS Time
            FROM attestations
            WHERE (block_number > @block OR (block_number = @block AND log_index > @log)) AND block_number <= @upTo
            ORDER BY block_number, log_index
            LIMIT @Batch
            """;
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql,
            new { block, log, upTo = checkpoint.BlockNumber, Batch }, cancellationToken: ct))).AsList();
        if (rows.Count == 0) return false;
        var subscriptions = await WebhookSubscriptions.ActiveAsync(connection, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var row in rows)
        {
            if (Event(row) is not var (type, party, data)) continue;
            foreach (var s in subscriptions.Where(s => s.Wants(type, party)))
                await QueueAsync(connection, tx, s.Id, type, $"{type}:{row.Uid}", DateTimeOffset.FromUnixTimeSeconds(row.Time), data, ct);
        }
        await WebhookCursors.SetAsync(connection, tx, "attestations", $"{rows[^1].BlockNumber}:{rows[^1].LogIndex}", ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The event an indexed attestation is, with the party it is about; null for those nobody subscribes to.</summary>
    private static (string Type, string Party, object Data)? Event(Row row)
    {
        if (row.SchemaUid == ProductSchemas.Endorsement.Uid && ProductSchemas.Endorsement.Parsed.TryDecode(row.Data, out var e))
            return (WebhookEventTypes.EndorsementConfirmed, row.Subject, new
            {
                uid = row.Uid, attester = row.Attester, subject = row.Subject, rating = (int)(BigInteger)e["rating"]!,
                category = ProductSchemas.FromBytes32((byte[])e["category"]!), comment = (string)e["comment"]!, block = row.BlockNumber,
            });
        if (row.SchemaUid == ProductSchemas.Reciprocity.Uid && row.RefUid is null && ProductSchemas.Reciprocity.Parsed.TryDecode(row.Data, out var r))
            return (WebhookEventTypes.ReciprocityProposed, row.Subject, new
            {
                uid = row.Uid, proposer = row.Attester, counterparty = row.Subject, kind = ProductSchemas.FromBytes32((byte[])r["kind"]!),
                rating = (int)(BigInteger)r["rating"]!, reference = (string)r["reference"]!, block = row.BlockNumber,
                confirmWith = $"/v1/reciprocity-events/{row.Uid}/confirmation/typed-data",
            });
        return null;
    }

    private async Task<bool> CredentialsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var position = await WebhookCursors.GetAsync(connection, "credentials", ct);
        if (position is null)
        {
            var latest = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT MAX(revoked_at) FROM credentials", cancellationToken: ct));
            await WebhookCursors.SetAsync(connection, null, "credentials", $"{latest ?? ""}|", ct);
            return true;
        }
        var (at, id) = (position[..position.IndexOf('|')], position[(position.IndexOf('|') + 1)..]);
        const string sql = """
            SELECT c.id AS Id, c.type AS Type, c.revoked_at AS RevokedAt, c.revoked_reason AS Reason, h.holder AS Holder
            FROM credentials c JOIN credential_holders h ON h.credential_id = c.id
            WHERE c.revoked_at IS NOT NULL AND (c.revoked_at > @at OR (c.revoked_at = @at AND c.id > @id))
            ORDER BY c.revoked_at, c.id
            LIMIT @Batch
            """;
        var rows = (await connection.QueryAsync<(string Id, string Type, string RevokedAt, string? Reason, string Holder)>(
            new CommandDefinition(sql, new { at, id, Batch }, cancellationToken: ct))).AsList();
        if (rows.Count == 0) return false;
        var subscriptions = await WebhookSubscriptions.ActiveAsync(connection, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var row in rows)
        foreach (var s in subscriptions.Where(s => s.Wants(WebhookEventTypes.CredentialRevoked, row.Holder)))
            await QueueAsync(connection, tx, s.Id, WebhookEventTypes.CredentialRevoked, $"credential.revoked:{row.Id}:{row.Holder}",
                DateTimeOffset.Parse(row.RevokedAt, CultureInfo.InvariantCulture),
                new { id = row.Id, type = row.Type, holder = row.Holder, reason = row.Reason, revokedAt = row.RevokedAt }, ct);
        await WebhookCursors.SetAsync(connection, tx, "credentials", $"{rows[^1].RevokedAt}|{rows[^1].Id}", ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Queues one message; a body over the size limit is logged and skipped, never sent cut short.</summary>
    internal async Task QueueAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string subscription, string type, string key,
        DateTimeOffset at, object data, CancellationToken ct)
    {
        var payload = WebhookOutbox.Payload(type, at, data);
        if (System.Text.Encoding.UTF8.GetByteCount(payload) > settings.MaxPayloadBytes)
            logger.LogWarning("Webhooks: {Type} {Key} is over {Max} bytes; not queued", type, key, settings.MaxPayloadBytes);
        else
            await WebhookOutbox.EnqueueAsync(c, tx, subscription, type, key, payload, settings.MaxPayloadBytes, ct);
    }

    private static (long Block, long Log) Parse(string position)
    {
        var colon = position.IndexOf(':');
        return (long.Parse(position[..colon], CultureInfo.InvariantCulture), long.Parse(position[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}

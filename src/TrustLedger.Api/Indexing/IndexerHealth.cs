using Microsoft.Extensions.Options;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Data;
using TrustLedger.Core.Indexing;

namespace TrustLedger.Api.Indexing;

/// <summary>
/// The indexer section of /health. Checkpoint and lag come from the database, so a standby replica
/// reports the leader's progress too. Informational: a lagging indexer does not make /health 503.
/// </summary>
/// <param name="Status">backfilling, following, retrying, starting (this replica leads), standby, disabled</param>
/// <param name="Role">leader, standby, starting or disabled</param>
/// <param name="Lag">head minus checkpoint, in blocks (includes the configured confirmations)</param>
public sealed record IndexerHealth(
    string Status, string Role, long? CheckpointBlock, long? HeadBlock, long? Lag, int Confirmations, string? Error)
{
    public static async Task<IndexerHealth?> CheckAsync(IServiceProvider services, Database db, long? head, CancellationToken ct)
    {
        if (services.GetService<IndexerWorker>() is not { } worker) return null;
        long? checkpoint = null;
        string? error = null;
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            checkpoint = (await IndexCheckpoints.GetAsync(connection, AttestationIndexer.RegistryStream, ct))?.BlockNumber;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.GetBaseException().Message;
        }
        var status = worker.Role == "leader" ? worker.Status?.State ?? "starting" : worker.Role;
        error ??= worker.Role == "leader" ? worker.Status?.LastError : null;
        var confirmations = services.GetService<IOptions<ChainOptions>>()?.Value.Confirmations ?? 0;
        return new IndexerHealth(status, worker.Role, checkpoint, head, head - checkpoint, confirmations, error);
    }
}

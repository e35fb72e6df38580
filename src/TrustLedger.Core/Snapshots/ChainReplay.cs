using TrustLedger.Core.Attestations;
using TrustLedger.Core.Indexing;
using TrustLedger.Core.Indexing.Sources;

namespace TrustLedger.Core.Snapshots;

/// <summary>
/// The indexer's tables, kept in memory: decoded registry batches applied in chain order give the
/// same <see cref="AttestationEdge"/> rows <see cref="AttestationStore.StreamEdgesAtBlockAsync"/>
/// reads from the database. `trustledger recompute` uses it to score from chain events alone.
/// Applies each batch like <see cref="IndexWriter.ApplyAsync"/>: attestations, then revocations,
/// then confirmations (the latest one wins), so both paths see identical rows.
/// </summary>
public sealed class ChainReplay
{
    private readonly Dictionary<string, Row> _byUid = new(StringComparer.Ordinal);
    private readonly List<Row> _rows = [];

    private sealed class Row(AttestationRow attestation)
    {
        public AttestationRow Attestation { get; } = attestation;
        public long? RevokedTime { get; set; }
        public string? ConfirmedBy { get; set; }
    }

    private readonly Dictionary<(string Contract, string Uid), int> _sourceIndex = [];
    private readonly List<SourceEdge> _sourceRows = [];

    public int AttestationCount => _rows.Count;

    public void Apply(IndexBatch batch)
    {
        foreach (var a in batch.Attestations)
        {
            var row = new Row(a);
            if (!_byUid.TryAdd(a.Uid, row))
                throw new InvalidOperationException($"attestation {a.Uid} appears twice in the registry's events");
            _rows.Add(row);
        }
        // Like the indexer's UPDATEs: an event about a uid this registry never emitted changes nothing.
        foreach (var r in batch.Revocations)
            if (_byUid.TryGetValue(r.Uid, out var row)) row.RevokedTime = r.BlockTime;
        foreach (var c in batch.Confirmations)
            if (_byUid.TryGetValue(c.Uid, out var row)) row.ConfirmedBy = c.ConfirmationUid;
        // Like SourceEdgeStore's INSERT and UPDATE ... WHERE revoked_block IS NULL.
        foreach (var e in batch.SourceEdges)
        {
            if (!_sourceIndex.TryAdd((e.Contract, e.Uid), _sourceRows.Count))
                throw new InvalidOperationException($"source edge {e.Contract} {e.Uid} appears twice");
            _sourceRows.Add(new SourceEdge
            {
                Source = e.Source, Contract = e.Contract, Uid = e.Uid, Reference = e.Reference, Attester = e.Attester, Subject = e.Subject,
                Rating = e.Rating, Category = e.Category, Expiration = e.Expiration, BlockNumber = e.BlockNumber, Time = e.BlockTime,
                TxHash = e.TxHash, LogIndex = e.LogIndex,
            });
        }
        foreach (var r in batch.SourceRevocations)
            if (_sourceIndex.TryGetValue((r.Contract, r.Uid), out var i) && _sourceRows[i].RevokedTime is null)
                _sourceRows[i] = _sourceRows[i] with { RevokedTime = r.BlockTime };
    }

    /// <summary>The outside sources' edges in chain order, as <see cref="SourceEdgeStore.StreamAtBlockAsync"/> returns them.</summary>
    public List<SourceEdge> SourceRows() => [.. _sourceRows.OrderBy(r => r.BlockNumber).ThenBy(r => r.LogIndex)];

    /// <summary>The rows in chain order (block, log index), as the edge query returns them.</summary>
    public List<AttestationEdge> Rows()
    {
        var ordered = _rows.OrderBy(r => r.Attestation.BlockNumber).ThenBy(r => r.Attestation.LogIndex);
        return
        [
            .. ordered.Select(r => new AttestationEdge
            {
                Uid = r.Attestation.Uid,
                Attester = r.Attestation.Attester,
                Subject = r.Attestation.Subject,
                SchemaUid = r.Attestation.SchemaUid,
                Data = r.Attestation.Data,
                Time = r.Attestation.BlockTime,
                BlockNumber = r.Attestation.BlockNumber,
                Expiration = r.Attestation.Expiration,
                RevokedTime = r.RevokedTime,
                RefUid = r.Attestation.RefUid,
                ConfirmedBy = r.ConfirmedBy,
            }),
        ];
    }
}

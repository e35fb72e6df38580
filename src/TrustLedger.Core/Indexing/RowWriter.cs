using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace TrustLedger.Core.Indexing;

/// <summary>
/// The bulk part of a batch, per dialect. PostgreSQL gets attestations by binary COPY and the other
/// kinds of row in one statement over unnest()ed arrays (one round trip, one plan, however many rows);
/// SQLite, in-process with no round trips, runs one prepared statement per row inside the batch's transaction.
/// </summary>
internal abstract class RowWriter
{
    public static readonly RowWriter Postgres = new PostgresRows();
    public static readonly RowWriter Sqlite = new SqliteRows();

    public abstract Task InsertSchemasAsync(DbConnection c, DbTransaction tx, List<SchemaRow> rows, CancellationToken ct);
    public abstract Task InsertAttestationsAsync(DbConnection c, DbTransaction tx, List<AttestationRow> rows, CancellationToken ct);
    public abstract Task RevokeAsync(DbConnection c, DbTransaction tx, List<RevocationRow> rows, CancellationToken ct);

    /// <summary>
    /// Row by row in chain order on both databases: an attestation confirmed twice in one batch must end
    /// with the later confirmation, which an UPDATE ... FROM over both rows would not promise. Rare rows.
    /// </summary>
    public async Task ConfirmAsync(DbConnection c, DbTransaction tx, List<ConfirmationRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        const string insert = """
            INSERT INTO confirmations (uid, confirmation_uid, block_number, tx_hash, log_index)
            VALUES (@Uid, @ConfirmationUid, @BlockNumber, @TxHash, @LogIndex)
            """;
        const string update = "UPDATE attestations SET confirmed_by = @ConfirmationUid, confirmed_block = @BlockNumber WHERE uid = @Uid";
        await c.ExecuteAsync(new CommandDefinition(insert, rows, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(update, rows, tx, cancellationToken: ct));
    }

    private sealed class PostgresRows : RowWriter
    {
        public override async Task InsertSchemasAsync(DbConnection c, DbTransaction tx, List<SchemaRow> rows, CancellationToken ct)
        {
            if (rows.Count == 0) return;
            const string sql = """
                INSERT INTO schemas (uid, definition, hook, revocable, registerer, block_number, tx_hash, log_index)
                SELECT * FROM unnest(@Uid::text[], @Definition::text[], @Hook::text[], @Revocable::boolean[],
                                     @Registerer::text[], @BlockNumber::bigint[], @TxHash::text[], @LogIndex::int[])
                """;
            await c.ExecuteAsync(new CommandDefinition(sql, new
            {
                Uid = Column(rows, r => r.Uid), Definition = Column(rows, r => r.Definition), Hook = Column(rows, r => r.Hook),
                Revocable = Column(rows, r => r.Revocable), Registerer = Column(rows, r => r.Registerer),
                BlockNumber = Column(rows, r => r.BlockNumber), TxHash = Column(rows, r => r.TxHash), LogIndex = Column(rows, r => r.LogIndex),
            }, tx, cancellationToken: ct));
        }

        /// <summary>
        /// The bulk of every batch, so binary COPY: no SQL to parse and no arrays to unnest, each value
        /// sent in its wire format. It runs inside the batch's transaction like any statement, and a
        /// duplicate uid fails it the same way the INSERT did.
        /// </summary>
        public override async Task InsertAttestationsAsync(DbConnection c, DbTransaction tx, List<AttestationRow> rows, CancellationToken ct)
        {
            if (rows.Count == 0) return;
            const string copy = """
                COPY attestations (uid, schema_uid, attester, subject, ref_uid, expiration, data,
                                   block_number, block_time, tx_hash, log_index) FROM STDIN (FORMAT BINARY)
                """;
            await using var import = await ((NpgsqlConnection)c).BeginBinaryImportAsync(copy, ct);
            foreach (var r in rows)
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(r.Uid, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.SchemaUid, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.Attester, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.Subject, NpgsqlDbType.Text, ct);
                if (r.RefUid is null) await import.WriteNullAsync(ct);
                else await import.WriteAsync(r.RefUid, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.Expiration, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(r.Data, NpgsqlDbType.Bytea, ct);
                await import.WriteAsync(r.BlockNumber, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(r.BlockTime, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(r.TxHash, NpgsqlDbType.Text, ct);
                await import.WriteAsync(r.LogIndex, NpgsqlDbType.Integer, ct);
            }
            await import.CompleteAsync(ct);
        }

        public override async Task RevokeAsync(DbConnection c, DbTransaction tx, List<RevocationRow> rows, CancellationToken ct)
        {
            if (rows.Count == 0) return;
            // A uid is revoked at most once (the registry reverts AlreadyRevoked), so each row matches one target.
            const string sql = """
                UPDATE attestations AS a SET revoked_block = r.block_number, revoked_time = r.block_time, revoked_tx = r.tx_hash
                FROM unnest(@Uid::text[], @BlockNumber::bigint[], @BlockTime::bigint[], @TxHash::text[])
                     AS r(uid, block_number, block_time, tx_hash)
                WHERE a.uid = r.uid
                """;
            await c.ExecuteAsync(new CommandDefinition(sql, new
            {
                Uid = Column(rows, r => r.Uid), BlockNumber = Column(rows, r => r.BlockNumber),
                BlockTime = Column(rows, r => r.BlockTime), TxHash = Column(rows, r => r.TxHash),
            }, tx, cancellationToken: ct));
        }

        private static T[] Column<TRow, T>(List<TRow> rows, Func<TRow, T> pick)
        {
            var column = new T[rows.Count];
            for (var i = 0; i < column.Length; i++) column[i] = pick(rows[i]);
            return column;
        }
    }

    private sealed class SqliteRows : RowWriter
    {
        public override Task InsertSchemasAsync(DbConnection c, DbTransaction tx, List<SchemaRow> rows, CancellationToken ct)
        {
            const string sql = """
                INSERT INTO schemas (uid, definition, hook, revocable, registerer, block_number, tx_hash, log_index)
                VALUES (@Uid, @Definition, @Hook, @Revocable, @Registerer, @BlockNumber, @TxHash, @LogIndex)
                """;
            return rows.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(sql, rows, tx, cancellationToken: ct));
        }

        public override Task InsertAttestationsAsync(DbConnection c, DbTransaction tx, List<AttestationRow> rows, CancellationToken ct)
        {
            const string sql = """
                INSERT INTO attestations (uid, schema_uid, attester, subject, ref_uid, expiration, data,
                                          block_number, block_time, tx_hash, log_index)
                VALUES (@Uid, @SchemaUid, @Attester, @Subject, @RefUid, @Expiration, @Data,
                        @BlockNumber, @BlockTime, @TxHash, @LogIndex)
                """;
            return rows.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(sql, rows, tx, cancellationToken: ct));
        }

        public override Task RevokeAsync(DbConnection c, DbTransaction tx, List<RevocationRow> rows, CancellationToken ct)
        {
            const string sql = """
                UPDATE attestations SET revoked_block = @BlockNumber, revoked_time = @BlockTime, revoked_tx = @TxHash
                WHERE uid = @Uid
                """;
            return rows.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(sql, rows, tx, cancellationToken: ct));
        }
    }
}

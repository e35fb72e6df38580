-- The indexer's copy of the attestation registry (see INDEXER.md). Every row is derived from chain
-- events, so any of it can be rolled back (reorg) and rebuilt. Addresses are lower-case 0x hex,
-- bytes32 values 0x hex (64 digits), unix times in seconds. No foreign keys: rows arrive in chain
-- order inside one transaction per batch, and checks would only slow the bulk inserts.

CREATE TABLE schemas (
    uid TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    hook TEXT NOT NULL,                  -- 0x000... when the schema has none
    revocable INTEGER NOT NULL,
    registerer TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL
);
CREATE INDEX schemas_by_block ON schemas (block_number);

CREATE TABLE attestations (
    uid TEXT PRIMARY KEY,                -- attester << 96 | nonce
    schema_uid TEXT NOT NULL,
    attester TEXT NOT NULL,
    subject TEXT NOT NULL,
    ref_uid TEXT,                        -- NULL when the attestation references none
    expiration INTEGER NOT NULL,         -- 0 = never expires
    data BLOB NOT NULL,                  -- the schema-encoded payload, as emitted
    block_number INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    revoked_block INTEGER,               -- the revoked_* columns are set together by a Revoked event
    revoked_time INTEGER,
    revoked_tx TEXT,
    confirmed_by TEXT,                   -- uid of the counterparty attestation that confirmed this one
    confirmed_block INTEGER
);
-- One index per way the API lists attestations, each in the listing order (newest first), plus the
-- block order the rollback and the edge stream walk. Partial indexes keep the sparse columns cheap.
CREATE INDEX attestations_by_subject ON attestations (subject, block_number, log_index);
CREATE INDEX attestations_by_attester ON attestations (attester, block_number, log_index);
CREATE INDEX attestations_by_schema ON attestations (schema_uid, block_number, log_index);
CREATE INDEX attestations_by_block ON attestations (block_number, log_index);
CREATE INDEX attestations_by_time ON attestations (block_time);
CREATE INDEX attestations_by_revoked_block ON attestations (revoked_block) WHERE revoked_block IS NOT NULL;
CREATE INDEX attestations_by_confirmed_block ON attestations (confirmed_block) WHERE confirmed_block IS NOT NULL;

-- Every Confirmed event: attestations.confirmed_by holds the latest one; this history lets a rollback
-- restore an earlier confirmation that a rolled-back block had replaced.
CREATE TABLE confirmations (
    uid TEXT NOT NULL,
    confirmation_uid TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    PRIMARY KEY (block_number, log_index)
);
CREATE INDEX confirmations_by_uid ON confirmations (uid);

-- How far each event stream is indexed: the last block fully written, and its hash. The contract
-- address tells data of an earlier deployment (a reset development chain) from this one's.
CREATE TABLE indexer_checkpoints (
    stream TEXT PRIMARY KEY,
    contract_address TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    block_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Hashes of recently indexed blocks (range ends and blocks with events), to find the fork point
-- of a reorg: the highest of these the chain still agrees with.
CREATE TABLE indexed_blocks (
    stream TEXT NOT NULL,
    block_number INTEGER NOT NULL,
    block_hash TEXT NOT NULL,
    PRIMARY KEY (stream, block_number)
);

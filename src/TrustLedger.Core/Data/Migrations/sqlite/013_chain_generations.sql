-- Which chain the service's data belongs to. One row per chain the service has run on (a "generation"):
-- chain id, genesis block hash and our contracts on it. The row with ended_at NULL is the current chain.
-- When the node turns out to be another chain (new genesis, or our contracts' code gone), the generation
-- ends and every record of it is marked with old_chain = its id: kept, never served as current.
CREATE TABLE chain_generations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chain_id INTEGER NOT NULL,
    genesis_hash TEXT NOT NULL,
    contracts TEXT NOT NULL,            -- JSON: contract name -> address, as in deployments/<chainId>.json
    started_at TEXT NOT NULL,
    ended_at TEXT,
    ended_reason TEXT
);

-- old_chain: NULL while the row's chain is the current one, else the chain_generations.id it belonged to.
ALTER TABLE relay_requests ADD COLUMN old_chain INTEGER;
ALTER TABLE credentials ADD COLUMN old_chain INTEGER;
ALTER TABLE chain_transactions ADD COLUMN old_chain INTEGER;
ALTER TABLE reward_programs ADD COLUMN old_chain INTEGER;
ALTER TABLE reward_programs ADD COLUMN old_token_address TEXT; -- token_address of an old chain's program (its UNIQUE slot is freed)

-- The indexed attestations of an ended chain (the live tables hold the current chain's only).
CREATE TABLE archived_attestations (
    old_chain INTEGER NOT NULL,
    uid TEXT NOT NULL,
    schema_uid TEXT NOT NULL,
    attester TEXT NOT NULL,
    subject TEXT NOT NULL,
    ref_uid TEXT,
    expiration INTEGER NOT NULL,
    data BLOB NOT NULL,
    block_number INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    revoked_block INTEGER,
    revoked_time INTEGER,
    revoked_tx TEXT,
    confirmed_by TEXT,
    confirmed_block INTEGER,
    PRIMARY KEY (old_chain, uid)
);

-- Snapshot epochs are unique per contract on the current chain only: a new chain's contract can sit at the
-- old one's address and starts at epoch 1 again. SQLite cannot drop a table constraint, so the table is
-- rebuilt; its leaves are set aside first (dropping a parent would cascade into them).
CREATE TABLE snapshot_leaves_moving AS SELECT * FROM snapshot_leaves;
DROP TABLE snapshot_leaves;
CREATE TABLE snapshots_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chain_id INTEGER NOT NULL,
    contract_address TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    registry_address TEXT NOT NULL,
    computed_at_block INTEGER NOT NULL,
    block_hash TEXT NOT NULL,
    block_time INTEGER NOT NULL,
    merkle_root TEXT NOT NULL,
    parameters_hash TEXT NOT NULL,
    parameters TEXT NOT NULL,
    scoring_version INTEGER NOT NULL,
    party_count INTEGER NOT NULL,
    attestation_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    publish_tx TEXT,
    published_tx TEXT,
    published_block INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    old_chain INTEGER
);
INSERT INTO snapshots_rebuilt (id, chain_id, contract_address, epoch, registry_address, computed_at_block, block_hash, block_time,
    merkle_root, parameters_hash, parameters, scoring_version, party_count, attestation_count, status, publish_tx, published_tx,
    published_block, attempts, last_error, created_at, updated_at, published_at)
SELECT id, chain_id, contract_address, epoch, registry_address, computed_at_block, block_hash, block_time,
    merkle_root, parameters_hash, parameters, scoring_version, party_count, attestation_count, status, publish_tx, published_tx,
    published_block, attempts, last_error, created_at, updated_at, published_at
FROM snapshots;
DROP TABLE snapshots;
ALTER TABLE snapshots_rebuilt RENAME TO snapshots;
CREATE UNIQUE INDEX snapshots_current_epoch ON snapshots (contract_address, epoch) WHERE old_chain IS NULL;
CREATE INDEX snapshots_by_status ON snapshots (status, id);
CREATE TABLE snapshot_leaves (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    score INTEGER NOT NULL,             -- fixed point, 2 decimals (0..10000)
    rank INTEGER NOT NULL,
    evidence_count INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, party)
);
INSERT INTO snapshot_leaves SELECT snapshot_id, party, score, rank, evidence_count FROM snapshot_leaves_moving;
DROP TABLE snapshot_leaves_moving;

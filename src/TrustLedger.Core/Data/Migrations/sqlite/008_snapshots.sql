-- Reputation snapshots (see SNAPSHOTS.md): each epoch's leaves, what they were computed from, and
-- how far publishing it on chain got. Epochs are those of the ReputationSnapshots contract, so a
-- row is keyed by the contract too (a reset development chain deploys a new one, from epoch 1).
-- Hashes and addresses are lower-case 0x hex; times ISO 8601 UTC (block_time: unix seconds).
CREATE TABLE snapshots (
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
    parameters TEXT NOT NULL,           -- the canonical (RFC 8785) parameters document that hashes to parameters_hash
    scoring_version INTEGER NOT NULL,
    party_count INTEGER NOT NULL,
    attestation_count INTEGER NOT NULL,
    status TEXT NOT NULL,               -- pending | sent | approved | published
    publish_tx TEXT,                    -- our publish (or, with M-of-N, approval) transaction
    published_tx TEXT,                  -- the transaction that emitted SnapshotPublished
    published_block INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    UNIQUE (contract_address, epoch)
);
CREATE INDEX snapshots_by_status ON snapshots (status, id);

-- One row per party and epoch; the tree (and every proof) is rebuilt from these.
CREATE TABLE snapshot_leaves (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    score INTEGER NOT NULL,             -- fixed point, 2 decimals (0..10000)
    rank INTEGER NOT NULL,
    evidence_count INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, party)
);

-- Reputation snapshots (see SNAPSHOTS.md): each epoch's leaves, what they were computed from, and
-- how far publishing it on chain got. Epochs are those of the ReputationSnapshots contract, so a
-- row is keyed by the contract too (a reset development chain deploys a new one, from epoch 1).
-- Hashes and addresses are lower-case 0x hex; times ISO 8601 UTC (block_time: unix seconds).
CREATE TABLE snapshots (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain_id BIGINT NOT NULL,
    contract_address TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    registry_address TEXT NOT NULL,
    computed_at_block BIGINT NOT NULL,
    block_hash TEXT NOT NULL,
    block_time BIGINT NOT NULL,
    merkle_root TEXT NOT NULL,
    parameters_hash TEXT NOT NULL,
    parameters TEXT NOT NULL,           -- the canonical (RFC 8785) parameters document that hashes to parameters_hash
    scoring_version BIGINT NOT NULL,
    party_count BIGINT NOT NULL,
    attestation_count BIGINT NOT NULL,
    status TEXT NOT NULL,               -- pending | sent | approved | published
    publish_tx TEXT,                    -- our publish (or, with M-of-N, approval) transaction
    published_tx TEXT,                  -- the transaction that emitted SnapshotPublished
    published_block BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    UNIQUE (contract_address, epoch)
);
CREATE INDEX snapshots_by_status ON snapshots (status, id);

-- One row per party and epoch; the tree (and every proof) is rebuilt from these.
CREATE TABLE snapshot_leaves (
    snapshot_id BIGINT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    score BIGINT NOT NULL,             -- fixed point, 2 decimals (0..10000)
    rank BIGINT NOT NULL,
    evidence_count BIGINT NOT NULL,
    PRIMARY KEY (snapshot_id, party)
);

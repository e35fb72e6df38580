-- Which chain the service's data belongs to. One row per chain the service has run on (a "generation"):
-- chain id, genesis block hash and our contracts on it. The row with ended_at NULL is the current chain.
-- When the node turns out to be another chain (new genesis, or our contracts' code gone), the generation
-- ends and every record of it is marked with old_chain = its id: kept, never served as current.
CREATE TABLE chain_generations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain_id BIGINT NOT NULL,
    genesis_hash TEXT NOT NULL,
    contracts TEXT NOT NULL,            -- JSON: contract name -> address, as in deployments/<chainId>.json
    started_at TEXT NOT NULL,
    ended_at TEXT,
    ended_reason TEXT
);

-- old_chain: NULL while the row's chain is the current one, else the chain_generations.id it belonged to.
ALTER TABLE relay_requests ADD COLUMN old_chain BIGINT;
ALTER TABLE credentials ADD COLUMN old_chain BIGINT;
ALTER TABLE chain_transactions ADD COLUMN old_chain BIGINT;
ALTER TABLE reward_programs ADD COLUMN old_chain BIGINT;
ALTER TABLE reward_programs ADD COLUMN old_token_address TEXT; -- token_address of an old chain's program (its UNIQUE slot is freed)

-- The indexed attestations of an ended chain (the live tables hold the current chain's only).
CREATE TABLE archived_attestations (
    old_chain BIGINT NOT NULL,
    uid TEXT NOT NULL,
    schema_uid TEXT NOT NULL,
    attester TEXT NOT NULL,
    subject TEXT NOT NULL,
    ref_uid TEXT,
    expiration BIGINT NOT NULL,
    data BYTEA NOT NULL,
    block_number BIGINT NOT NULL,
    block_time BIGINT NOT NULL,
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    revoked_block BIGINT,
    revoked_time BIGINT,
    revoked_tx TEXT,
    confirmed_by TEXT,
    confirmed_block BIGINT,
    PRIMARY KEY (old_chain, uid)
);

-- Snapshot epochs are unique per contract on the current chain only: a new chain's contract can sit at the
-- old one's address and starts at epoch 1 again.
ALTER TABLE snapshots ADD COLUMN old_chain BIGINT;
ALTER TABLE snapshots DROP CONSTRAINT snapshots_contract_address_epoch_key;
CREATE UNIQUE INDEX snapshots_current_epoch ON snapshots (contract_address, epoch) WHERE old_chain IS NULL;

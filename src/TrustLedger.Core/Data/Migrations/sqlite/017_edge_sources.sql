-- Edges from outside our registry (EAS attestations, ERC-8004 feedback), already through the mapping
-- the deployment declares (EdgeSources, named in each snapshot's parameters). Indexed in the same
-- ranges and transactions as the registry, so the registry stream's checkpoint, block hashes and
-- rollback cover these rows too. rating is on our -5..+5 scale (negative = a report).

CREATE TABLE source_edges (
    contract TEXT NOT NULL,              -- the EAS contract or ERC-8004 reputation registry
    uid TEXT NOT NULL,                   -- EAS attestation uid, or ERC-8004 "agentId:client:feedbackIndex"
    source TEXT NOT NULL,                -- 'eas' or 'erc8004'
    reference TEXT NOT NULL,             -- EAS schema uid, or ERC-8004 agent id
    attester TEXT NOT NULL,
    subject TEXT NOT NULL,
    rating REAL NOT NULL,
    category TEXT,
    expiration INTEGER NOT NULL,         -- 0 = never expires
    block_number INTEGER NOT NULL,
    block_time INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    revoked_block INTEGER,
    revoked_time INTEGER,
    revoked_tx TEXT,
    PRIMARY KEY (contract, uid)
);
CREATE INDEX source_edges_by_block ON source_edges (block_number, log_index);
CREATE INDEX source_edges_by_subject ON source_edges (subject, block_number, log_index);
CREATE INDEX source_edges_by_revoked_block ON source_edges (revoked_block) WHERE revoked_block IS NOT NULL;

-- Which sources (and mappings) a stream's index was built with: a change re-indexes from the start.
CREATE TABLE indexer_sources (
    stream TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL
);

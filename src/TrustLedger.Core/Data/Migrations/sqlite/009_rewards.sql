-- Community reward programs (see REWARDS.md). A program is one RewardToken created through the factory;
-- its rules are versioned; every event the rules looked at gets one row per party in `rewards` with the
-- decision, the rule version it followed and where its mint stands. Amounts are base units (18 decimals)
-- as decimal TEXT; addresses and uids lower-case 0x hex; times unix seconds unless named *_at (ISO 8601).

CREATE TABLE reward_programs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    symbol TEXT NOT NULL,
    epoch_length INTEGER NOT NULL,        -- seconds, fixed at creation (the token's)
    transferable INTEGER NOT NULL,
    status TEXT NOT NULL,                -- creating | active | paused | failed
    token_address TEXT UNIQUE,           -- set once the factory's ProgramCreated is mined
    chain_program_id INTEGER,
    created_block INTEGER,
    start_time INTEGER,                   -- the token's startTime(): epoch 0 starts here
    rules_version INTEGER NOT NULL,      -- newest version in reward_rules
    decided_block INTEGER NOT NULL DEFAULT 0, -- highest event block decided; new versions start above it
    error TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE reward_rules (
    program_id INTEGER NOT NULL REFERENCES reward_programs (id),
    version INTEGER NOT NULL,
    effective_block INTEGER,              -- events from this block on follow this version; NULL until the program exists on chain
    rules TEXT NOT NULL,                 -- JSON, amounts in tokens (REWARDS.md)
    reason TEXT NOT NULL,                -- create | rules | fund | pause | resume
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (program_id, version)
);

-- Every transaction the minter account sends, recorded (signed, with its raw bytes) before it is broadcast.
-- Admin operations wait here as 'queued' until the rewards worker, the account's only sender, signs them.
CREATE TABLE reward_transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id INTEGER NOT NULL REFERENCES reward_programs (id),
    kind TEXT NOT NULL,                  -- create | mint | clawback | pause | unpause | set-epoch-cap | set-budget
    payload TEXT NOT NULL,               -- JSON: call arguments, and the rules version to install once mined
    status TEXT NOT NULL,                -- queued | signed | sent | mined | reverted | failed | dropped
    account TEXT,
    account_nonce INTEGER,
    tx_hash TEXT UNIQUE,
    raw_tx TEXT,
    block_number INTEGER,
    block_hash TEXT,
    final INTEGER NOT NULL DEFAULT 0, -- mined deeper than the finality depth: no longer re-checked
    error_code TEXT,
    error_detail TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reward_transactions_by_status ON reward_transactions (status, id);

CREATE TABLE rewards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id INTEGER NOT NULL REFERENCES reward_programs (id),
    event_uid TEXT NOT NULL,             -- the attestation uid the token records the reward under
    member TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    role TEXT NOT NULL,                  -- attester | subject
    schema_name TEXT NOT NULL,           -- reciprocity | endorsement
    confirmation_uid TEXT,               -- reciprocity: the counterparty's confirming attestation
    event_block INTEGER NOT NULL,
    event_log_index INTEGER NOT NULL,
    event_time INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    rules_version INTEGER NOT NULL,
    amount TEXT NOT NULL,                -- what it pays; '0' when skipped
    rule_amount TEXT NOT NULL,           -- what the rule says, before caps
    reason TEXT,                         -- why amount < rule_amount (REWARDS.md)
    status TEXT NOT NULL,                -- skipped | pending | minting | minted | withheld | clawing-back | clawed-back
    mint_tx_id INTEGER REFERENCES reward_transactions (id),
    clawback_tx_id INTEGER REFERENCES reward_transactions (id),
    burned TEXT,                         -- clawback: burned from the member; the rest became debt
    debt TEXT,
    event_gone_at TEXT,                  -- when the event was found gone after a reorg
    decided_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (program_id, event_uid, member)
);
CREATE INDEX rewards_by_status ON rewards (program_id, status, id);
CREATE INDEX rewards_by_member ON rewards (program_id, member, event_block);
CREATE INDEX rewards_by_event ON rewards (event_uid);
CREATE INDEX rewards_by_mint_tx ON rewards (mint_tx_id) WHERE mint_tx_id IS NOT NULL;

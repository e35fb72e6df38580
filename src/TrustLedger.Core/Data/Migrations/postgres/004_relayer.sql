-- The relayer's durable outbox. A request is stored here before it is acknowledged, and a
-- transaction is stored signed (raw bytes and hash) before it is broadcast, so a crash at any
-- point can be reconciled with the chain on restart without losing or re-sending anything.
CREATE TABLE relay_transactions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account TEXT NOT NULL,
    account_nonce BIGINT NOT NULL,
    tx_hash TEXT NOT NULL UNIQUE,
    raw_tx TEXT NOT NULL,
    max_fee_per_gas TEXT NOT NULL,
    max_priority_fee_per_gas TEXT NOT NULL,
    gas_limit BIGINT NOT NULL,
    status TEXT NOT NULL,            -- signed | sent | mined | reverted | superseded
    created_at TEXT NOT NULL,
    sent_at TEXT,
    block_number BIGINT
);
CREATE INDEX relay_transactions_by_status ON relay_transactions (status, account_nonce);

CREATE TABLE relay_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,              -- attest | revoke
    signer TEXT NOT NULL,
    signer_nonce TEXT NOT NULL,      -- uint96 as decimal
    uid TEXT NOT NULL,               -- the attestation's uid (for a revocation: the revoked one)
    digest TEXT NOT NULL,            -- the EIP-712 digest that was signed
    payload TEXT NOT NULL,           -- the signed request as JSON
    status TEXT NOT NULL,            -- pending | sent | confirmed | failed
    attempts BIGINT NOT NULL DEFAULT 0,
    account_nonce BIGINT,           -- the relayer transaction nonce it rides in while sent
    error_code TEXT,
    error_detail TEXT,
    tx_hash TEXT,
    block_number BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, signer, signer_nonce)
);
CREATE INDEX relay_requests_by_status ON relay_requests (status, id);
CREATE INDEX relay_requests_by_uid ON relay_requests (uid);

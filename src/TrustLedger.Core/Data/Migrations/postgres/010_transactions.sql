-- One record of every transaction a service key signs (the relayer's batches, the minter's mints
-- and admin operations, the snapshot publisher's approvals): stored signed (raw bytes and hash)
-- before it is broadcast, in the same database transaction that claims the work it carries, so a
-- crash at any point is reconciled with the chain without losing or sending anything twice.
-- The work tables point at their transaction by (account, nonce) or tx_hash.
CREATE TABLE chain_transactions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account TEXT NOT NULL,
    nonce BIGINT NOT NULL,
    purpose TEXT NOT NULL,           -- relayer | rewards | snapshots: the key's one job
    tx_hash TEXT NOT NULL UNIQUE,
    raw_tx TEXT NOT NULL,
    gas_limit BIGINT NOT NULL,
    max_fee_per_gas TEXT NOT NULL,
    max_priority_fee_per_gas TEXT NOT NULL,
    status TEXT NOT NULL,            -- signed | sent | refused | mined | reverted | superseded | dropped
    created_at TEXT NOT NULL,
    sent_at TEXT,
    block_number BIGINT,
    block_hash TEXT,
    error TEXT
);
CREATE INDEX chain_transactions_by_account ON chain_transactions (account, status, nonce);

INSERT INTO chain_transactions (account, nonce, purpose, tx_hash, raw_tx, gas_limit, max_fee_per_gas, max_priority_fee_per_gas,
                                status, created_at, sent_at, block_number)
SELECT account, account_nonce, 'relayer', tx_hash, raw_tx, gas_limit, max_fee_per_gas, max_priority_fee_per_gas,
       status, created_at, sent_at, block_number
FROM relay_transactions ORDER BY id;

-- The minter's transactions kept their bytes in reward_transactions; gas and fees are read back from the bytes.
INSERT INTO chain_transactions (account, nonce, purpose, tx_hash, raw_tx, gas_limit, max_fee_per_gas, max_priority_fee_per_gas,
                                status, created_at, sent_at, block_number, block_hash, error)
SELECT account, account_nonce, 'rewards', tx_hash, raw_tx, 0, '0', '0',
       CASE WHEN status = 'queued' OR status = 'failed' THEN 'dropped' ELSE status END,
       created_at, updated_at, block_number, block_hash, error_detail
FROM reward_transactions WHERE tx_hash IS NOT NULL AND raw_tx IS NOT NULL ORDER BY id;

DROP TABLE relay_transactions;
ALTER TABLE reward_transactions DROP COLUMN raw_tx;

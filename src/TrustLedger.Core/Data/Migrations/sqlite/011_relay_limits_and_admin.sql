-- Relaying that no request can stall, and contract administration that no hot key holds.
--
-- relay_requests: batch_index is the request's position in the transaction it rides in (receipts are matched by
-- index, signer and nonce); max_batch is the largest batch it may ride in next, halved each time the node refused
-- a broadcast carrying it, so the bad item is found and failed alone. Status gains 'mined': in a block, not yet
-- Chain:Confirmations deep (re-checked, and re-queued if a reorg takes it out), then 'confirmed'.
ALTER TABLE relay_requests ADD COLUMN batch_index INTEGER;
ALTER TABLE relay_requests ADD COLUMN max_batch INTEGER;

-- Schemas an admin allowed the relayer to relay beside the product's own (which are always relayed). A schema with
-- a hook runs a third party's code on our gas: it is listed only with allow_hook set, on purpose.
CREATE TABLE relay_schemas (
    schema_uid TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    hook TEXT NOT NULL,               -- the schema's hook address, or the zero address
    allow_hook INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- Pause, resume, epoch cap and budget are the contract admin's own transactions now (its wallet, never the
-- minter); the rewards engine follows them on the token. followed_block: the last block whose admin events were read.
ALTER TABLE reward_programs ADD COLUMN followed_block INTEGER;
UPDATE reward_transactions SET status = 'failed', error_code = 'AdminOperationMoved',
       error_detail = 'admin operations are sent from the contract admin''s wallet; ask the API for the call again'
WHERE status = 'queued' AND kind IN ('pause', 'unpause', 'set-epoch-cap', 'set-budget');

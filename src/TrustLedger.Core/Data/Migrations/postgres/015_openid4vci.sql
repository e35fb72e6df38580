-- OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow. A party creates an offer
-- for one of its own credentials; a wallet redeems the offer's code once (with the transaction code,
-- when one was set) for an access token, and with it, a proof of its key and a fresh c_nonce, takes
-- the credential. Codes, transaction codes and tokens are stored as SHA-256 hex only: a leaked
-- table grants nothing. Times ISO 8601 (UTC). Expired rows are deleted as new ones are written.
CREATE TABLE credential_offers (
    id TEXT PRIMARY KEY,                 -- random; the by-reference offer URL names it
    code_hash TEXT NOT NULL UNIQUE,      -- SHA-256 of the pre-authorized code
    tx_code_hash TEXT,                   -- SHA-256 of the transaction code; NULL: none asked
    credential_id TEXT NOT NULL,         -- the stored credential offered
    holder TEXT NOT NULL,                -- the party (address) that created the offer: a holder of it
    configurations TEXT NOT NULL,        -- credential_configuration_ids, space-separated
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    failed_attempts BIGINT NOT NULL DEFAULT 0, -- wrong transaction codes; the offer dies at the limit
    redeemed_at TEXT                     -- the code is single use
);
CREATE INDEX credential_offers_by_expiry ON credential_offers (expires_at);

-- Access tokens the token endpoint handed out: each takes each offered configuration once.
CREATE TABLE openid4vci_tokens (
    token_hash TEXT PRIMARY KEY,         -- SHA-256 of the access token
    offer_id TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    issued TEXT NOT NULL DEFAULT ''      -- configuration ids already delivered, space-separated
);
CREATE INDEX openid4vci_tokens_by_expiry ON openid4vci_tokens (expires_at);

-- c_nonce values of the nonce endpoint: each proves one proof of possession fresh, once.
CREATE TABLE openid4vci_nonces (
    nonce TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX openid4vci_nonces_by_expiry ON openid4vci_nonces (expires_at);

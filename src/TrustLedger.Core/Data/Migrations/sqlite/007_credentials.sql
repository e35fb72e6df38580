-- Verifiable credentials the service issued: the secured document as handed out, the on-chain
-- anchor it points at (uid = issuer << 96 | nonce, known before mining), and the relay requests
-- that anchor and revoke it. Status itself is never stored here: it is read from the indexed chain.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,             -- the credential's id (a URL, usually urn:uuid:...)
    type TEXT NOT NULL,              -- its most specific type, e.g. ReciprocityCredential
    issuer TEXT NOT NULL,            -- issuer DID
    mechanism TEXT NOT NULL,         -- eip712 | vc+jwt
    document TEXT NOT NULL,          -- the verifiable credential (EIP-712) or its envelope (JWS), as issued
    jws TEXT,                        -- the compact JWS for vc+jwt
    anchor_key TEXT NOT NULL,        -- keccak256(id)
    anchor_hash TEXT NOT NULL,       -- keccak256 of the secured credential
    anchor_uid TEXT NOT NULL UNIQUE, -- the CredentialAnchor attestation's uid
    anchor_request_id INTEGER,       -- relay_requests.id of the anchor
    revoke_request_id INTEGER,       -- relay_requests.id of the revocation, once asked for
    source TEXT UNIQUE,              -- what it was issued for (reciprocity:<uid>, ...); one credential per source
    issued_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Who holds a credential: the addresses of its Ethereum-DID subjects (lower-case hex).
CREATE TABLE credential_holders (
    credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
    holder TEXT NOT NULL,
    PRIMARY KEY (credential_id, holder)
);
CREATE INDEX credential_holders_by_holder ON credential_holders (holder, credential_id);

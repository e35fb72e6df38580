-- Sign-In with Ethereum and sessions. Times are unix milliseconds from the service's clock.

-- Nonces handed out by POST /v1/auth/nonce. A login deletes its nonce in the same statement
-- that checks it (single use even under concurrent logins); expired rows are swept on issue.
CREATE TABLE auth_nonces (
    nonce TEXT PRIMARY KEY,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX auth_nonces_by_expiry ON auth_nonces (expires_at);

-- One row per sign-in. Every refresh token rotated from that sign-in belongs to it, so a reused
-- (stolen) refresh token revokes the whole chain at once.
CREATE TABLE auth_sessions (
    id TEXT PRIMARY KEY,
    address TEXT NOT NULL,           -- lower-case hex
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,     -- absolute end; rotation never extends past it
    revoked_at INTEGER,
    revoked_reason TEXT              -- logout | reuse
);
CREATE INDEX auth_sessions_by_address ON auth_sessions (address);

-- Opaque refresh tokens, stored only as SHA-256 hashes. used_at is set when the token is
-- rotated; presenting it again is a reuse.
CREATE TABLE auth_refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES auth_sessions (id),
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX auth_refresh_tokens_by_session ON auth_refresh_tokens (session_id);

-- Relationships per snapshot epoch (what changed) and webhooks (alerts into the owner's tools).
-- Addresses lower-case 0x hex; ISO 8601 (UTC) times as TEXT, unix milliseconds where a worker compares.

-- One row per snapshot epoch whose relationships were recorded, with the board it was read from.
CREATE TABLE relationship_epochs (
    epoch BIGINT PRIMARY KEY,
    as_of_block BIGINT NOT NULL,
    as_of_time BIGINT NOT NULL,       -- unix seconds of that block
    recorded_at TEXT NOT NULL
);

-- Each party's standing in an epoch, as the reputation board computed it (nothing recomputed here).
CREATE TABLE relationship_standings (
    epoch BIGINT NOT NULL,
    party TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    rank BIGINT NOT NULL,
    bonding DOUBLE PRECISION NOT NULL,
    bridging DOUBLE PRECISION NOT NULL,
    linking DOUBLE PRECISION NOT NULL,
    betweenness DOUBLE PRECISION NOT NULL,
    eigenvector DOUBLE PRECISION NOT NULL,
    effective_size DOUBLE PRECISION NOT NULL,      -- Burt's effective size: how many non-redundant contacts (holes spanned)
    community INTEGER NOT NULL,
    partners TEXT NOT NULL,            -- space-separated addresses it has a tie with (either direction)
    PRIMARY KEY (epoch, party)
);
CREATE INDEX relationship_standings_by_party ON relationship_standings (party, epoch);

-- Webhook subscriptions: a party for its own events, an admin for any party's or all (party NULL).
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,               -- sub_ + 24 hex
    owner TEXT NOT NULL,               -- who created it (its address)
    party TEXT,                        -- whose events; NULL: every party's (admins only)
    url TEXT NOT NULL,
    secret TEXT NOT NULL,              -- whsec_ + base64, the Standard Webhooks signing key
    event_types TEXT NOT NULL,         -- space-separated
    min_score_change DOUBLE PRECISION NOT NULL,    -- score.moved fires when the score moves by more than this
    status TEXT NOT NULL,              -- active | disabled
    disabled_reason TEXT,
    failures_in_a_row INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX webhook_subscriptions_by_owner ON webhook_subscriptions (owner);

-- The durable outbox: one message per subscription and event, written before any delivery is tried,
-- so an accepted event survives restarts. id is the stable webhook-id every retry repeats.
CREATE TABLE webhook_messages (
    id TEXT PRIMARY KEY,               -- msg_ + 32 hex, derived from subscription and event key
    subscription_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_key TEXT NOT NULL,           -- what the event is about (an attestation uid, an epoch, ...)
    payload TEXT NOT NULL,             -- the exact JSON body sent
    status TEXT NOT NULL,              -- pending | delivered | failed (retries exhausted)
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,  -- unix ms
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (subscription_id, event_key)
);
CREATE INDEX webhook_messages_due ON webhook_messages (status, next_attempt_at);

-- The delivery log: every attempt, its answer or error.
CREATE TABLE webhook_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    status_code INTEGER,               -- NULL when no HTTP answer came (refused, timeout, blocked)
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_by_subscription ON webhook_attempts (subscription_id, id);

-- How far each event source has read (an attestation's block and log index, an epoch, a time).
CREATE TABLE webhook_cursors (
    source TEXT PRIMARY KEY,
    position TEXT NOT NULL
);

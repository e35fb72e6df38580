-- Who the service trusts, governed by admins through the API and listed publicly, and what each
-- issued credential rests on. Rows are never deleted: removing an entry sets its removed_*
-- columns, so the tables are also the history of every decision and its reason.
-- Addresses lower-case 0x hex; times ISO 8601 (UTC).

-- Both lists admins govern: "anchors" (the reputation engine's seeds, the parties whose trust every
-- score flows from) and "issuers" (issuers besides our own whose credentials verification accepts,
-- each for the credential types in scope). At most one current entry per list and subject.
CREATE TABLE trust_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list TEXT NOT NULL,              -- anchors | issuers
    subject TEXT NOT NULL,           -- anchors: the address; issuers: did:pkh:eip155:<chainId>:<address>
    name TEXT NOT NULL,              -- who they are, in plain words ("Chamber of Commerce of ...")
    scope TEXT NOT NULL,             -- issuers: the credential types it may issue, space-separated; anchors: ''
    added_reason TEXT NOT NULL,
    added_by TEXT NOT NULL,          -- the admin's address
    added_at TEXT NOT NULL,
    removed_reason TEXT,
    removed_by TEXT,
    removed_at TEXT
);
CREATE UNIQUE INDEX trust_entries_current ON trust_entries (list, subject) WHERE removed_at IS NULL;

-- The attestations a product credential derives from (an endorsement; a reciprocity proposal and
-- its confirmation): when one is revoked or expires, the credential is revoked with it.
CREATE TABLE credential_facts (
    credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
    attestation_uid TEXT NOT NULL,
    PRIMARY KEY (credential_id, attestation_uid)
);
CREATE INDEX credential_facts_by_attestation ON credential_facts (attestation_uid);
INSERT INTO credential_facts (credential_id, attestation_uid)
    SELECT id, substr(source, 13) FROM credentials WHERE source LIKE 'endorsement:%' OR source LIKE 'reciprocity:%';
INSERT INTO credential_facts (credential_id, attestation_uid)
    SELECT k.id, a.confirmed_by FROM credentials k JOIN attestations a ON 'reciprocity:' || a.uid = k.source
    WHERE a.confirmed_by IS NOT NULL;

-- Why a credential was revoked (fact-revoked | fact-expired | issuer), and the credential that took its place.
ALTER TABLE credentials ADD COLUMN revoked_reason TEXT;
ALTER TABLE credentials ADD COLUMN superseded_by TEXT;

-- Anchors the service paid for on its own initiative (product credentials), per UTC day: the daily budget.
CREATE TABLE credential_issuance_days (
    day TEXT PRIMARY KEY,            -- yyyy-MM-dd (UTC)
    used BIGINT NOT NULL
);

-- Expiry of the facts above is looked up by time.
CREATE INDEX attestations_by_expiration ON attestations (expiration) WHERE expiration > 0;

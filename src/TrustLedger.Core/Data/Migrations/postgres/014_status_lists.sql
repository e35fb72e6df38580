-- Bitstring Status List v1.0 (W3C) for every credential the service issues, beside its anchor.
-- A slot is a credential's position in one of our revocation lists, reserved before the credential
-- is signed (its index is part of what is signed); indices are drawn at random (the spec's privacy
-- advice) and the primary key makes two credentials never share one. A slot whose credential was
-- never stored (its anchor refused) stays reserved and its bit stays 0.
CREATE TABLE status_list_slots (
    list_number BIGINT NOT NULL,    -- the list's URL is {PublicBaseUrl}/v1/status-lists/{list_number}
    list_index BIGINT NOT NULL,     -- statusListIndex
    credential_id TEXT NOT NULL,
    reserved_at TEXT NOT NULL,
    PRIMARY KEY (list_number, list_index)
);
CREATE INDEX status_list_slots_by_credential ON status_list_slots (credential_id);

-- Every version of every list as served: the signed BitstringStatusListCredential (vc+jwt) and the
-- keccak256 of its uncompressed bitstring, which is anchored on chain (a CredentialAnchor with
-- credentialId = {list URL}#v{version}) so anyone can check that the list served is the list anchored.
-- Rows are never changed except to record the anchor's relay request.
CREATE TABLE status_list_versions (
    list_number BIGINT NOT NULL,
    version BIGINT NOT NULL,
    bitstring_hash TEXT NOT NULL,
    revoked_count BIGINT NOT NULL,
    jws TEXT NOT NULL,
    published_at TEXT NOT NULL,
    anchored_id TEXT NOT NULL,
    anchor_uid TEXT NOT NULL,
    anchor_request_id BIGINT,
    PRIMARY KEY (list_number, version)
);

-- Suspension (Bitstring Status List v1.0, statusPurpose "suspension") for credentials that can be
-- reinstated (endorsements, reciprocity): each also has a bit in the suspension list that shares the
-- numbering and the slot of its revocation list; the bit is 1 while suspended_at is set (unlike
-- revocation, it goes back to 0 on reinstatement). A suspension list's versions are stored in
-- status_list_versions under list_number = -n, n being the revocation list whose slots it shares.
ALTER TABLE credentials ADD COLUMN suspended_at TEXT;

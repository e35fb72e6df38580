-- Facts the service must remember about the world it runs in, such as which chain (genesis hash)
-- the indexed data came from, so a reset development chain is noticed rather than mixed in.
CREATE TABLE service_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

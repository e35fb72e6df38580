-- Leader election between service replicas that share one database: the row's holder may do
-- the role's work (relaying, indexing) until expires_at (unix ms); it renews well before that.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

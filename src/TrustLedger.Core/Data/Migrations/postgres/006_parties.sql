-- Off-chain profiles a party edits about itself, so people can find a supplier by name,
-- sector or region. Never an input to the score: reputation comes from the chain alone.
CREATE TABLE parties (
    address TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX parties_by_name ON parties (lower(name));
CREATE INDEX parties_by_sector ON parties (sector);
CREATE INDEX parties_by_region ON parties (region);

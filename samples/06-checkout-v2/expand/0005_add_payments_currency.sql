-- The safe counterpart of 0001: a constant DEFAULT is stored in the catalog
-- (no rewrite since PostgreSQL 11), and release 5 nodes' INSERTs get 'EUR',
-- the only currency they know.
SET lock_timeout = '2s';

ALTER TABLE payments ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';

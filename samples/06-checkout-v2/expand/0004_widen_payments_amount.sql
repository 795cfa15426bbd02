-- Some currencies need amounts beyond 2^31 minor units.
--
-- DELIBERATELY UNSAFE (walkthrough): integer -> bigint rewrites payments and
-- all its indexes under ACCESS EXCLUSIVE, and release 5 drivers decode the
-- column as a 32-bit integer.
-- Safe form: add amount_minor bigint, write both, backfill in batches in
-- migrate, switch reads, drop amount_cents in a later contract (as release 4
-- does for products.name).
SET lock_timeout = '2s';

ALTER TABLE payments ALTER COLUMN amount_cents TYPE bigint;

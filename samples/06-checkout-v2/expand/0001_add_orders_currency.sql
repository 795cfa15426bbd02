-- Release 6: checkout v2 (multi-currency, new payment provider, argon2id).
-- This release was written in a hurry: four of its files are DELIBERATELY
-- UNSAFE so that the walkthrough can show what rollsafe reports.
--
-- DELIBERATELY UNSAFE (walkthrough): NOT NULL without a DEFAULT. PostgreSQL
-- refuses it on a table that has rows, and even on an empty one every INSERT
-- of the release 5 nodes, which do not name currency, would fail.
-- Safe form: ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR' (see 0005).
SET lock_timeout = '2s';

ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL;

-- Runs outside a transaction block (CONCURRENTLY cannot run inside one).
-- If it fails it leaves an INVALID index: DROP INDEX CONCURRENTLY it and rerun.
CREATE INDEX CONCURRENTLY users_email_normalized_idx ON users (email_normalized);

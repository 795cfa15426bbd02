-- Backfill users.email_normalized for rows written before the trigger existed.
-- One batch of 10,000 ids per statement; the runner commits after each one
-- (autocommit), so no transaction holds many row locks for long. Rows that
-- the trigger has already filled are skipped. Re-running is harmless.
SET statement_timeout = '60s';

UPDATE users SET email_normalized = lower(email)
 WHERE id BETWEEN 1 AND 10000 AND email_normalized IS NULL;
UPDATE users SET email_normalized = lower(email)
 WHERE id BETWEEN 10001 AND 20000 AND email_normalized IS NULL;
UPDATE users SET email_normalized = lower(email)
 WHERE id BETWEEN 20001 AND 30000 AND email_normalized IS NULL;
UPDATE users SET email_normalized = lower(email)
 WHERE id BETWEEN 30001 AND 40000 AND email_normalized IS NULL;

-- Catch-all for ids above the last range that signed up before the trigger
-- existed: repeat until it reports UPDATE 0.
UPDATE users SET email_normalized = lower(email)
 WHERE id IN (SELECT id FROM users WHERE email_normalized IS NULL ORDER BY id LIMIT 10000);

-- Step 3: the validated CHECK proves there is no NULL, so SET NOT NULL skips its
-- scan (PostgreSQL 12+) and the ACCESS EXCLUSIVE lock lasts a moment. The
-- helper constraint is then redundant.
SET lock_timeout = '2s';

ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_normalized_not_null;

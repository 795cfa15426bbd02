-- Every node now runs release 2 and the backfill is done: make
-- users.email_normalized NOT NULL without a long ACCESS EXCLUSIVE scan.
-- Step 1: a CHECK added NOT VALID is instant; only new and changed rows are checked.
SET lock_timeout = '2s';

ALTER TABLE users
    ADD CONSTRAINT users_email_normalized_not_null
    CHECK (email_normalized IS NOT NULL) NOT VALID;

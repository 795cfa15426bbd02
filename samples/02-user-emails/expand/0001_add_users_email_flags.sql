-- Release 2: e-mail verification and case-insensitive login.
-- Both columns get a constant DEFAULT: since PostgreSQL 11 that is recorded in
-- the catalog (no table rewrite), and old code's INSERTs, which do not name the
-- columns, store a sensible value.

-- ADD COLUMN takes ACCESS EXCLUSIVE on users, if only for a moment: give up
-- quickly rather than queue every login behind a long-running query.
SET lock_timeout = '2s';

ALTER TABLE users
    ADD COLUMN email_verified   boolean NOT NULL DEFAULT false,
    ADD COLUMN marketing_opt_in boolean NOT NULL DEFAULT false;

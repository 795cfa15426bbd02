-- A release step with one safe and two unsafe changes.
SET lock_timeout = '2s';

CREATE TABLE invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  total numeric(12, 2) NOT NULL DEFAULT 0
);

ALTER TABLE users
  ADD COLUMN locale text NOT NULL DEFAULT 'en',
	DROP COLUMN legacy_flags;

CREATE INDEX users_locale_idx ON users (locale);

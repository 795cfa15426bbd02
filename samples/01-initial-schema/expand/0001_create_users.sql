-- Release 1: shopfront's initial schema.
-- Every table in this release is new, so nothing serves traffic from it yet:
-- plain CREATE INDEX, inline constraints and NOT NULL columns are all fine here.

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text        NOT NULL,
    password_hash text        NOT NULL,
    -- Salt for the legacy PBKDF2 hashes; argon2id hashes carry their own.
    password_salt text,
    full_name     text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE INDEX users_created_at_idx ON users (created_at);

-- users.email_normalized = lower(email), for case-insensitive login.
--
-- A GENERATED ALWAYS AS (lower(email)) STORED column would rewrite the whole
-- table under ACCESS EXCLUSIVE. Instead: a plain nullable column (instant) and a
-- trigger that fills it on every INSERT and every change of email, so rows that
-- release 1 nodes write during the rollout are filled too. Old rows are
-- backfilled in migrate; NOT NULL follows in contract.

SET lock_timeout = '2s';

ALTER TABLE users ADD COLUMN email_normalized text;

CREATE FUNCTION users_set_email_normalized() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.email_normalized := lower(NEW.email);
    RETURN NEW;
END;
$$;

CREATE TRIGGER users_set_email_normalized
    BEFORE INSERT OR UPDATE OF email ON users
    FOR EACH ROW EXECUTE FUNCTION users_set_email_normalized();

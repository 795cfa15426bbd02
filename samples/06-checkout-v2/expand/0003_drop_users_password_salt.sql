-- Release 6 hashes passwords with argon2id, which stores its salt in the hash.
--
-- DELIBERATELY UNSAFE (walkthrough): the release 5 nodes still read
-- password_salt on every login until the rollout ends; they fail with
-- "column does not exist" from the moment this runs.
-- Safe form: leave the column alone now and drop it in the contract phase
-- (or in the next release's contract), once no release 5 node is left.
SET lock_timeout = '2s';

ALTER TABLE users DROP COLUMN password_salt;

CREATE TABLE notes (id bigint PRIMARY KEY, body text);
ALTER TABLE notes ADD COLUMN;
ALTER TABLE users DROP COLUMN email;

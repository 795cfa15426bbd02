#!/usr/bin/env bash
# The recipes of docs/ci.md, run with the real binary on SQL shaped like what the
# tools print (no ORM or CI service needed): each command line tested here is
# also required to appear in docs/ci.md, so the document cannot drift from it.
#   ci_recipes_test.sh SOURCE_DIR ROLLSAFE_BINARY
set -euo pipefail
src=$(cd "${1:?usage: ci_recipes_test.sh SOURCE_DIR ROLLSAFE_BINARY}" && pwd)
rollsafe=${2:?usage: ci_recipes_test.sh SOURCE_DIR ROLLSAFE_BINARY}
rollsafe=$(cd "$(dirname "$rollsafe")" && pwd)/$(basename "$rollsafe")
doc=$src/docs/ci.md

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
documented() {
  grep -qF -- "$1" "$doc" || fail "docs/ci.md does not show: $1"
}
# run EXPECTED_STATUS OUTPUT_FILE ARGS... (standard input is passed on)
run() {
  local expected=$1 out=$2 status=0
  shift 2
  "$rollsafe" "$@" >"$out" 2>&1 || status=$?
  [ "$status" -eq "$expected" ] || {
    cat "$out"
    fail "rollsafe $* exited $status, expected $expected"
  }
}
has() {
  grep -qE -- "$2" "$1" || {
    cat "$1"
    fail "expected /$2/ in the output"
  }
}
lacks() {
  if grep -qE -- "$2" "$1"; then
    cat "$1"
    fail "unexpected /$2/ in the output"
  fi
}

# Alembic: `alembic upgrade --sql head` (offline mode) output.
documented "alembic upgrade --sql head | rollsafe lint - --stdin-filename migrations/expand/head.sql"
cat >"$tmp/alembic.sql" <<'SQL'
BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 1975ea83b712

SET lock_timeout = '2s';

ALTER TABLE account ADD COLUMN last_login TIMESTAMP WITHOUT TIME ZONE DEFAULT now();

INSERT INTO alembic_version (version_num) VALUES ('1975ea83b712') RETURNING alembic_version.version_num;

-- Running upgrade 1975ea83b712 -> ae1027a6acf

CREATE INDEX ix_account_email ON account (email);

UPDATE alembic_version SET version_num='ae1027a6acf' WHERE alembic_version.version_num = '1975ea83b712';

COMMIT;
SQL
run 1 "$tmp/out" lint --color never - --stdin-filename migrations/expand/head.sql <"$tmp/alembic.sql"
has "$tmp/out" "^migrations/expand/head.sql: linted as expand \(path segment 'expand'\)"
has "$tmp/out" "^migrations/expand/head.sql:18:1: error\[create-index-blocking\]"
lacks "$tmp/out" "alembic_version|dml-in-expand|<stdin>"
sed "/^CREATE INDEX/d" "$tmp/alembic.sql" >"$tmp/alembic-safe.sql"
run 0 "$tmp/out" lint --color never - --stdin-filename migrations/expand/head.sql <"$tmp/alembic-safe.sql"

# Django: `django-admin sqlmigrate accounts 0042` output.
documented "django-admin sqlmigrate accounts 0042 | rollsafe lint - --stdin-filename accounts/migrations/expand/0042_user_nickname.sql"
cat >"$tmp/django.sql" <<'SQL'
BEGIN;
--
-- Add field nickname to user
--
SET lock_timeout = '2s';
ALTER TABLE "accounts_user" ADD COLUMN "nickname" varchar(50) DEFAULT '' NOT NULL;
--
-- Remove field legacy_flags from user
--
ALTER TABLE "accounts_user" DROP COLUMN "legacy_flags" CASCADE;
COMMIT;
SQL
run 1 "$tmp/out" lint --color never - \
  --stdin-filename accounts/migrations/expand/0042_user_nickname.sql <"$tmp/django.sql"
has "$tmp/out" "^accounts/migrations/expand/0042_user_nickname.sql: linted as expand"
has "$tmp/out" "^accounts/migrations/expand/0042_user_nickname.sql:10:29: error\[drop-column\]"
# The same SQL as a contract migration drops the column safely.
documented "--phase contract"
run 0 "$tmp/out" lint --color never --phase contract - \
  --stdin-filename accounts/migrations/0042_user_nickname.sql <"$tmp/django.sql"
has "$tmp/out" "0 errors"

# Rails: the SQL the pending migrations ran, captured; an explicit phase, and a
# name outside db/migrate/ (the segment 'migrate' would mean the migrate phase).
documented "bin/rails rollsafe:sql | rollsafe lint - --phase expand --stdin-filename db/rollsafe/pending.sql"
cat >"$tmp/rails.sql" <<'SQL'
BEGIN;
CREATE INDEX "index_users_on_email" ON "users" ("email");
INSERT INTO "schema_migrations" ("version") VALUES ($1) RETURNING "version";
COMMIT;
CREATE INDEX CONCURRENTLY "index_users_on_name" ON "users" ("name");
INSERT INTO "schema_migrations" ("version") VALUES ($1) RETURNING "version";
SQL
run 1 "$tmp/out" lint --color never - --phase expand --stdin-filename db/rollsafe/pending.sql \
  <"$tmp/rails.sql"
has "$tmp/out" "^db/rollsafe/pending.sql: linted as expand"
has "$tmp/out" "^db/rollsafe/pending.sql:2:1: error\[create-index-blocking\]"
lacks "$tmp/out" "schema_migrations|:5:1:"
# db/structure.sql, a pg_dump of the schema: it parses, and everything in it is new.
documented "rollsafe lint db/structure.sql"
mkdir -p "$tmp/db"
cat >"$tmp/db/structure.sql" <<'SQL'
SET statement_timeout = 0;
SET lock_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
SET default_table_access_method = heap;
CREATE TABLE public.schema_migrations (version character varying NOT NULL);
CREATE TABLE public.users (id bigint NOT NULL, email character varying NOT NULL);
CREATE SEQUENCE public.users_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);
ALTER TABLE ONLY public.schema_migrations ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX index_users_on_email ON public.users USING btree (email);
SET search_path TO "$user", public;
INSERT INTO "schema_migrations" (version) VALUES
('20240501120000'),
('20240401090000');
SQL
(cd "$tmp" && run 0 "$tmp/out" lint --color never db/structure.sql)
has "$tmp/out" "0 errors, 0 warnings in 1 file"

# The shell gate: 0 safe, 1 unsafe, 2 could not run.
documented 'rollsafe lint --color never db/migrations/ || status=$?'
run 0 "$tmp/out" lint --color never "$src/samples/01-initial-schema"
run 1 "$tmp/out" lint --color never "$src/samples"
run 2 "$tmp/out" lint --color never "$tmp/no-such-folder"
has "$tmp/out" "^rollsafe: .*no-such-folder"

# The CI formats, as far as this binary has them (`lint --help` lists them).
formats=$("$rollsafe" lint --help | sed -n 's/.*--format TEXT:{\([a-z,]*\)}.*/\1/p')
echo "formats of this binary: $formats"
samples=$src/samples/06-checkout-v2
if [[ ,$formats, == *,github,* ]]; then
  documented "rollsafe lint --format github db/migrations/"
  run 1 "$tmp/out" lint --format github "$samples"
  has "$tmp/out" "^::error .*file=.*0003_drop_users_password_salt.sql.*line=10"
fi
if [[ ,$formats, == *,sarif,* ]]; then
  documented "rollsafe lint --format sarif --output rollsafe.sarif db/migrations/"
  run 1 "$tmp/out" lint --format sarif --output "$tmp/rollsafe.sarif" "$samples"
  has "$tmp/rollsafe.sarif" '"version": *"2.1.0"'
  has "$tmp/rollsafe.sarif" '"ruleId": *"drop-column"'
fi
if [[ ,$formats, == *,gitlab,* ]]; then
  documented "rollsafe lint --format gitlab --output gl-code-quality-report.json db/migrations/"
  run 1 "$tmp/out" lint --format gitlab --output "$tmp/gl.json" "$samples"
  has "$tmp/gl.json" '"check_name": *"drop-column"'
  has "$tmp/gl.json" '"fingerprint"'
fi
if [[ ,$formats, == *,junit,* ]]; then
  documented "rollsafe lint --format junit --output rollsafe-junit.xml db/migrations/"
  run 1 "$tmp/out" lint --format junit --output "$tmp/junit.xml" "$samples"
  has "$tmp/junit.xml" "<testsuites"
  has "$tmp/junit.xml" "<failure"
fi
if [[ ,$formats, == *,compact,* ]]; then
  run 1 "$tmp/out" lint --format compact "$samples"
  has "$tmp/out" "0003_drop_users_password_salt.sql:10:19: error\[drop-column\]"
fi

echo "docs/ci.md recipes: Alembic, Django, Rails, the shell gate${formats:+, formats $formats}"

#!/usr/bin/env python3
"""Generate a long Flyway migration history for the history benchmark.

    bench/gen_history.py OUT_DIR [--files 10000] [--seed 7]

OUT_DIR/V1__create_t1.sql ... V<N>__*.sql: the first files create tables, the
rest evolve them the way long-lived services do (columns added with defaults,
indexes built concurrently, backfills in id ranges, constraints added NOT VALID
and validated, views replaced, columns dropped in later files). Every statement
is valid PostgreSQL 15 and refers only to objects earlier files created, so the
replayed catalog is exercised on every file. Deterministic for a given seed.
Write it under a build directory or /tmp; never commit it.
"""

from __future__ import annotations

import argparse
import os
import random


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    tables: list[list[str]] = []  # columns per table (index = table number - 1)
    creates = max(1, args.files // 50)
    for n in range(1, args.files + 1):
        lines = ["SET lock_timeout = '2s';"]
        if n <= creates or not tables:
            t = len(tables) + 1
            cols = ["id bigint PRIMARY KEY", "created_at timestamptz NOT NULL DEFAULT now()"]
            cols += [f"c{k} text" for k in range(rnd.randint(2, 8))]
            tables.append([c.split()[0] for c in cols])
            lines.append(f"CREATE TABLE t{t} ({', '.join(cols)});")
            name = f"create_t{t}"
        else:
            t = rnd.randint(1, len(tables))
            cols = tables[t - 1]
            kind = rnd.random()
            if kind < 0.35:
                col = f"n{n}"
                cols.append(col)
                lines.append(f"ALTER TABLE t{t} ADD COLUMN {col} integer DEFAULT 0;")
                lines.append(
                    f"CREATE INDEX CONCURRENTLY t{t}_{col}_idx ON t{t} ({col});")
                name = f"add_t{t}_{col}"
            elif kind < 0.55:
                col = rnd.choice(cols)
                lines.append(
                    f"UPDATE t{t} SET {col} = {col} WHERE id BETWEEN {n} AND {n + 10000};")
                name = f"backfill_t{t}"
            elif kind < 0.70:
                lines.append(
                    f"ALTER TABLE t{t} ADD CONSTRAINT t{t}_chk{n} CHECK (id > 0) NOT VALID;")
                lines.append(f"ALTER TABLE t{t} VALIDATE CONSTRAINT t{t}_chk{n};")
                name = f"check_t{t}"
            elif kind < 0.85:
                lines.append(
                    f"CREATE OR REPLACE VIEW v{t} AS SELECT id, created_at FROM t{t};")
                name = f"view_t{t}"
            else:
                extra = [c for c in cols if c.startswith("n")]
                if extra:
                    col = rnd.choice(extra)
                    cols.remove(col)
                    lines[0:0] = ["-- rollsafe: phase=contract"]
                    lines.append(f"ALTER TABLE t{t} DROP COLUMN {col};")
                    name = f"drop_t{t}_{col}"
                else:
                    lines.append(f"COMMENT ON TABLE t{t} IS 'table {t}';")
                    name = f"comment_t{t}"
        with open(os.path.join(args.out, f"V{n}__{name}.sql"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

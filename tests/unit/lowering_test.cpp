// The PostgreSQL frontend lowers each statement family into the model, with
// positions that point at the offending part.
#include "frontend/frontend.h"
#include "support/lint_helpers.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace rollsafe::test {
namespace {

template <class T> const T& only(const Parsed& p, size_t stmt = 0, size_t item = 0) {
  EXPECT_TRUE(p.errors.empty()) << p.errors.front();
  EXPECT_GT(p.statements.size(), stmt);
  EXPECT_GT(p.statements[stmt].items.size(), item);
  const T* node = std::get_if<T>(&p.statements[stmt].items[item].node);
  EXPECT_NE(node, nullptr) << "statement " << stmt << " item " << item << " has another node kind";
  static const T empty{};
  return node != nullptr ? *node : empty;
}

std::string text_of(const std::string& sql, model::Span s) {
  return sql.substr(s.begin, s.end - s.begin);
}

TEST(Lowering, CreateTableColumnsAndConstraints) {
  const std::string sql = "CREATE TABLE IF NOT EXISTS app.orders (\n"
                          "  id bigserial PRIMARY KEY,\n"
                          "  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
                          "  note varchar(20) DEFAULT 'x',\n"
                          "  CONSTRAINT positive CHECK (total > 0)\n"
                          ");";
  const auto p = parse_postgres(sql);
  const auto& t = only<model::CreateTable>(p);
  EXPECT_EQ(t.table.schema, "app");
  EXPECT_EQ(t.table.name, "orders");
  EXPECT_TRUE(t.if_not_exists);
  ASSERT_EQ(t.columns.size(), 3U);
  EXPECT_TRUE(t.columns[0].serial);
  EXPECT_TRUE(t.columns[0].primary_key);
  EXPECT_TRUE(t.columns[1].not_null);
  ASSERT_EQ(t.columns[1].constraints.size(), 1U);
  EXPECT_EQ(t.columns[1].constraints[0].kind, model::ConstraintKind::ForeignKey);
  EXPECT_EQ(t.columns[1].constraints[0].references.name, "users");
  EXPECT_EQ(t.columns[1].constraints[0].on_delete, model::ReferentialAction::Cascade);
  EXPECT_EQ(t.columns[2].type, "varchar(20)");
  ASSERT_TRUE(t.columns[2].default_value.has_value());
  EXPECT_EQ(t.columns[2].default_value->volatility, model::Volatility::Constant);
  ASSERT_EQ(t.constraints.size(), 1U);
  EXPECT_EQ(t.constraints[0].name, "positive");
  EXPECT_EQ(text_of(sql, t.table.span), "app.orders");
}

TEST(Lowering, TypeNamesAreNormalisedWithModifiersAndBounds) {
  const std::string sql = "CREATE TABLE t (a numeric(12,2), b varchar(20)[], c int[][],\n"
                          "  d double precision, e timestamp(3) with time zone, f bit varying(8),\n"
                          "  g text, h public.my_type[]);\n"
                          "ALTER TABLE t ALTER COLUMN a TYPE numeric(1000, 0),\n"
                          "  ALTER COLUMN b TYPE character varying(255) COLLATE \"C\";";
  const auto p = parse_postgres(sql);
  const auto& t = only<model::CreateTable>(p);
  std::vector<std::string> types;
  types.reserve(t.columns.size());
  for (const auto& c : t.columns) {
    types.push_back(c.type);
  }
  const std::vector<std::string> expected{
      "numeric(12,2)",  "varchar(20)[]", "integer[][]", "double precision",
      "timestamptz(3)", "varbit(8)",     "text",        "my_type[]"};
  EXPECT_EQ(types, expected);
  EXPECT_EQ(only<model::AlterColumnType>(p, 1, 0).new_type, "numeric(1000,0)");
  EXPECT_EQ(only<model::AlterColumnType>(p, 1, 1).new_type, "varchar(255)");
}

TEST(Lowering, AlterTableSplitsActionsWithTheirOwnSpans) {
  const std::string sql = "ALTER TABLE users\n"
                          "  ADD COLUMN nickname text DEFAULT 'x',\n"
                          "  DROP COLUMN legacy CASCADE,\n"
                          "  ALTER COLUMN email TYPE varchar(320) USING email::varchar,\n"
                          "  ALTER COLUMN name SET NOT NULL,\n"
                          "  ALTER COLUMN name DROP DEFAULT,\n"
                          "  ALTER COLUMN created SET DEFAULT now(),\n"
                          "  ADD CONSTRAINT fk FOREIGN KEY (org) REFERENCES orgs(id) NOT VALID,\n"
                          "  VALIDATE CONSTRAINT fk;";
  const auto p = parse_postgres(sql);
  ASSERT_EQ(p.statements.size(), 1U);
  const auto& items = p.statements[0].items;
  ASSERT_EQ(items.size(), 8U);
  EXPECT_EQ(text_of(sql, items[0].span), "ADD COLUMN nickname text DEFAULT 'x'");
  EXPECT_EQ(text_of(sql, items[1].span), "DROP COLUMN legacy CASCADE");
  EXPECT_TRUE(std::get<model::DropColumn>(items[1].node).cascade);
  const auto& type = std::get<model::AlterColumnType>(items[2].node);
  EXPECT_EQ(type.new_type, "varchar(320)");
  EXPECT_TRUE(type.has_using);
  EXPECT_EQ(std::get<model::SetNotNull>(items[3].node).column, "name");
  EXPECT_EQ(std::get<model::DropDefault>(items[4].node).column, "name");
  EXPECT_EQ(std::get<model::SetDefault>(items[5].node).value.volatility, model::Volatility::Stable);
  const auto& fk = std::get<model::AddConstraint>(items[6].node).constraint;
  EXPECT_EQ(fk.kind, model::ConstraintKind::ForeignKey);
  EXPECT_TRUE(fk.not_valid);
  EXPECT_EQ(std::get<model::ValidateConstraint>(items[7].node).name, "fk");
}

TEST(Lowering, DefaultVolatility) {
  const auto volatility = [](const std::string& expr) {
    const auto p = parse_postgres("ALTER TABLE t ADD COLUMN c text DEFAULT " + expr + ";");
    const auto& add = only<model::AddColumn>(p);
    return add.column.default_value ? add.column.default_value->volatility
                                    : model::Volatility::Null;
  };
  EXPECT_EQ(volatility("'x'"), model::Volatility::Constant);
  EXPECT_EQ(volatility("'{}'::jsonb"), model::Volatility::Constant);
  EXPECT_EQ(volatility("1 + 2"), model::Volatility::Constant);
  EXPECT_EQ(volatility("NULL"), model::Volatility::Null);
  EXPECT_EQ(volatility("now()"), model::Volatility::Stable);
  EXPECT_EQ(volatility("CURRENT_TIMESTAMP"), model::Volatility::Stable);
  EXPECT_EQ(volatility("random()"), model::Volatility::Volatile);
  EXPECT_EQ(volatility("gen_random_uuid()"), model::Volatility::Volatile);
  EXPECT_EQ(volatility("clock_timestamp()"), model::Volatility::Volatile);
  EXPECT_EQ(volatility("nextval('s')"), model::Volatility::Volatile);
  EXPECT_EQ(volatility("lower(now()::text)"), model::Volatility::Stable);
  EXPECT_EQ(volatility("my_func()"), model::Volatility::Unknown);
}

TEST(Lowering, IndexesDropsAndRenames) {
  const auto p = parse_postgres(
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON public.users (email, lower(name));"
      "DROP INDEX CONCURRENTLY IF EXISTS idx;"
      "DROP TABLE a, b CASCADE;"
      "DROP TRIGGER trg ON users;"
      "ALTER TABLE users RENAME COLUMN email TO mail;"
      "ALTER TABLE users RENAME TO people;"
      "TRUNCATE a, b;");
  const auto& idx = only<model::CreateIndex>(p, 0);
  EXPECT_TRUE(idx.unique);
  EXPECT_TRUE(idx.concurrently);
  EXPECT_TRUE(idx.if_not_exists);
  EXPECT_EQ(idx.table.display(), "public.users");
  EXPECT_EQ(idx.columns, (std::vector<std::string>{"email", "name"}));
  EXPECT_TRUE(idx.has_expressions);
  const auto& drop = only<model::DropObject>(p, 1);
  EXPECT_EQ(drop.kind, model::ObjectKind::Index);
  EXPECT_TRUE(drop.concurrently);
  EXPECT_EQ(p.statements[2].items.size(), 2U);
  EXPECT_TRUE(only<model::DropObject>(p, 2, 1).cascade);
  const auto& trg = only<model::DropObject>(p, 3);
  EXPECT_EQ(trg.kind, model::ObjectKind::Trigger);
  EXPECT_EQ(trg.name.name, "trg");
  EXPECT_EQ(trg.table.name, "users");
  EXPECT_EQ(only<model::RenameColumn>(p, 4).new_name, "mail");
  EXPECT_EQ(only<model::RenameObject>(p, 5).new_name, "people");
  EXPECT_EQ(p.statements[6].items.size(), 2U);
}

TEST(Lowering, EachDroppedObjectHasItsOwnSpan) {
  const std::string sql = "DROP TABLE IF EXISTS a, public.b,\n  \"C\" CASCADE;";
  const auto p = parse_postgres(sql);
  ASSERT_EQ(p.statements.size(), 1U);
  const auto& items = p.statements[0].items;
  ASSERT_EQ(items.size(), 3U);
  EXPECT_EQ(text_of(sql, items[0].span), "a");
  EXPECT_EQ(text_of(sql, items[1].span), "public.b");
  EXPECT_EQ(text_of(sql, items[2].span), "\"C\" CASCADE");
  const std::string truncate = "TRUNCATE a, b;";
  const auto t = parse_postgres(truncate);
  EXPECT_EQ(text_of(truncate, t.statements[0].items[1].span), "b");
}

TEST(Lowering, DataSessionAndMaintenance) {
  const auto p = parse_postgres("BEGIN; SET LOCAL lock_timeout = '2s'; UPDATE users SET a = 1;"
                                "DELETE FROM users WHERE id < 10; INSERT INTO t VALUES (1);"
                                "COMMIT; VACUUM (FULL) users; REINDEX TABLE CONCURRENTLY users;"
                                "SELECT set_config('lock_timeout', '3s', false); CLUSTER users;");
  EXPECT_EQ(only<model::Transaction>(p, 0).kind, model::TransactionKind::Begin);
  const auto& set = only<model::SetVariable>(p, 1);
  EXPECT_EQ(set.name, "lock_timeout");
  EXPECT_EQ(set.value, "2s");
  EXPECT_TRUE(set.local);
  EXPECT_FALSE(only<model::Dml>(p, 2).has_where);
  EXPECT_TRUE(only<model::Dml>(p, 3).has_where);
  EXPECT_EQ(only<model::Dml>(p, 4).kind, model::DmlKind::Insert);
  EXPECT_EQ(only<model::Transaction>(p, 5).kind, model::TransactionKind::Commit);
  EXPECT_EQ(only<model::Maintenance>(p, 6).kind, model::MaintenanceKind::VacuumFull);
  EXPECT_TRUE(only<model::Maintenance>(p, 7).concurrently);
  EXPECT_EQ(only<model::SetVariable>(p, 8).value, "3s");
  EXPECT_EQ(only<model::Maintenance>(p, 9).kind, model::MaintenanceKind::Cluster);
}

TEST(Lowering, OtherStatementsKeepTheirKind) {
  const auto p = parse_postgres("GRANT SELECT ON users TO app; COMMENT ON TABLE users IS 'x';"
                                "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;");
  EXPECT_EQ(p.statements[0].kind, "GRANT");
  EXPECT_FALSE(only<model::OtherStatement>(p, 0).ddl);
  EXPECT_FALSE(only<model::OtherStatement>(p, 1).ddl);
  EXPECT_EQ(only<model::CreateObject>(p, 2).kind, model::ObjectKind::Function);
}

TEST(Lowering, StatementSpansSkipLeadingComments) {
  const std::string sql = "SELECT 1;\n-- a comment\n/* block /* nested */ */\n  DROP TABLE x;";
  const auto p = parse_postgres(sql);
  ASSERT_EQ(p.statements.size(), 2U);
  EXPECT_EQ(text_of(sql, p.statements[1].span), "DROP TABLE x");
}

TEST(Lowering, SyntaxErrorsArePositionedAndTheRestIsStillLowered) {
  const std::string sql = "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN;\nDROP TABLE b;";
  const auto p = parse_postgres(sql);
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_EQ(p.errors[0].substr(0, 5), "2:25 ");
  EXPECT_NE(p.errors[0].find("PostgreSQL 15"), std::string::npos);
  ASSERT_EQ(p.statements.size(), 2U);
  EXPECT_NE(std::get_if<model::DropObject>(&p.statements[1].items[0].node), nullptr);
}

TEST(Lowering, SyntaxErrorPositionCountsCharactersNotBytes) {
  const std::string sql = "SELECT 'é'; SELEC 1;";
  const auto p = parse_postgres(sql);
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_EQ(p.errors[0].substr(0, 5), "1:13 ");
}

TEST(Lowering, UnterminatedQuoteReportsAndKeepsEarlierStatements) {
  const auto p = parse_postgres("DROP TABLE a;\nSELECT 'oops;\nDROP TABLE b;");
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_EQ(p.errors[0].substr(0, 4), "2:8 ");
  ASSERT_EQ(p.statements.size(), 1U);
}

// What a frontend hands its sink, as text: each statement's kind, span, node
// kinds and the names of created tables, and each syntax error's position and message.
class FingerprintSink final : public StatementSink {
public:
  void statement(model::Statement&& s) override {
    out += s.kind + " " + std::to_string(s.span.begin) + "-" + std::to_string(s.span.end);
    for (const model::Item& item : s.items) {
      out += " " + std::to_string(item.node.index());
      if (const auto* t = std::get_if<model::CreateTable>(&item.node)) {
        out += ":" + t->table.name + "/" + std::to_string(t->columns.size());
      }
    }
    out += "\n";
  }
  void syntax_error(model::Span span, std::string message) override {
    out += "error " + std::to_string(span.begin) + " " + message + "\n";
  }
  std::string out;
};

std::string fingerprint(Frontend& frontend, const std::string& sql) {
  FingerprintSink sink;
  frontend.parse(sql, sink);
  return sink.out;
}

// The frontend parses into one memory context that it resets after each parse,
// keeping its first block. A parse that outgrows that block, and one that
// fails, must leave nothing behind for the next: one frontend reused across
// inputs gives what a fresh frontend gives for each, in one thread and in
// several at once (libpg_query's memory contexts are per thread).
TEST(Lowering, ReusedFrontendParsesLikeAFreshOne) {
  // 160 KiB of SQL: about 8 MiB of parse tree (PostgreSQL's is some 50 times
  // the text), well past the 1 MiB block the arena keeps.
  std::string big;
  for (int i = 0; big.size() < (size_t{160} << 10); ++i) {
    big += "CREATE TABLE t" + std::to_string(i) +
           " (id bigint PRIMARY KEY, a text NOT NULL DEFAULT 'x', b int CHECK (b > 0));\n"
           "INSERT INTO t" +
           std::to_string(i) + " (id, a, b) VALUES (1, 'y', 2), (2, 'z', 3);\n";
  }
  const std::vector<std::string> inputs{
      "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b text;",
      "CREATE TABLE broken (id int;\nCREATE INDEX i ON a (b);",
      big,
      "SELECT (((((((((1)))))))));",
      std::string(12000, '(') + "1" + std::string(12000, ')') + ";",
      "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b text;",
  };
  std::vector<std::string> expected;
  expected.reserve(inputs.size());
  for (const std::string& sql : inputs) {
    expected.push_back(fingerprint(*make_postgres_frontend(), sql));
  }
  EXPECT_NE(expected[2].find("CREATE TABLE 0-"), std::string::npos);
  EXPECT_NE(expected[1].find("error "), std::string::npos);
  EXPECT_NE(expected[4].find("error "), std::string::npos);

  const auto reuse = [&](std::vector<std::string>& got) {
    auto frontend = make_postgres_frontend();
    for (int round = 0; round < 2; ++round) {
      for (const std::string& sql : inputs) {
        got.push_back(fingerprint(*frontend, sql));
      }
    }
  };
  std::vector<std::string> alone;
  reuse(alone);
  std::vector<std::string> first;
  std::vector<std::string> second;
  {
    std::jthread a([&] { reuse(first); });
    std::jthread b([&] { reuse(second); });
  }
  for (const auto* got : {&alone, &first, &second}) {
    ASSERT_EQ(got->size(), 2 * inputs.size());
    for (size_t i = 0; i < got->size(); ++i) {
      EXPECT_EQ((*got)[i], expected[i % inputs.size()]) << "input " << i % inputs.size();
    }
  }
}

} // namespace
} // namespace rollsafe::test

// Our comment scanner against libpg_query's own scanner (pg_query_scan), on
// every fixture, the samples and the real-world corpus.
#include "frontend/postgres/pg_text.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <filesystem>

namespace rollsafe::test {
namespace {

std::vector<std::pair<uint32_t, uint32_t>> scanner_comments(const std::string& text) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  PgQueryScanResult scan = pg_query_scan(text.c_str());
  if (scan.error == nullptr) {
    PgQuery__ScanResult* result = pg_query__scan_result__unpack(
        nullptr, scan.pbuf.len, reinterpret_cast<const uint8_t*>(scan.pbuf.data));
    for (size_t i = 0; result != nullptr && i < result->n_tokens; ++i) {
      const PgQuery__ScanToken* t = result->tokens[i];
      if (t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT) {
        out.emplace_back(static_cast<uint32_t>(t->start), static_cast<uint32_t>(t->end));
      }
    }
    pg_query__scan_result__free_unpacked(result, nullptr);
  }
  pg_query_free_scan_result(scan);
  return out;
}

TEST(Comments, MatchLibpgQueryScanner) {
  namespace fs = std::filesystem;
  const fs::path root(ROLLSAFE_SOURCE_DIR);
  size_t files = 0;
  size_t comments = 0;
  for (const fs::path& dir :
       {root / "tests/fixtures", root / "samples", root / "../shared/corpus/postgres"}) {
    if (!fs::exists(dir)) {
      continue;
    }
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().extension() != ".sql") {
        continue;
      }
      const std::string text = read_text(e.path().string());
      std::vector<std::pair<uint32_t, uint32_t>> ours;
      for (const auto& c : pg::collect_comments(text)) {
        ours.emplace_back(c.span.begin, c.span.end);
      }
      const auto theirs = scanner_comments(text);
      // A line comment's span ends before its newline in both; libpg_query
      // reports nothing for files its scanner rejects (skip those).
      PgQueryScanResult probe = pg_query_scan(text.c_str());
      const bool scanned = probe.error == nullptr;
      pg_query_free_scan_result(probe);
      if (!scanned) {
        continue;
      }
      EXPECT_EQ(ours, theirs) << e.path();
      ++files;
      comments += theirs.size();
    }
  }
  EXPECT_GT(files, 100U);
  EXPECT_GT(comments, 100U);
}

TEST(Comments, QuotedTextIsNotAComment) {
  const std::string sql = "SELECT '--a', \"/*b*/\", $$-- c$$, $t$/* d */$t$, E'\\'--e'; -- f\n";
  const auto c = pg::collect_comments(sql);
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(sql.substr(c[0].span.begin, c[0].span.end - c[0].span.begin), "-- f");
  EXPECT_FALSE(c[0].leading);
}

// split_top_level skips runs of ordinary bytes quickly; what it splits at, and
// what it must step over, is pinned here.
TEST(PgText, SplitTopLevelStepsOverBracketsQuotesAndComments) {
  const std::string sql = "ADD COLUMN a numeric(12,2) DEFAULT 'x,y' ,\n"
                          "  ADD b int[] DEFAULT ARRAY[1,2] -- c, d\n"
                          "  , ADD \"e,f\" text DEFAULT $$g,h$$ /* i, j */,"
                          "ADD k text DEFAULT E'\\',' , DROP $1";
  std::vector<model::Span> parts{{7, 9}}; // left over from an earlier statement
  pg::split_top_level(sql, 0, static_cast<uint32_t>(sql.size()), parts);
  std::vector<std::string> texts;
  texts.reserve(parts.size());
  for (const model::Span& s : parts) {
    texts.push_back(sql.substr(s.begin, s.end - s.begin));
  }
  const std::vector<std::string> expected{
      "ADD COLUMN a numeric(12,2) DEFAULT 'x,y'",
      "ADD b int[] DEFAULT ARRAY[1,2] -- c, d",
      "ADD \"e,f\" text DEFAULT $$g,h$$ /* i, j */",
      "ADD k text DEFAULT E'\\','",
      "DROP $1",
  };
  EXPECT_EQ(texts, expected);
}

// Text without a comma is one part, trimmed like the parts of a split (the
// scan is skipped for it).
TEST(PgText, SplitTopLevelWithoutCommaIsOnePart) {
  const std::string sql = "ALTER TABLE t  -- lead\n  ALTER b TYPE numeric(12) ;  ";
  const auto begin = static_cast<uint32_t>(sql.find("  --"));
  std::vector<model::Span> parts{{7, 9}, {1, 2}}; // left over from an earlier statement
  pg::split_top_level(sql, begin, static_cast<uint32_t>(sql.size()), parts);
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(sql.substr(parts[0].begin, parts[0].end - parts[0].begin), "ALTER b TYPE numeric(12)");
  pg::split_top_level(sql, begin, begin, parts);
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_TRUE(parts[0].empty());
}

// A line comment ends at LF, at the CR of CRLF, at a CR on its own (as in
// PostgreSQL's scanner) or at the end of the text.
TEST(Comments, LineCommentEnds) {
  const std::string sql = "-- a\nSELECT 1; -- b\r\nSELECT 2; -- c\rSELECT 3; -- d";
  std::vector<std::string> texts;
  for (const auto& c : pg::collect_comments(sql)) {
    texts.push_back(sql.substr(c.span.begin, c.span.end - c.span.begin));
  }
  const std::vector<std::string> expected{"-- a", "-- b", "-- c", "-- d"};
  EXPECT_EQ(texts, expected);
}

TEST(Comments, LeadingFlag) {
  const auto c = pg::collect_comments("-- a\n/* b */ SELECT 1; -- c\n");
  ASSERT_EQ(c.size(), 3U);
  EXPECT_TRUE(c[0].leading);
  EXPECT_TRUE(c[1].leading);
  EXPECT_FALSE(c[2].leading);
}

} // namespace
} // namespace rollsafe::test

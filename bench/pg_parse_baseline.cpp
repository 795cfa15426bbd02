// The floor for rollsafe's speed: libpg_query's bare raw parse of every *.sql file
// under the given paths, and nothing else (no lowering, no rules, no output).
//
//   pg_parse_baseline [-j N] [--repeat N] [--kv] PATHS...
//
// The files are read into memory first; only the parsing is timed. Statements are
// counted outside the timed region with pg_query_split_with_parser (the parser's
// own statement boundaries: the same RawStmt count rollsafe reports in its
// summary). libpg_query keeps its state per thread (bench/baseline_main.h).
#include "baseline_main.h"

namespace {

size_t count_statements(const std::vector<bench::SqlFile>& files) {
  size_t n = 0;
  for (const auto& f : files) {
    PgQuerySplitResult split = pg_query_split_with_parser(f.text.c_str());
    if (split.error == nullptr) {
      n += static_cast<size_t>(split.n_stmts);
    }
    pg_query_free_split_result(split);
  }
  return n;
}

} // namespace

int main(int argc, char** argv) {
  bench::Baseline b;
  b.name = "pg_parse_baseline";
  b.label = "pg_query_raw_parse baseline";
  b.counted_by = "pg_query_split_with_parser";
  b.count_statements = count_statements;
  b.make_parser = [] {
    return
        [](const bench::SqlFile& f) -> size_t { return bench::raw_parse(f.text.c_str()) ? 0 : 1; };
  };
  return bench::baseline_main(argc, argv, b);
}

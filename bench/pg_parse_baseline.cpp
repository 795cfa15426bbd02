// The floor for rollsafe's speed: libpg_query's bare raw parse of every *.sql file
// under the given paths, and nothing else (no lowering, no rules, no output).
//
//   pg_parse_baseline [-j N] [--repeat N] [--kv] PATHS...
//
// The files are read into memory first; only the parsing is timed. Statements are
// counted outside the timed region with pg_query_split_with_parser (the parser's
// own statement boundaries: the same RawStmt count rollsafe reports in its
// summary). With --repeat N the median of N timed passes is reported (and the best). With -j N the
// files are shared among N threads (libpg_query keeps its state per thread).
#include "bench_common.h"

#include <atomic>
#include <iomanip>
#include <thread>

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

// One timed pass over all files; returns the parse errors seen.
size_t parse_all(const std::vector<bench::SqlFile>& files, unsigned jobs) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> errors{0};
  auto worker = [&]() {
    size_t local_errors = 0;
    for (size_t i = next++; i < files.size(); i = next++) {
      if (!bench::raw_parse(files[i].text.c_str())) {
        ++local_errors;
      }
    }
    errors += local_errors;
  };
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    for (unsigned t = 0; t < jobs; ++t) {
      threads.emplace_back(worker);
    }
  }
  return errors;
}

[[noreturn]] void usage() {
  std::cerr << "usage: pg_parse_baseline [-j N] [--repeat N] [--kv] PATHS...\n";
  std::exit(2);
}

} // namespace

int main(int argc, char** argv) {
  unsigned jobs = 1;
  int repeat = 1;
  bool kv = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "-j" || arg == "--jobs") && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--kv") {
      kv = true;
    } else if (arg.starts_with("-")) {
      usage();
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    usage();
  }

  const std::vector<bench::SqlFile> files = bench::read_sql_files(paths);
  const size_t bytes = bench::total_bytes(files);
  const size_t statements = count_statements(files);

  std::vector<double> walls;
  std::vector<double> cpus;
  size_t errors = 0;
  for (int r = 0; r < repeat; ++r) {
    const double cpu_start = bench::cpu_ms();
    const auto start = bench::Clock::now();
    errors = parse_all(files, jobs);
    walls.push_back(bench::ms_since(start));
    cpus.push_back(bench::cpu_ms() - cpu_start);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  const double median_ms = walls[walls.size() / 2];
  const double median_cpu_ms = cpus[cpus.size() / 2];
  const double best_ms = walls.front();
  const double secs = median_ms / 1000.0;
  const double mb_s = secs > 0 ? bench::mib(bytes) / secs : 0;
  const double stmt_s = secs > 0 ? static_cast<double>(statements) / secs : 0;

  if (kv) {
    std::cout << std::fixed << std::setprecision(2) << "files=" << files.size()
              << " bytes=" << bytes << " statements=" << statements << " parse_errors=" << errors
              << " jobs=" << jobs << " runs=" << repeat << " wall_ms=" << median_ms
              << " wall_min_ms=" << best_ms << " cpu_ms=" << median_cpu_ms << " mb_per_s=" << mb_s
              << " statements_per_s=" << std::setprecision(0) << stmt_s << '\n';
    return 0;
  }
  std::cout << std::fixed << std::setprecision(1) << "pg_query_raw_parse baseline: " << files.size()
            << " files, " << bench::mib(bytes) << " MB, " << statements
            << " statements (pg_query_split_with_parser), " << errors << " parse errors\n"
            << "  " << jobs << " thread(s), median of " << repeat << ": " << median_ms
            << " ms (best " << best_ms << ", CPU " << median_cpu_ms << " ms), " << mb_s << " MB/s, "
            << std::setprecision(0) << stmt_s << " statements/s\n";
  return 0;
}

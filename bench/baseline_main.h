// The driver the bare-parse baselines share (pg_parse_baseline, mysql_parse_baseline):
// arguments, the timed passes over files read into memory beforehand, and the
// report (a human line, or key=value pairs for bench/run.sh).
//
//   <baseline> [-j N] [--repeat N] [--kv] PATHS...
//
// With --repeat N the median of N timed passes is reported (and the best). With
// -j N the files are shared among N threads, each with its own parser.
#pragma once

#include "bench_common.h"

#include <atomic>
#include <functional>
#include <iomanip>
#include <thread>

namespace bench {

struct Baseline {
  std::string name;       // the program, for its usage line
  std::string label;      // "pg_query_raw_parse baseline"
  std::string counted_by; // how statements are counted (outside the timed passes)
  std::function<size_t(const std::vector<SqlFile>&)> count_statements;
  // Makes one thread's parser: file -> the number of parse errors in it.
  std::function<std::function<size_t(const SqlFile&)>()> make_parser;
};

// One timed pass over all files; returns the parse errors seen.
inline size_t parse_all(const std::vector<SqlFile>& files, unsigned jobs, const Baseline& b) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> errors{0};
  auto worker = [&]() {
    const auto parse = b.make_parser();
    size_t local_errors = 0;
    for (size_t i = next++; i < files.size(); i = next++) {
      local_errors += parse(files[i]);
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

inline int baseline_main(int argc, char** argv, const Baseline& b) {
  const auto usage = [&]() {
    std::cerr << "usage: " << b.name << " [-j N] [--repeat N] [--kv] PATHS...\n";
    std::exit(2);
  };
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

  const std::vector<SqlFile> files = read_sql_files(paths);
  const size_t bytes = total_bytes(files);
  const size_t statements = b.count_statements(files);

  std::vector<double> walls;
  std::vector<double> cpus;
  size_t errors = 0;
  for (int r = 0; r < repeat; ++r) {
    const double cpu_start = cpu_ms();
    const auto start = Clock::now();
    errors = parse_all(files, jobs, b);
    walls.push_back(ms_since(start));
    cpus.push_back(cpu_ms() - cpu_start);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  const double median_ms = walls[walls.size() / 2];
  const double median_cpu_ms = cpus[cpus.size() / 2];
  const double best_ms = walls.front();
  const double secs = median_ms / 1000.0;
  const double mb_s = secs > 0 ? mib(bytes) / secs : 0;
  const double stmt_s = secs > 0 ? static_cast<double>(statements) / secs : 0;

  if (kv) {
    std::cout << std::fixed << std::setprecision(2) << "files=" << files.size()
              << " bytes=" << bytes << " statements=" << statements << " parse_errors=" << errors
              << " jobs=" << jobs << " runs=" << repeat << " wall_ms=" << median_ms
              << " wall_min_ms=" << best_ms << " cpu_ms=" << median_cpu_ms << " mb_per_s=" << mb_s
              << " statements_per_s=" << std::setprecision(0) << stmt_s << '\n';
    return 0;
  }
  std::cout << std::fixed << std::setprecision(1) << b.label << ": " << files.size() << " files, "
            << mib(bytes) << " MB, " << statements << " statements (" << b.counted_by << "), "
            << errors << " parse errors\n"
            << "  " << jobs << " thread(s), median of " << repeat << ": " << median_ms
            << " ms (best " << best_ms << ", CPU " << median_cpu_ms << " ms), " << mb_s << " MB/s, "
            << std::setprecision(0) << stmt_s << " statements/s\n";
  return 0;
}

} // namespace bench

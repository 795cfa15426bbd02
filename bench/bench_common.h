// Shared by the benchmark programs: finding and reading the *.sql files, the raw
// parser's declarations, and timing.
#pragma once

#include <pg_query.h>

#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

// libpg_query exports its raw parser but declares it in a header that needs
// PostgreSQL's internal headers. The benchmarks never look inside the tree, so it
// stays opaque here (rollsafe's frontend declares the same entry points with the
// real List* and MemoryContext types).
extern "C" {
struct PgQueryRawResult {
  void* tree;
  char* stderr_buffer;
  PgQueryError* error;
};
PgQueryRawResult pg_query_raw_parse(const char* input);
void* pg_query_enter_memory_context();
void pg_query_exit_memory_context(void* ctx);
void pg_query_free_error(PgQueryError* error);
}

namespace bench {

struct SqlFile {
  std::string path;
  std::string text;
};

inline bool is_sql(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".sql";
}

// Every *.sql file under `paths` (files are taken as given), sorted by path so
// runs are repeatable.
inline std::vector<std::string> find_sql_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    if (fs::is_directory(p)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file() && is_sql(e.path())) {
          found.push_back(e.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p)) {
      out.push_back(p);
    } else {
      std::cerr << "bench: cannot read '" << p << "'\n";
      std::exit(2);
    }
  }
  return out;
}

inline std::vector<SqlFile> read_sql_files(const std::vector<std::string>& paths) {
  std::vector<SqlFile> files;
  for (const std::string& path : find_sql_files(paths)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "bench: cannot read '" << path << "'\n";
      std::exit(2);
    }
    std::string text;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size > 0) {
      text.resize(static_cast<size_t>(size));
      in.seekg(0, std::ios::beg);
      in.read(text.data(), size);
      text.resize(static_cast<size_t>(in.gcount()));
    }
    files.push_back({path, std::move(text)});
  }
  return files;
}

inline size_t total_bytes(const std::vector<SqlFile>& files) {
  size_t n = 0;
  for (const auto& f : files) {
    n += f.text.size();
  }
  return n;
}

// One raw parse in its own memory context, as rollsafe does it; returns whether
// the text parsed.
inline bool raw_parse(const char* sql) {
  void* ctx = pg_query_enter_memory_context();
  const PgQueryRawResult result = pg_query_raw_parse(sql);
  const bool ok = result.error == nullptr;
  if (!ok) {
    pg_query_free_error(result.error);
  }
  free(result.stderr_buffer); // NOLINT(cppcoreguidelines-no-malloc): libpg_query malloc()s it
  pg_query_exit_memory_context(ctx);
  return ok;
}

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time (user + sys) of this process so far, all threads, in ms.
inline double cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1000.0 + static_cast<double>(tv.tv_usec) / 1000.0;
  };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// MB are MiB (2^20 bytes) throughout the benchmarks.
inline double mib(size_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

} // namespace bench

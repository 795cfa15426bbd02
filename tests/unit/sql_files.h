// The SQL files the MySQL differential tests (mysql_lexer_test.cpp,
// mysql_parser_test.cpp) run over.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

namespace rollsafe::test {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every *.sql file under `dir`, sorted (none when it is not a directory), of
// every dialect: to the MySQL lexer and parser, PostgreSQL files are just more
// bytes.
inline std::vector<std::filesystem::path> sql_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) {
    return out;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql") {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every *.sql file under the named folders of the source tree, folder by folder.
inline std::vector<std::filesystem::path>
source_sql_files(std::initializer_list<const char*> dirs) {
  std::vector<std::filesystem::path> out;
  for (const char* dir : dirs) {
    const auto found = sql_files(std::filesystem::path(ROLLSAFE_SOURCE_DIR) / dir);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

// The real-world MySQL migrations beside the project (may be missing).
inline std::filesystem::path real_mysql_corpus() {
  return std::filesystem::path(ROLLSAFE_SOURCE_DIR) / ".." / "shared" / "corpus" / "mysql";
}

} // namespace rollsafe::test

#include "support/lint_helpers.h"

#include "engine/linter.h"
#include "engine/run.h"
#include "frontend/frontend.h"
#include "history/inputs.h"
#include "model/catalog.h"
#include "source/layout.h"
#include "source/line_index.h"
#include "support/scratch_dir.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace rollsafe::test {

FileReport lint_text(const std::string& sql, const LintOptions& options, const std::string& path) {
  FileSettings settings;
  settings.options = options;
  return lint_text(sql, settings, path);
}

FileReport lint_text(const std::string& sql, const FileSettings& settings,
                     const std::string& path) {
  Linter linter(settings.options.dialect);
  model::Catalog catalog;
  return linter.lint(path, sql, catalog, settings);
}

FileReport lint_release(const std::vector<ReleaseFile>& files, const FileSettings& settings,
                        const std::string& path) {
  Linter linter(settings.options.dialect);
  model::Catalog catalog;
  FileReport all;
  for (const ReleaseFile& file : files) {
    FileSettings one = settings;
    if (file.phase) {
      one.options.phase = file.phase;
    }
    FileReport report = linter.lint(path, file.sql, catalog, one);
    all.statements += report.statements;
    for (const Diagnostic& d : report.diagnostics) {
      all.adopt(all.diagnostics, d); // its texts outlive `report`
    }
  }
  return all;
}

namespace {
class CollectSink final : public StatementSink {
public:
  CollectSink(const std::string& text, Parsed& out) : index_(text), out_(out) {}
  void statement(model::Statement&& s) override { out_.statements.push_back(std::move(s)); }
  void syntax_error(model::Span span, std::string message) override {
    const Position p = index_.position(span.begin);
    out_.errors.push_back(std::to_string(p.line) + ":" + std::to_string(p.column) + " " + message);
  }

private:
  LineIndex index_;
  Parsed& out_;
};
} // namespace

Parsed parse_postgres(const std::string& sql) {
  Parsed out;
  auto frontend = make_postgres_frontend();
  CollectSink sink(sql, out);
  frontend->parse(sql, sink);
  return out;
}

Parsed parse_mysql(const std::string& sql, int mysql_version, bool mariadb) {
  Parsed out;
  auto frontend = make_mysql_frontend();
  frontend->set_target({mysql_version, mariadb});
  CollectSink sink(sql, out);
  frontend->parse(sql, sink);
  return out;
}

LintOptions mysql_options(bool mariadb) {
  LintOptions options;
  options.dialect = Dialect::MySQL;
  options.mariadb = mariadb;
  options.mysql_version = mariadb ? kDefaultMariaDbVersion : kDefaultMySqlVersion;
  return options;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<FileReport> lint_tree(const std::string& dir) {
  namespace fs = std::filesystem;
  // As `rollsafe lint DIR` plans it: the histories it holds, each by its layout.
  PlannedInput plan = plan_inputs({dir}, {});
  RunInput input;
  for (SourceUnit& u : plan.units) {
    u.info.history = read_text(u.path).find("rollsafe-test: history") != std::string::npos;
  }
  input.units = std::move(plan.units);
  input.jobs = 2;
  // An empty configuration file: ambient rollsafe.toml files play no part.
  const ScratchDir scratch("empty-config");
  CommandLineSettings cli;
  cli.config = scratch.write("empty.toml", "");
  // A tree named <rule>.mysql or <rule>.mariadb holds migrations in that dialect.
  const std::string name = fs::path(dir).filename().string();
  if (name.ends_with(".mysql") || name.ends_with(".mariadb")) {
    cli.dialect = Dialect::MySQL;
    cli.mariadb = name.ends_with(".mariadb");
  }
  ConfigResolver configs(cli);
  std::vector<FileReport> out;
  (void)run_lint(input, configs, [&](FileReport&& f) { out.push_back(std::move(f)); });
  return out;
}

bool write_tree(const std::string& text, const std::string& dir) {
  namespace fs = std::filesystem;
  static const std::regex marker(R"(^--\s*file:\s*(\S+)\s*$)");
  std::istringstream in(text);
  std::string line;
  std::ofstream out;
  bool any = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, marker)) {
      const fs::path p = fs::path(dir) / m[1].str();
      fs::create_directories(p.parent_path());
      out.close();
      out.open(p, std::ios::binary | std::ios::trunc);
      any = true;
      continue;
    }
    if (out.is_open()) {
      out << line << '\n';
    }
  }
  return any;
}

} // namespace rollsafe::test

#include "engine/linter.h"

#include "engine/context.h"
#include "engine/directives.h"
#include "engine/phase.h"
#include "engine/suppressions.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace rollsafe {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The offset of the first byte that does not start a valid UTF-8 sequence, or npos.
size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // ASCII runs, sixteen bytes at a time (two words tested as one), then eight.
    while (i + 16 <= n) {
      std::array<uint64_t, 2> words{};
      std::memcpy(words.data(), s.data() + i, sizeof words);
      if (((words[0] | words[1]) & 0x8080808080808080ULL) != 0) {
        break;
      }
      i += 16;
    }
    while (i + 8 <= n) {
      uint64_t word = 0;
      std::memcpy(&word, s.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) {
        break;
      }
      i += 8;
    }
    if (i >= n) {
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t min = 0;
    if ((c & 0xE0U) == 0xC0U) {
      len = 2;
      min = 0x80;
    } else if ((c & 0xF0U) == 0xE0U) {
      len = 3;
      min = 0x800;
    } else if ((c & 0xF8U) == 0xF0U) {
      len = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) {
      return i;
    }
    uint32_t cp = c & (0x7FU >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0U) != 0x80U) {
        return i;
      }
      cp = (cp << 6U) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

void add_input_diagnostic(FileReport& report, uint32_t offset, std::string_view message,
                          std::string_view help) {
  Diagnostic& d = report.diagnostics.emplace_back();
  d.rule = kInvalidInputRule;
  d.severity = Severity::Error;
  d.span = {offset, offset + 1};
  d.message = report.texts.add(message);
  d.help = report.texts.add(help);
}

// resolve_positions(), then two corrections for what the reader sees. A BOM is
// blanked to three spaces (so byte offsets stay the file's) but is invisible
// in an editor: line 1's columns and caret line leave those spaces out. And the
// caret line's control characters become U+FFFD (one code point, like the byte
// it replaces, so the caret stays aligned): a binary or hostile file must not
// send NUL bytes or escape sequences to the user's terminal.
void resolve_for_display(std::string_view text, bool bom, std::vector<Diagnostic>& diagnostics,
                         TextStore& texts) {
  resolve_positions(text, diagnostics, texts);
  const auto bom_width = static_cast<uint32_t>(kBom.size());
  // The excerpt scanned last (its line, first column and length, which fix its
  // bytes): findings in position order often share their caret line (several
  // rules on one statement), and it is scanned once.
  struct Scanned {
    uint32_t line = 0; // none yet: lines start at 1
    uint32_t column = 0;
    size_t size = 0;
    bool control = false;
  } scanned;
  for (Diagnostic& d : diagnostics) {
    if (bom && d.start.line == 1) {
      d.start.column = d.start.column > bom_width ? d.start.column - bom_width : 1;
      // The blanked BOM's spaces are one byte each: erase those in the excerpt.
      const uint32_t blanks = d.source_column <= bom_width ? bom_width - d.source_column + 1 : 0;
      d.source_line.remove_prefix(std::min<size_t>(blanks, d.source_line.size()));
      d.source_column = d.source_column > bom_width ? d.source_column - bom_width : 1;
      d.line_columns = d.line_columns > bom_width ? d.line_columns - bom_width : 0;
    }
    if (bom && d.end.line == 1) {
      d.end.column = d.end.column > bom_width ? d.end.column - bom_width : 1;
    }
    if (scanned.line != d.start.line || scanned.column != d.source_column ||
        scanned.size != d.source_line.size()) {
      scanned = {d.start.line, d.source_column, d.source_line.size(),
                 has_control_character(d.source_line)};
    }
    if (scanned.control) {
      std::string shown;
      shown.reserve(d.source_line.size());
      for (const char c : d.source_line) {
        shown +=
            is_control_character(c) ? std::string_view("\xEF\xBF\xBD") : std::string_view(&c, 1);
      }
      d.source_line = texts.add(shown);
    }
  }
}

const model::Node kNoNode = model::OtherStatement{};

// Whether `text` holds "rollsafe:", which every directive starts with. The scan
// looks for the colon and checks the word before it: a colon is rare in SQL
// (casts, psql variables), while find("rollsafe:") would restart memchr() at
// every 'r', about every 30 bytes of text.
bool has_directive_mark(std::string_view text) {
  constexpr std::string_view kWord = "rollsafe";
  for (size_t colon = text.find(':', kWord.size()); colon != std::string_view::npos;
       colon = text.find(':', colon + 1)) {
    if (text.substr(colon - kWord.size(), kWord.size()) == kWord) {
      return true;
    }
  }
  return false;
}

// Files with more statements than this reserve room for their findings.
constexpr size_t kReserveFindingsFrom = 8;

// About one statement per this many bytes of migration text (the generated and
// the real corpora average 170): what a file's lists are sized by before its
// statements are known.
constexpr size_t kBytesPerStatement = 128;

class RuleSink final : public StatementSink {
public:
  RuleSink(const std::array<std::vector<Handler>, std::variant_size_v<model::Node>>& table,
           const std::vector<Handler>& statement_handlers, Context& ctx, model::Catalog& catalog,
           FileReport& report, Suppressions& suppressions, bool replay = true)
      : table_(table), statement_handlers_(statement_handlers), ctx_(ctx), catalog_(catalog),
        report_(report), suppressions_(suppressions), replay_(replay) {}

  // The server named in syntax errors' help.
  std::string_view server = "PostgreSQL";

  void statement(model::Statement&& statement) override {
    ++report_.statements;
    suppressions_.bind(statement.span);
    ctx_.begin_statement();
    for (const Handler& h : statement_handlers_) {
      ctx_.set_current(h.rule, &statement, nullptr);
      h.call(h.target, statement.items.empty() ? kNoNode : statement.items.front().node, ctx_);
    }
    for (const model::Item& item : statement.items) {
      for (const Handler& h : table_[item.node.index()]) {
        ctx_.set_current(h.rule, &statement, &item);
        h.call(h.target, item.node, ctx_);
      }
      track_session(item.node);
      if (replay_) {
        catalog_.apply(item.node);
      }
    }
  }

  void syntax_error(model::Span span, std::string message) override {
    ++report_.statements;
    Diagnostic d;
    d.rule = kSyntaxErrorRule;
    d.severity = Severity::Error;
    d.span = span;
    d.message = report_.texts.add(message);
    d.help = report_.texts.add(concat("fix the statement so ", server,
                                      " accepts it; rollsafe checks the rest of the file"));
    report_.diagnostics.push_back(d);
  }

private:
  // BEGIN/COMMIT and lock_timeout, as PostgreSQL applies them: SET LOCAL only
  // inside a transaction block and only until it ends; '0' means no timeout.
  void track_session(const model::Node& node) {
    if (const auto* tx = std::get_if<model::Transaction>(&node)) {
      if (tx->kind == model::TransactionKind::Begin) {
        ctx_.set_in_transaction_block(true);
      } else if (tx->kind == model::TransactionKind::Commit ||
                 tx->kind == model::TransactionKind::Rollback) {
        ctx_.set_in_transaction_block(false);
        local_lock_timeout_.reset();
      }
    } else if (const auto* set = std::get_if<model::SetVariable>(&node)) {
      // MySQL's metadata lock wait is lock_wait_timeout (seconds; SET LOCAL is
      // SESSION there, and GLOBAL does not change this session).
      const bool mysql = ctx_.dialect() == Dialect::MySQL;
      if (mysql ? is_mysql_lock_wait_timeout(set->name) : set->name == "lock_timeout") {
        const bool on = !set->reset && !is_zero_duration(set->value);
        if (!set->local || mysql) {
          session_lock_timeout_ = on;
        } else if (ctx_.in_transaction()) {
          local_lock_timeout_ = on;
        }
      }
    } else {
      return;
    }
    ctx_.set_lock_timeout(local_lock_timeout_.value_or(session_lock_timeout_));
  }

  // lock_wait_timeout, @@lock_wait_timeout, @@session.lock_wait_timeout, any case.
  static bool is_mysql_lock_wait_timeout(std::string_view name) {
    constexpr std::string_view kName = "lock_wait_timeout";
    for (const std::string_view prefix : {"@@session.", "@@local.", "session.", "@@"}) {
      if (name.size() == prefix.size() + kName.size() &&
          std::equal(prefix.begin(), prefix.end(), name.begin(), [](char a, char b) {
            return a == std::tolower(static_cast<unsigned char>(b));
          })) {
        name.remove_prefix(prefix.size());
        break;
      }
    }
    return name.size() == kName.size() &&
           std::equal(kName.begin(), kName.end(), name.begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  }

  static bool is_zero_duration(std::string_view value) {
    const size_t digits = value.find_first_not_of("0123456789. ");
    const std::string_view number = value.substr(0, digits);
    return number.find_first_not_of("0. ") == std::string_view::npos;
  }

  bool session_lock_timeout_ = false;
  std::optional<bool> local_lock_timeout_;
  const std::array<std::vector<Handler>, std::variant_size_v<model::Node>>& table_;
  const std::vector<Handler>& statement_handlers_;
  Context& ctx_;
  model::Catalog& catalog_;
  FileReport& report_;
  Suppressions& suppressions_;
  bool replay_;
};

} // namespace

Linter::Linter(Dialect dialect) : dialect_(dialect) {
  frontend_ = dialect == Dialect::MySQL ? make_mysql_frontend() : make_postgres_frontend();
  const Registry& registry = Registry::instance();
  for (size_t node = 0; node < std::variant_size_v<model::Node>; ++node) {
    for (const Handler& h : registry.handlers(node)) {
      const RuleInfo& info = h.rule->info();
      if (!info.dialects.contains(dialect)) {
        continue;
      }
      for (const Phase p : {Phase::Expand, Phase::Migrate, Phase::Contract}) {
        if (info.phases.contains(p)) {
          by_phase_[static_cast<size_t>(p)][node].push_back(h);
        }
      }
      if (info.down_files) {
        by_phase_[kDownTables][node].push_back(h);
      }
    }
  }
  const auto by_phase = [&](std::span<const Handler> handlers,
                            std::array<std::vector<Handler>, 4>& out) {
    for (const Handler& h : handlers) {
      const RuleInfo& info = h.rule->info();
      if (!info.dialects.contains(dialect)) {
        continue;
      }
      for (const Phase p : {Phase::Expand, Phase::Migrate, Phase::Contract}) {
        if (info.phases.contains(p)) {
          out[static_cast<size_t>(p)].push_back(h);
        }
      }
      if (info.down_files) {
        out[kDownTables].push_back(h);
      }
    }
  };
  by_phase(registry.statement_handlers(), statement_by_phase_);
  by_phase(registry.file_end_handlers(), file_end_by_phase_);
}

namespace {

// Keeps what the frontend produces for check() to judge later.
class CollectSink final : public StatementSink {
public:
  explicit CollectSink(std::vector<PreparedFile::Event>& out) : out_(out) {}
  void statement(model::Statement&& statement) override {
    out_.emplace_back().statement = std::move(statement); // one move, not two
  }
  void syntax_error(model::Span span, std::string message) override {
    out_.push_back({{}, true, span, std::move(message)});
  }

private:
  std::vector<PreparedFile::Event>& out_;
};

} // namespace

FileReport Linter::lint(const std::string& path, std::string text, model::Catalog& catalog,
                        const FileSettings& settings) {
  return check(prepare(path, std::move(text), settings), catalog, settings);
}

PreparedFile Linter::prepare(const std::string& path, std::string text,
                             const FileSettings& settings, Defer defer,
                             const model::FileInfo* info) {
  PreparedFile file;
  prepare_into(file, path, std::move(text), settings, defer, info);
  return file;
}

void Linter::prepare_into(PreparedFile& file, const std::string& path, std::string text,
                          const FileSettings& settings, Defer defer, const model::FileInfo* info) {
  const LintOptions& options = settings.options;
  FileReport& report = file.report;
  report.path = path;
  report.dialect = options.mariadb ? std::string("mariadb") : std::string(to_string(dialect_));

  // A BOM is not SQL: blank it out so offsets stay those of the file.
  file.bom = text.starts_with(kBom);
  if (file.bom) {
    text.replace(0, kBom.size(), kBom.size(), ' ');
  }
  const size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    add_input_diagnostic(report, static_cast<uint32_t>(nul),
                         "the file contains a NUL byte at byte offset " + std::to_string(nul) +
                             ": it is binary or not text, so it was not linted",
                         "lint only SQL text files; check the file's encoding (UTF-16 files must "
                         "be converted to UTF-8)");
    report.phase_source = "not determined";
    file.stop = true;
    file.text = std::move(text);
    return;
  }
  const size_t bad = first_invalid_utf8(text);
  if (bad != std::string::npos) {
    add_input_diagnostic(report, static_cast<uint32_t>(bad),
                         "invalid UTF-8 at byte offset " + std::to_string(bad) +
                             "; the rest of the file is linted as it is",
                         "save the file as UTF-8");
  }

  // Directives: phase, suppressions. Only a file that mentions rollsafe can
  // hold one, so most files skip the comment scan.
  std::vector<Directive>& directives = file.directives;
  if (has_directive_mark(text)) {
    for (const Comment& c : frontend_->comments(text)) {
      if (auto d = parse_directive(c.text, c.span)) {
        if (d->kind == Directive::Kind::Phase && !c.leading) {
          d = Directive{Directive::Kind::Invalid,
                        c.span,
                        Phase::Expand,
                        {},
                        std::nullopt,
                        "a phase directive must come before the first statement"};
        }
        directives.push_back(std::move(*d));
      }
    }
  }

  // Phase: --phase, else a leading directive, else the path, else the
  // configuration's [phases] or default-phase, else expand.
  PhaseDecision phase{Phase::Expand, "no phase directive or phase in the path; expand is the "
                                     "strictest default"};
  const auto directive = std::find_if(directives.begin(), directives.end(), [](const Directive& d) {
    return d.kind == Directive::Kind::Phase;
  });
  if (options.phase) {
    phase = {*options.phase, "--phase"};
  } else if (directive != directives.end()) {
    phase = {directive->phase,
             "directive on line " +
                 std::to_string(LineIndex(text).position(directive->span.begin).line)};
  } else if (auto p = info != nullptr && info->layout_phase_known && !info->layout_phase
                          ? std::nullopt
                          : phase_from_path(path)) {
    phase = *p;
  } else if (settings.mapped_phase) {
    phase = {*settings.mapped_phase, settings.mapped_phase_source};
  }
  report.phase = phase.phase;
  report.phase_source = std::move(phase.source);

  if (defer == Defer::All || (defer == Defer::Large && text.size() > kStreamBytes)) {
    file.deferred = true;
    file.text = std::move(text);
    return;
  }
  frontend_->set_target({options.mysql_version, options.mariadb});
  // Growing the vector would move every event again. Files here are under
  // kStreamBytes, so this stays small.
  file.events.reserve(text.size() / kBytesPerStatement + 1);
  CollectSink sink(file.events);
  frontend_->parse(text, sink);
  file.text = std::move(text);
}

namespace {
// Replays a deferred file's statements into the catalog as they are parsed.
class ReplaySink final : public StatementSink {
public:
  explicit ReplaySink(model::Catalog& catalog) : catalog_(catalog) {}
  void statement(model::Statement&& statement) override {
    for (const model::Item& item : statement.items) {
      catalog_.apply(item.node);
    }
  }
  void syntax_error(model::Span /*span*/, std::string /*message*/) override {}

private:
  model::Catalog& catalog_;
};
} // namespace

void Linter::replay(PreparedFile&& file, model::Catalog& catalog, const model::FileInfo& info) {
  if (file.stop) {
    return;
  }
  catalog.enter(info.release, file.report.phase);
  if (file.deferred) {
    ReplaySink sink(catalog);
    frontend_->parse(file.text, sink);
    return;
  }
  for (const PreparedFile::Event& e : file.events) {
    for (const model::Item& item : e.statement.items) {
      catalog.apply(item.node);
    }
  }
}

FileReport Linter::check(PreparedFile&& file, model::Catalog& catalog, const FileSettings& settings,
                         const model::FileInfo* info, RunShared* run) {
  FileReport report = std::move(file.report);
  if (file.stop) {
    resolve_for_display(file.text, file.bom, report.diagnostics, report.texts);
    return report;
  }
  // Room for one finding per statement (the generated corpus has 0.8), so that
  // the list does not move every finding at each doubling into fresh memory; a
  // small file, which may have none, allocates nothing ahead. A deferred file's
  // statements are not lowered yet: they are estimated from its size (at most
  // kStreamBytes of it, so a huge file does not reserve room it may not need).
  const size_t statements = file.deferred
                                ? std::min(file.text.size(), kStreamBytes) / kBytesPerStatement
                                : file.events.size();
  if (statements > kReserveFindingsFrom) {
    report.diagnostics.reserve(report.diagnostics.size() + statements);
  }
  if (info != nullptr) {
    catalog.enter(info->release, report.phase);
  } else {
    catalog.enter_phase(report.phase);
  }
  Context ctx(settings.options, report.phase, catalog, report, &settings.levels);
  ctx.set_file(info);
  ctx.set_run(run);
  // A down migration undoes: only the rules made for down files judge it, and
  // the catalog does not keep what it does.
  const bool down = info != nullptr && info->role == model::FileRole::Down;
  const size_t phase_index = down ? kDownTables : static_cast<size_t>(report.phase);
  Suppressions suppressions(std::move(file.directives));
  RuleSink sink(by_phase_[phase_index], statement_by_phase_[phase_index], ctx, catalog, report,
                suppressions, !down);
  if (dialect_ == Dialect::MySQL) {
    sink.server = settings.options.mariadb ? "MariaDB" : "MySQL";
  }
  if (file.deferred) {
    // Streamed: each statement is lowered, judged and dropped before the next.
    frontend_->set_target({settings.options.mysql_version, settings.options.mariadb});
    frontend_->parse(file.text, sink);
  }
  for (PreparedFile::Event& e : file.events) {
    if (e.syntax_error) {
      sink.syntax_error(e.span, std::move(e.message));
    } else {
      sink.statement(std::move(e.statement));
    }
  }
  file.events.clear();
  const model::Node none = model::OtherStatement{};
  ctx.begin_statement(); // no statement's memo() values at the file's end
  for (const Handler& h : file_end_by_phase_[phase_index]) {
    ctx.set_current(h.rule, nullptr, nullptr);
    h.call(h.target, none, ctx);
  }

  suppressions.apply(report, settings);

  sort_by_position(report.diagnostics);
  sort_by_position(report.suppressed);
  resolve_for_display(file.text, file.bom, report.diagnostics, report.texts);
  resolve_for_display(file.text, file.bom, report.suppressed, report.texts);
  return report;
}

} // namespace rollsafe

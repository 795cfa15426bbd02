// Lints one file: checks the input, decides its phase, parses it with the
// dialect's frontend and runs the rules over each statement as it is lowered.
// One Linter per thread: it owns a frontend and the per-phase handler tables,
// built once and reused for every file.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/context.h"
#include "engine/directives.h"
#include "engine/options.h"
#include "engine/registry.h"
#include "frontend/frontend.h"
#include "model/catalog.h"
#include "model/file_info.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace rollsafe {

// The rule id reserved for input that is not SQL text (NUL bytes, bad UTF-8).
inline constexpr std::string_view kInvalidInputRule = "invalid-input";

// A file checked, parsed and lowered, but not yet judged: what a history run
// prepares in parallel and then replays and judges in order (see run.cpp).
struct PreparedFile {
  struct Event {
    model::Statement statement;
    bool syntax_error = false;
    model::Span span; // syntax errors: where
    std::string message;
  };
  std::string text;
  bool bom = false;
  bool stop = false; // not SQL text (a NUL byte): nothing to parse
  FileReport report; // path, dialect, phase and the input checks' findings so far
  std::vector<Directive> directives;
  std::vector<Event> events; // statements and syntax errors, in source order
  // Parsed only when judged or replayed, statement by statement (Defer): a file
  // too big to hold lowered, so memory stays bounded by the text, not its model;
  // or every file when one thread does all the work.
  bool deferred = false;
};

// Files larger than this are not parsed ahead of their turn (PreparedFile::deferred).
inline constexpr size_t kStreamBytes = size_t{1} << 20;

// Which files prepare() leaves unparsed for check() and replay().
enum class Defer : uint8_t {
  Never,
  Large, // files over kStreamBytes
  // Every file: with one thread, lowering a whole file ahead of judging it gains
  // nothing, and judging each statement as soon as it is lowered finds its model
  // still in cache (docs/performance.md: 14 % fewer last-level cache misses).
  All,
};

class Linter {
public:
  explicit Linter(Dialect dialect);

  // `text` is consumed (the buffer is released when the call returns); `catalog`
  // carries what earlier files of the same release created.
  FileReport lint(const std::string& path, std::string text, model::Catalog& catalog,
                  const FileSettings& settings);

  // lint() in two steps. prepare() needs only this Linter (one per thread);
  // check() runs the rules and replays the statements into `catalog`, so it runs
  // file after file in order. With `info`, the catalog's "new" is scoped to
  // info->release and the file's phase (Catalog::enter); rules see `info`.
  // `defer`: which files are left unparsed for check()/replay().
  // `info`, if given, is the file's (its layout_phase saves a look at the path).
  PreparedFile prepare(const std::string& path, std::string text, const FileSettings& settings,
                       Defer defer = Defer::Large, const model::FileInfo* info = nullptr);
  // prepare() into `file`, a PreparedFile as constructed: a run prepares each
  // file in the slot it is judged from, where moving a returned one in and
  // destroying its husk cost about 250 instructions per file.
  void prepare_into(PreparedFile& file, const std::string& path, std::string text,
                    const FileSettings& settings, Defer defer,
                    const model::FileInfo* info = nullptr);
  FileReport check(PreparedFile&& file, model::Catalog& catalog, const FileSettings& settings,
                   const model::FileInfo* info = nullptr, RunShared* run = nullptr);
  // A file before the boundary: its statements change the catalog; no rule runs.
  void replay(PreparedFile&& file, model::Catalog& catalog, const model::FileInfo& info);

private:
  using Table = std::array<std::vector<Handler>, std::variant_size_v<model::Node>>;
  Dialect dialect_;
  std::unique_ptr<Frontend> frontend_;
  // Handlers enabled in each phase; index kDownTables: for down migrations, the
  // rules whose RuleInfo::down_files says they judge them.
  static constexpr size_t kDownTables = 3;
  std::array<Table, 4> by_phase_;
  std::array<std::vector<Handler>, 4> statement_by_phase_;
  std::array<std::vector<Handler>, 4> file_end_by_phase_;
};

} // namespace rollsafe

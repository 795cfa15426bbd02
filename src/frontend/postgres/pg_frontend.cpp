// The PostgreSQL frontend's driver: runs libpg_query's raw parser, recovers from
// syntax errors statement by statement, and hands each RawStmt to the lowering of
// its family.
#include "frontend/frontend.h"
#include "frontend/postgres/pg_arena.h"
#include "frontend/postgres/pg_nodes.h"
#include "frontend/postgres/pg_text.h"

#include <pg_query.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

// libpg_query exports its raw parser, but declares it in a header that needs
// PostgreSQL's internal headers; we declare the three entry points ourselves.
extern "C" {
struct PgQueryRawResult {
  List* tree;
  char* stderr_buffer;
  PgQueryError* error;
};
PgQueryRawResult pg_query_raw_parse(const char* input);
void pg_query_free_error(PgQueryError* error);
}

namespace rollsafe::pg {

namespace {

// Files up to this size are parsed in one call; larger ones statement batch by
// statement batch, so memory stays bounded by the batch, not the file.
constexpr size_t kWholeFileLimit = size_t{4} << 20;
constexpr size_t kBatchBytes = size_t{1} << 20;

// Owns one raw parse: its tree lives in `arena` until destruction.
class RawParse {
public:
  RawParse(const char* sql, ParseArena& arena) : arena_(arena), result_(parse(sql, arena)) {}
  ~RawParse() {
    if (result_.error != nullptr) {
      pg_query_free_error(result_.error);
    }
    free(result_.stderr_buffer); // NOLINT(cppcoreguidelines-no-malloc): libpg_query malloc()s it
    arena_.leave();
  }
  RawParse(const RawParse&) = delete;
  RawParse& operator=(const RawParse&) = delete;
  RawParse(RawParse&&) = delete;
  RawParse& operator=(RawParse&&) = delete;

  [[nodiscard]] const PgQueryError* error() const { return result_.error; }
  [[nodiscard]] const List* tree() const { return result_.tree; }

private:
  static PgQueryRawResult parse(const char* sql, ParseArena& arena) {
    arena.enter();
    return pg_query_raw_parse(sql);
  }
  ParseArena& arena_;
  PgQueryRawResult result_;
};

std::string_view statement_kind(const Node* stmt);

// libpg_query reports error positions as 1-based character (not byte) indexes.
uint32_t byte_offset_of_char(std::string_view text, int cursorpos) {
  if (cursorpos <= 1) {
    return 0;
  }
  int chars = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      if (chars == cursorpos - 1) {
        return i;
      }
      ++chars;
    }
  }
  return static_cast<uint32_t>(text.size());
}

// PostgreSQL quotes the token it stopped at ("... at or near \"TOKEN\""); for an
// unterminated quote or comment that token is the whole rest of the file. Keep
// its first line, at most 40 code points, so the message stays one short line.
std::string shorten_quoted_token(std::string message) {
  constexpr std::string_view kNear = " at or near \"";
  constexpr size_t kMaxCodePoints = 40;
  const size_t near = message.find(kNear);
  if (near == std::string::npos || !message.ends_with('"')) {
    return message;
  }
  const size_t begin = near + kNear.size();
  const std::string_view token(message.data() + begin, message.size() - 1 - begin);
  const size_t line_end = token.find_first_of("\r\n");
  size_t i = 0;
  for (size_t code_points = 0; i < token.size() && i < line_end && code_points < kMaxCodePoints;
       ++code_points) {
    ++i;
    while (i < token.size() && (static_cast<unsigned char>(token[i]) & 0xC0U) == 0x80U) {
      ++i;
    }
  }
  if (i < token.size()) {
    message.resize(begin + i);
    message += "...\"";
  }
  return message;
}

std::string syntax_message(const PgQueryError* error) {
  std::string message =
      shorten_quoted_token(error->message != nullptr ? error->message : "syntax error");
  if (message.starts_with("memory exhausted")) {
    // Bison's parser stack overflowed: brackets, sub-selects or unary operators
    // nested past its 10,000 levels.
    return message + " (the statement nests deeper than PostgreSQL's parser allows)";
  }
  message += " (rollsafe parses with PostgreSQL 15's grammar; syntax added in later versions is "
             "not recognised)";
  return message;
}

class PostgresFrontend final : public Frontend {
public:
  std::vector<Comment> comments(const std::string& text) override;
  void parse(const std::string& text, StatementSink& sink) override;

private:
  // Parses text[begin, end) as one unit; returns false (emitting nothing) if it
  // does not parse.
  bool parse_unit(const std::string& text, uint32_t begin, uint32_t end, StatementSink& sink);
  void emit_error(const std::string& text, uint32_t begin, uint32_t end, const PgQueryError* error,
                  StatementSink& sink);
  void parse_split(const std::string& text, StatementSink& sink);
  std::string buffer_;
  std::vector<model::Span> spans_; // LowerCtx::spans
  ParseArena arena_;               // every parse's memory
};

// The parser allocates a statement's nodes one after another from its arena's
// block and the statement's RawStmt last, so a statement's tree lies between
// the RawStmt before it and its own (on the generated corpus 90 % of them
// within 4 KiB, none backwards). The whole file is parsed before the first
// statement is lowered, and the lowering, rules and catalog of the statements
// before evict the tree from the caches: the lowering's loads of the tree
// missed (perf: its hottest instructions are the first loads of a node).
// Fetches the tree of `next` (the range after `before`); a range that is not
// small and forward (the tree spilled into another block) is left alone.
void prefetch_statement(const RawStmt* before, const RawStmt* next) {
  constexpr std::uintptr_t kLine = 64;
  constexpr std::uintptr_t kMaxBytes = std::uintptr_t{16} << 10U;
  // As addresses: the two nodes are separate objects, whose pointers C++ does
  // not subtract.
  const auto from = reinterpret_cast<std::uintptr_t>(before);
  const auto to = reinterpret_cast<std::uintptr_t>(next) + sizeof(RawStmt);
  if (to <= from || to - from > kMaxBytes) {
    return;
  }
  const auto* first = reinterpret_cast<const char*>(before);
  for (std::uintptr_t at = 0; at < to - from; at += kLine) {
    __builtin_prefetch(first + at);
  }
}

void lower(const RawStmt* raw, const LowerCtx& ctx, StatementSink& sink) {
  model::Statement out;
  out.span = ctx.statement;
  out.kind = statement_kind(raw->stmt);
  const Node* stmt = raw->stmt;
  if (!lower_table_statement(stmt, ctx, out) && !lower_index_statement(stmt, ctx, out) &&
      !lower_drop_statement(stmt, ctx, out) && !lower_data_statement(stmt, ctx, out) &&
      !lower_session_statement(stmt, ctx, out) && !lower_object_statement(stmt, ctx, out)) {
    lower_other_statement(stmt, ctx, out);
  }
  sink.statement(std::move(out));
}

bool PostgresFrontend::parse_unit(const std::string& text, uint32_t begin, uint32_t end,
                                  StatementSink& sink) {
  const char* sql = nullptr;
  if (begin == 0 && end == text.size()) {
    sql = text.c_str();
  } else {
    buffer_.assign(text, begin, end - begin);
    sql = buffer_.c_str();
  }
  const RawParse parse(sql, arena_);
  if (parse.error() != nullptr) {
    return false;
  }
  const List* tree = parse.tree();
  const int count = list_length(tree);
  for (int i = 0; i < count; ++i) {
    const auto* raw = static_cast<const RawStmt*>(list_nth(tree, i));
    // Two statements ahead: one statement's work is too short to hide the
    // fetch (the next statement's tree measured no faster).
    if (i + 2 < count) {
      prefetch_statement(static_cast<const RawStmt*>(list_nth(tree, i + 1)),
                         static_cast<const RawStmt*>(list_nth(tree, i + 2)));
    }
    const auto location = begin + static_cast<uint32_t>(std::max(raw->stmt_location, 0));
    const uint32_t stop =
        raw->stmt_len == 0 ? end : location + static_cast<uint32_t>(raw->stmt_len);
    const LowerCtx ctx{text, statement_span(text, location, stop), begin, spans_};
    try {
      lower(raw, ctx, sink);
    } catch (const ExpressionTooDeep& e) {
      // lower() hands the statement to the sink only once it is complete, so
      // nothing of this statement was emitted; report it where the limit was hit.
      sink.syntax_error(ctx.at(e.location), e.what());
    }
  }
  return true;
}

void PostgresFrontend::emit_error(const std::string& text, uint32_t begin, uint32_t end,
                                  const PgQueryError* error, StatementSink& sink) {
  const std::string_view unit(text.data() + begin, end - begin);
  const uint32_t at = begin + byte_offset_of_char(unit, error->cursorpos);
  const LowerCtx ctx{text, {begin, end}, 0, spans_};
  model::Span span =
      error->cursorpos > 0 ? ctx.word_at(static_cast<int>(at)) : statement_span(text, begin, end);
  sink.syntax_error(span, syntax_message(error));
}

void PostgresFrontend::parse(const std::string& text, StatementSink& sink) {
  const auto size = static_cast<uint32_t>(text.size());
  if (text.size() <= kWholeFileLimit && parse_unit(text, 0, size, sink)) {
    return;
  }
  parse_split(text, sink);
}

// The slow path: split the text into statements ourselves, then parse batches of
// statements, and statements one by one where a batch fails, so one bad
// statement costs only itself.
void PostgresFrontend::parse_split(const std::string& text, StatementSink& sink) {
  const std::vector<model::Span> units = split_statements(text);
  size_t i = 0;
  while (i < units.size()) {
    // A batch: consecutive statements up to kBatchBytes (at least one).
    size_t j = i + 1;
    while (j < units.size() && units[j].end - units[i].begin <= kBatchBytes) {
      ++j;
    }
    if (j - i > 1 && parse_unit(text, units[i].begin, units[j - 1].end, sink)) {
      i = j;
      continue;
    }
    for (; i < j; ++i) {
      const uint32_t b = units[i].begin;
      const uint32_t e = units[i].end;
      if (!parse_unit(text, b, e, sink)) {
        buffer_.assign(text, b, e - b);
        const RawParse again(buffer_.c_str(), arena_);
        if (again.error() != nullptr) {
          emit_error(text, b, e, again.error(), sink);
        }
      }
    }
  }
}

std::vector<Comment> PostgresFrontend::comments(const std::string& text) {
  // Our own scan: libpg_query's pg_query_scan tokenises the whole file into a
  // protobuf, which costs several times the parse itself (docs/performance.md).
  std::vector<Comment> out;
  const std::string_view view(text);
  for (const CommentSpan& c : collect_comments(view)) {
    out.push_back({c.span, view.substr(c.span.begin, c.span.end - c.span.begin), c.leading});
  }
  return out;
}

std::string_view statement_kind(const Node* stmt) {
  switch (nodeTag(stmt)) {
  case T_CreateStmt:
    return "CREATE TABLE";
  case T_AlterTableStmt:
    return "ALTER TABLE";
  case T_RenameStmt:
    return "ALTER ... RENAME";
  case T_IndexStmt:
    return "CREATE INDEX";
  case T_DropStmt:
    return "DROP";
  case T_TruncateStmt:
    return "TRUNCATE";
  case T_InsertStmt:
    return "INSERT";
  case T_UpdateStmt:
    return "UPDATE";
  case T_DeleteStmt:
    return "DELETE";
  case T_MergeStmt:
    return "MERGE";
  case T_SelectStmt:
    return "SELECT";
  case T_CopyStmt:
    return "COPY";
  case T_TransactionStmt:
    return "transaction control";
  case T_VariableSetStmt:
    return "SET";
  case T_ViewStmt:
    return "CREATE VIEW";
  case T_CreateTableAsStmt:
    return "CREATE TABLE AS";
  case T_CreateSeqStmt:
    return "CREATE SEQUENCE";
  case T_AlterSeqStmt:
    return "ALTER SEQUENCE";
  case T_CreateSchemaStmt:
    return "CREATE SCHEMA";
  case T_CreateTrigStmt:
    return "CREATE TRIGGER";
  case T_CreateFunctionStmt:
    return "CREATE FUNCTION";
  case T_CreateExtensionStmt:
    return "CREATE EXTENSION";
  case T_CreateEnumStmt:
  case T_CompositeTypeStmt:
  case T_CreateRangeStmt:
    return "CREATE TYPE";
  case T_CreateDomainStmt:
    return "CREATE DOMAIN";
  case T_AlterEnumStmt:
    return "ALTER TYPE";
  case T_VacuumStmt:
    return "VACUUM";
  case T_ClusterStmt:
    return "CLUSTER";
  case T_ReindexStmt:
    return "REINDEX";
  case T_RefreshMatViewStmt:
    return "REFRESH MATERIALIZED VIEW";
  case T_CommentStmt:
    return "COMMENT";
  case T_GrantStmt:
    return "GRANT";
  case T_GrantRoleStmt:
    return "GRANT ROLE";
  case T_DoStmt:
    return "DO";
  case T_LockStmt:
    return "LOCK";
  case T_CreatePolicyStmt:
    return "CREATE POLICY";
  case T_RuleStmt:
    return "CREATE RULE";
  case T_AlterOwnerStmt:
    return "ALTER ... OWNER";
  case T_AlterObjectSchemaStmt:
    return "ALTER ... SET SCHEMA";
  case T_CreateRoleStmt:
    return "CREATE ROLE";
  case T_AlterDomainStmt:
    return "ALTER DOMAIN";
  case T_AlterFunctionStmt:
    return "ALTER FUNCTION";
  case T_CallStmt:
    return "CALL";
  case T_ExplainStmt:
    return "EXPLAIN";
  case T_VariableShowStmt:
    return "SHOW";
  case T_CreateStatsStmt:
    return "CREATE STATISTICS";
  case T_AlterDefaultPrivilegesStmt:
    return "ALTER DEFAULT PRIVILEGES";
  default:
    return "statement";
  }
}

} // namespace

} // namespace rollsafe::pg

namespace rollsafe {
std::unique_ptr<Frontend> make_postgres_frontend() {
  return std::make_unique<pg::PostgresFrontend>();
}
} // namespace rollsafe

// Hostile input. In a pre-commit hook rollsafe must never crash, hang, or pass a
// file it could not read. Each case runs the real binary under a time limit, with
// its standard streams captured, and asserts the exact outcome: exit status, rule
// id or message, line:col. A case that ends in a signal or a timeout fails.
#include "cli/run_binary.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Peak resident memory allowed to one run. AddressSanitizer's shadow memory
// and quarantine roughly double what a plain build needs.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxRssKb = 1024L * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kMaxRssKb = 1024L * 1024;
#else
constexpr long kMaxRssKb = 400L * 1024;
#endif
#else
constexpr long kMaxRssKb = 400L * 1024;
#endif

constexpr uid_t kNobody = 65534;

struct RunOptions {
  enum class Stdin { DevNull, Closed, File };
  Stdin in = Stdin::DevNull;
  std::string stdin_file;
  bool close_stdout = false;
  bool unprivileged = false; // drop to nobody before exec, so permissions apply to root too
  std::string cwd;           // working directory (default: the test's)
  int timeout_seconds = 60;  // then SIGKILL: a hang fails the test instead of stalling CI

  RunOptions& timeout(int seconds) {
    timeout_seconds = seconds;
    return *this;
  }
  RunOptions& stdin_closed() {
    in = Stdin::Closed;
    return *this;
  }
  RunOptions& stdin_from(std::string path) {
    in = Stdin::File;
    stdin_file = std::move(path);
    return *this;
  }
  RunOptions& stdout_closed() {
    close_stdout = true;
    return *this;
  }
  RunOptions& as_nobody() {
    unprivileged = true;
    return *this;
  }
  RunOptions& in_dir(std::string dir) {
    cwd = std::move(dir);
    return *this;
  }
};

// What one run did. `status` is the exit status, or -1 when a signal (`signal`)
// or the time limit (`timed_out`) ended it.
struct BoundedRun : CliRun {
  int signal = 0;
  bool timed_out = false;
  long max_rss_kb = 0; // the child's peak resident set (wait4's rusage)
  double seconds = 0;
};

std::string describe(const BoundedRun& r) {
  return "status " + std::to_string(r.status) + ", signal " + std::to_string(r.signal) +
         (r.timed_out ? ", timed out" : "") + "\nstdout (first 2000 bytes):\n" +
         r.out.substr(0, 2000) + "\nstderr:\n" + r.err.substr(0, 2000);
}

// Runs the rollsafe binary with `args` (no shell in between), like run_rollsafe()
// in cli/run_binary.h but bounded in time, with control over the standard
// streams, and measuring the child's peak memory.
BoundedRun run_bounded(const std::vector<std::string>& args, const RunOptions& o = {}) {
  const ScratchDir io("hostile-io");
  const std::string out_path = (io / "out").string();
  const std::string err_path = (io / "err").string();
  const std::string in_path =
      o.in == RunOptions::Stdin::File ? o.stdin_file : std::string("/dev/null");
  std::vector<std::string> words{ROLLSAFE_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) {
    argv.push_back(w.data());
  }
  argv.push_back(nullptr);

  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child: async-signal-safe calls only, everything was prepared above.
    if (o.in == RunOptions::Stdin::Closed) {
      ::close(STDIN_FILENO);
    } else {
      const int fd = ::open(in_path.c_str(), O_RDONLY);
      if (fd < 0 || ::dup2(fd, STDIN_FILENO) < 0) {
        ::_exit(121);
      }
      ::close(fd);
    }
    if (o.close_stdout) {
      ::close(STDOUT_FILENO);
    } else {
      const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0) {
        ::_exit(122);
      }
      ::close(fd);
    }
    const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err_fd < 0 || ::dup2(err_fd, STDERR_FILENO) < 0) {
      ::_exit(123);
    }
    ::close(err_fd);
    if (!o.cwd.empty() && ::chdir(o.cwd.c_str()) != 0) {
      ::_exit(124);
    }
    if (o.unprivileged && ::geteuid() == 0 &&
        (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) {
      ::_exit(125);
    }
    ::execv(argv[0], argv.data());
    ::_exit(126);
  }

  BoundedRun r;
  if (pid < 0) {
    r.err = std::string("fork failed: ") + std::strerror(errno);
    return r;
  }
  int raw = 0;
  rusage usage{};
  const auto deadline = start + std::chrono::seconds(o.timeout_seconds);
  for (;;) {
    const pid_t done = ::wait4(pid, &raw, WNOHANG, &usage);
    if (done == pid) {
      break;
    }
    if (done < 0 && errno != EINTR) {
      r.err = std::string("wait4 failed: ") + std::strerror(errno);
      return r;
    }
    if (Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &raw, 0, &usage);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.max_rss_kb = usage.ru_maxrss;
  if (!r.timed_out && WIFEXITED(raw)) {
    r.status = WEXITSTATUS(raw);
  } else if (WIFSIGNALED(raw)) {
    r.signal = WTERMSIG(raw);
  }
  if (!o.close_stdout) {
    r.out = slurp(out_path);
  }
  r.err = slurp(err_path);
  return r;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

class Hostile : public ::testing::Test {
protected:
  void SetUp() override {
    // Open to all as create_directories() would make it (mkdtemp() gives 0700):
    // a run as nobody must be stopped by the permission a case takes away, not
    // before it by this folder.
    fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read |
                                     fs::perms::others_exec);
  }
  void TearDown() override {
    // Give back any permission a case took away, so everything can be removed.
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(
             dir_.path(), fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) {
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
      }
    }
  }
  std::string write(const std::string& name, std::string_view bytes) {
    return dir_.write(name, bytes).string();
  }
  // Runs `lint FILE` and checks that it completed on its own: no signal, no timeout.
  BoundedRun lint(const std::string& file, const RunOptions& o = {}) {
    BoundedRun r = run_bounded({"lint", "--color", "never", file}, o);
    expect_completed(r);
    return r;
  }
  static void expect_completed(const BoundedRun& r) {
    EXPECT_FALSE(r.timed_out) << describe(r);
    EXPECT_EQ(r.signal, 0) << describe(r);
    EXPECT_LT(r.max_rss_kb, kMaxRssKb) << "peak RSS " << r.max_rss_kb << " KB";
  }
  // No phase word (expand, migrate, contract) may appear in these paths.
  const ScratchDir dir_{"hostile"};
};

// A statement after the hostile part, to show the rest of the file is still linted.
constexpr std::string_view kUnsafeTail = "SET lock_timeout = '1s';\n"
                                         "ALTER TABLE users DROP COLUMN email;\n";

// --- Files that are not (quite) SQL text -----------------------------------------

TEST_F(Hostile, EmptyFileIsCleanWithNoStatements) {
  const auto f = write("empty.sql", "");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(r.out, "0 errors, 0 warnings in 1 file (0 statements)\n") << describe(r);
  EXPECT_EQ(r.err, "");
}

TEST_F(Hostile, OnlyCommentsIsCleanWithNoStatements) {
  const auto f = write("comments.sql", "-- a line comment\n/* a block /* nested */ comment */\n"
                                       "-- the last line has no newline");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 0) << describe(r);
  EXPECT_EQ(r.out, "0 errors, 0 warnings in 1 file (0 statements)\n") << describe(r);
  EXPECT_EQ(r.err, "");
}

TEST_F(Hostile, BinaryFileIsInvalidInputAndNoControlBytesReachTheTerminal) {
  // An ELF header: DEL, NUL at byte 7, then an escape sequence that would turn
  // the user's terminal red if it were echoed in the caret line.
  const std::string bytes("\x7f"
                          "ELF\x02\x01\x01\x00\x1b[31m\x00\x00\x03\x00>\x00",
                          19);
  const auto f = write("binary.sql", bytes);
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:8: error[invalid-input]: the file contains a NUL byte at "
                                  "byte offset 7: it is binary or not text, so it was not linted"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "1 error, 0 warnings in 1 file (0 statements)")) << describe(r);
  EXPECT_EQ(r.out.find('\0'), std::string::npos) << "a NUL byte was echoed";
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "an escape sequence was echoed";
  EXPECT_EQ(r.out.find('\x7f'), std::string::npos) << "a DEL byte was echoed";
}

TEST_F(Hostile, NulByteIsInvalidInputWithItsPosition) {
  const auto f = write("nul.sql", std::string("SELECT 1;\nSEL\0ECT 2;\n", 21));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:4: error[invalid-input]: the file contains a NUL byte at "
                                  "byte offset 13"))
      << describe(r);
  // The caret line shows U+FFFD where the NUL was, and the caret stays under it.
  EXPECT_TRUE(contains(r.out, " 2 | SEL\xEF\xBF\xBD"
                              "ECT 2;\n   |    ^\n"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "1 error, 0 warnings in 1 file (0 statements)")) << describe(r);
}

TEST_F(Hostile, InvalidUtf8IsReportedAtItsByteOffsetAndTheRestIsLinted) {
  // 0xC3 starts a two-byte sequence but a space follows; 0xFF is never valid.
  const auto f =
      write("latin1.sql", std::string("SELECT 1;\n-- caf\xC3 \xFF\n") + std::string(kUnsafeTail));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:7: error[invalid-input]: invalid UTF-8 at byte offset 16; "
                                  "the rest of the file is linted as it is"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (3 statements)")) << describe(r);
}

TEST_F(Hostile, ByteOrderMarkDoesNotShiftColumns) {
  const auto f = write("bom.sql", "\xEF\xBB\xBF"
                                  "ALTER TABLE users DROP COLUMN email;\n"
                                  "ALTER TABLE users DROP COLUMN name;\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:1: warning[lock-timeout-missing]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, " 1 | ALTER TABLE users DROP COLUMN email;\n"
                              "   |                   ^^^^^^^^^^^^^^^^^\n"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "2 errors, 1 warning in 1 file (2 statements)")) << describe(r);
}

TEST_F(Hostile, ByteOrderMarkBeforeASyntaxError) {
  const auto f = write("bom-syntax.sql", "\xEF\xBB\xBFSELECT 1 +;\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:11: error[syntax-error]: syntax error at end of input"))
      << describe(r);
}

TEST_F(Hostile, CrlfLineEndingsKeepLineNumbers) {
  const auto f = write("crlf.sql", "SET lock_timeout = '1s';\r\n\r\n"
                                   "ALTER TABLE users\r\n  DROP COLUMN email;\r\n"
                                   "SELECT (;\r\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:3: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":5:9: error[syntax-error]:")) << describe(r);
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << "a CR was echoed in a caret line";
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (3 statements)")) << describe(r);
}

TEST_F(Hostile, LoneCrLineEndingsKeepLineNumbers) {
  const auto f = write("cr.sql", "SET lock_timeout = '1s';\r\r"
                                 "ALTER TABLE users\r  DROP COLUMN email;\r"
                                 "SELECT (;\r");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:3: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":5:9: error[syntax-error]:")) << describe(r);
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << "a CR was echoed in a caret line";
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (3 statements)")) << describe(r);
}

TEST_F(Hostile, FileOverFourGigabytesIsRefusedWithoutReadingIt) {
  // Byte offsets are 32-bit; a sparse file costs no disk space.
  const fs::path p = dir_ / "huge.sql";
  std::ofstream(p).put(' ');
  fs::resize_file(p, (std::uintmax_t{5} << 30));
  const auto r = lint(p.string(), RunOptions().timeout(30));
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err, "rollsafe: cannot lint '" + p.string() +
                       "': it is larger than 4 GiB, the most rollsafe reads\n");
}

// --- Size and depth --------------------------------------------------------------

TEST_F(Hostile, HundredMegabyteFileStreamsInBoundedMemory) {
  // About 100 MB: a directive (so the comment scan covers the whole file), then
  // INSERTs of ~1 KB each, then one DDL statement that migrate forbids.
  const fs::path p = dir_ / "0001_bulk_load.sql";
  constexpr size_t kTarget = size_t{100} << 20;
  size_t inserts = 0;
  size_t lines = 1;
  {
    std::ofstream out(p, std::ios::binary);
    out << "-- rollsafe: phase=migrate\n";
    const std::string payload(960, 'x');
    std::string chunk;
    size_t written = 0;
    while (written < kTarget) {
      chunk.clear();
      for (int i = 0; i < 1000; ++i) {
        chunk += "INSERT INTO events (id, payload) VALUES (" + std::to_string(inserts++) + ", '" +
                 payload + "');\n";
      }
      lines += 1000;
      written += chunk.size();
      out << chunk;
    }
    out << "ALTER TABLE users DROP COLUMN email;\n";
    lines += 1;
  }
  const auto r = lint(p.string(), RunOptions().timeout(120));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(
      contains(r.out, p.string() + ":" + std::to_string(lines) + ":1: error[ddl-in-migrate]:"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "1 error, 1 warning in 1 file (" + std::to_string(inserts + 1) +
                                  " statements)"))
      << describe(r);
  std::cout << "100 MB file: " << r.seconds << " s, peak RSS " << r.max_rss_kb / 1024 << " MB\n";
}

TEST_F(Hostile, SingleTenMegabyteLine) {
  // One line, no line break anywhere: 10 MB of statements, the last one unsafe.
  std::string sql = "SET lock_timeout = '1s'; ";
  for (int i = 0; sql.size() < (size_t{10} << 20); ++i) {
    sql += "SELECT " + std::to_string(i) + "; ";
  }
  size_t selects = 0;
  for (size_t at = sql.find("SELECT"); at != std::string::npos; at = sql.find("SELECT", at + 1)) {
    ++selects;
  }
  const size_t column = sql.size() + std::string_view("ALTER TABLE users ").size() + 1;
  sql += "ALTER TABLE users DROP COLUMN email;";
  const auto f = write("one-line.sql", sql);
  const auto r = lint(f, RunOptions().timeout(60));
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:" + std::to_string(column) + ": error[drop-column]:"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "1 error, 0 warnings in 1 file (" + std::to_string(1 + selects + 1) +
                                  " statements)"))
      << describe(r);
}

TEST_F(Hostile, SingleTenMegabyteLineOfFindings) {
  // One line, no line break anywhere: 10 MB of INSERTs, each drawing a finding.
  // Each caret display shows a bounded excerpt of the line and columns are
  // counted in one pass, so this is linear, not one copy or scan of the line
  // per finding.
  const std::string_view insert = "INSERT INTO t VALUES (1); ";
  std::string sql;
  size_t inserts = 0;
  while (sql.size() < (size_t{10} << 20)) {
    sql += insert;
    ++inserts;
  }
  const size_t last_column = sql.size() - insert.size() + 1;
  const auto f = write("one-line-findings.sql", sql);
  const auto r = lint(f, RunOptions().timeout(60));
  EXPECT_EQ(r.status, 0) << describe(r); // warnings only
  EXPECT_TRUE(
      contains(r.out, f + ":1:" + std::to_string(last_column) + ": warning[dml-in-expand]:"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "\n0 errors, " + std::to_string(inserts) + " warnings in 1 file (" +
                                  std::to_string(inserts) + " statements)\n"))
      << describe(r);
}

// `prefix` + `count` operands joined by `op` (a left-deep tree: count - 1 levels).
std::string chain(std::string_view operand, std::string_view op, int count) {
  std::string out(operand);
  for (int i = 1; i < count; ++i) {
    out += op;
    out += operand;
  }
  return out;
}

// The column (1-based) of the `n`th (1-based) occurrence of `op` in `line`.
size_t column_of(const std::string& line, std::string_view op, size_t n) {
  size_t at = line.find(op);
  for (size_t i = 1; i < n; ++i) {
    at = line.find(op, at + op.size());
  }
  return at + 1;
}

// Expression walkers stop at 1,000 levels (kMaxExpressionDepth): the walk starts
// at depth 0 and refuses the first node at depth 1,001. Down a left-deep chain of
// `operators` operators whose last (outermost) one sits at depth `top`, that node
// is operator number operators - (1,001 - top), where the error points.
constexpr size_t kDepthLimit = 1000;
size_t refused_operator(size_t operators, size_t top) {
  return operators - (kDepthLimit + 1 - top);
}

TEST_F(Hostile, HundredThousandDeepDefaultIsASyntaxErrorNotAStackOverflow) {
  const std::string line =
      "ALTER TABLE t ADD COLUMN c int DEFAULT " + chain("1", " + ", 100000) + ";";
  const auto f = write("deep-default.sql", "SELECT 1;\n" + line + "\n" + std::string(kUnsafeTail));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  const size_t col = column_of(line, "+", refused_operator(99999, 0));
  EXPECT_TRUE(contains(r.out, f + ":2:" + std::to_string(col) +
                                  ": error[syntax-error]: expression nested more than 1000 "
                                  "levels deep: too deep for rollsafe to check"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (4 statements)")) << describe(r);
}

TEST_F(Hostile, HundredThousandCastsIsASyntaxErrorNotAStackOverflow) {
  const std::string line =
      "ALTER TABLE t ADD COLUMN c int DEFAULT 1" + chain("::int", "", 100000) + ";";
  const auto f = write("deep-cast.sql", "SELECT 1;\n" + line + "\n" + std::string(kUnsafeTail));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  // A TypeCast's location is its `::`.
  const size_t col = column_of(line, "::", refused_operator(100000, 0));
  EXPECT_TRUE(contains(r.out, f + ":2:" + std::to_string(col) +
                                  ": error[syntax-error]: expression nested more than 1000"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:19: error[drop-column]:")) << describe(r);
}

TEST_F(Hostile, HundredThousandDeepCheckAndIndexExpressions) {
  const std::string check =
      "ALTER TABLE t ADD CONSTRAINT c CHECK (" + chain("a", " + ", 100000) + " > 0) NOT VALID;";
  const std::string index =
      "CREATE INDEX CONCURRENTLY i ON t ((" + chain("a", " || ", 100000) + "));";
  const auto f = write("deep-check.sql", check + "\n" + index + "\n" + std::string(kUnsafeTail));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  // The CHECK's top is `>`: the chain starts one level down.
  EXPECT_TRUE(contains(
      r.out, f + ":1:" + std::to_string(column_of(check, "+", refused_operator(99999, 1))) +
                 ": error[syntax-error]: expression nested more than 1000"))
      << describe(r);
  EXPECT_TRUE(contains(
      r.out, f + ":2:" + std::to_string(column_of(index, "||", refused_operator(99999, 0))) +
                 ": error[syntax-error]: expression nested more than 1000"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "3 errors, 0 warnings in 1 file (4 statements)")) << describe(r);
}

TEST_F(Hostile, TenThousandNestedParenthesesIsAPositionedSyntaxError) {
  const std::string line =
      "SELECT " + std::string(10000, '(') + "1" + std::string(10000, ')') + ";";
  const auto f = write("parens.sql", "SELECT 1;\n" + line + "\n" + std::string(kUnsafeTail));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  // PostgreSQL's grammar (bison, YYMAXDEPTH 10,000 stack entries) gives up
  // inside the brackets, at the 9,997th one: column 7 + 9,997.
  EXPECT_TRUE(contains(r.out, f + ":2:10004: error[syntax-error]: memory exhausted at or near "
                                  "\"(\" (the statement nests deeper than PostgreSQL's parser "
                                  "allows)"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (4 statements)")) << describe(r);
}

TEST_F(Hostile, HundredThousandUnaryMinusesIsAPositionedSyntaxError) {
  std::string minuses;
  for (int i = 0; i < 100000; ++i) {
    minuses += "- ";
  }
  const auto f =
      write("minus.sql", "SELECT 1;\nSELECT " + minuses + "1;\n" + std::string(kUnsafeTail));
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:20000: error[syntax-error]: memory exhausted"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":4:19: error[drop-column]:")) << describe(r);
}

// --- Unterminated tokens ---------------------------------------------------------

TEST_F(Hostile, UnterminatedStringIsASyntaxErrorAfterTheEarlierStatements) {
  const auto f = write("string.sql", std::string(kUnsafeTail) + "SELECT 'abc;\nSELECT 2;\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  // The quoted token is the rest of the file: only its first line is shown.
  EXPECT_TRUE(contains(r.out, f + ":3:8: error[syntax-error]: unterminated quoted string at or "
                                  "near \"'abc;...\" (rollsafe"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (3 statements)")) << describe(r);
}

TEST_F(Hostile, UnterminatedQuotedIdentifierIsASyntaxError) {
  const auto f = write("ident.sql", std::string(kUnsafeTail) + "SELECT \"abc;\nSELECT 2;\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":3:8: error[syntax-error]: unterminated quoted identifier at "
                                  "or near \"\"abc;...\""))
      << describe(r);
}

TEST_F(Hostile, UnterminatedBlockCommentIsASyntaxError) {
  // Nothing but the comment follows the last `;`: it must not be dropped as trivia.
  const auto f = write("comment.sql",
                       std::string(kUnsafeTail) + "/* abc /* nested */ still open;\nSELECT 2;\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":3:1: error[syntax-error]: unterminated /* comment at or near "
                                  "\"/* abc /* nested */ still open;...\""))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "2 errors, 0 warnings in 1 file (3 statements)")) << describe(r);
}

TEST_F(Hostile, FileThatIsOnlyAnUnterminatedBlockCommentIsASyntaxError) {
  const auto f = write("only-comment.sql", "/* never closed");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:1: error[syntax-error]: unterminated /* comment"))
      << describe(r);
}

TEST_F(Hostile, UnterminatedDollarQuoteIsASyntaxError) {
  const auto f = write("dollar.sql", std::string(kUnsafeTail) +
                                         "DO $body$ BEGIN PERFORM 1; END $$;\nSELECT 2;\n");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":3:4: error[syntax-error]: unterminated dollar-quoted string "
                                  "at or near \"$body$ BEGIN PERFORM 1; END $$;...\""))
      << describe(r);
}

TEST_F(Hostile, StatementWithoutTrailingSemicolon) {
  const auto f =
      write("no-semicolon.sql", "SET lock_timeout = '1s';\n"
                                "ALTER TABLE users DROP COLUMN email -- no ; and no newline");
  const auto r = lint(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "1 error, 0 warnings in 1 file (2 statements)")) << describe(r);
}

// --- Paths and streams -----------------------------------------------------------

TEST_F(Hostile, PathThatDoesNotExist) {
  const std::string missing = (dir_ / "nope.sql").string();
  const auto r = lint(missing);
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "rollsafe: cannot read '" + missing + "': No such file or directory\n");
}

// Root reads whatever it likes, so as root these runs drop to `nobody` first; if
// that is impossible (no setuid, or nobody cannot run the binary), they skip.
bool could_not_drop_privileges(const BoundedRun& r) {
  return ::geteuid() == 0 && (r.status == 125 || r.status == 126);
}

TEST_F(Hostile, DirectoryWithoutReadPermission) {
  write("locked/0001_a.sql", "SELECT 1;\n");
  const fs::path locked = dir_ / "locked";
  fs::permissions(locked, fs::perms::none);
  const auto r = lint(locked.string(), RunOptions().as_nobody());
  if (could_not_drop_privileges(r)) {
    GTEST_SKIP() << "running as root, and running the binary as nobody failed (status " << r.status
                 << "): root bypasses permissions, so they cannot be tested";
  }
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err,
            "rollsafe: cannot read directory '" + locked.string() + "': Permission denied\n");
}

TEST_F(Hostile, FileWithoutReadPermission) {
  const auto f = write("0001_secret.sql", "SELECT 1;\n");
  fs::permissions(f, fs::perms::none);
  const auto r = lint(f, RunOptions().as_nobody());
  if (could_not_drop_privileges(r)) {
    GTEST_SKIP() << "running as root, and running the binary as nobody failed (status " << r.status
                 << "): root bypasses permissions, so they cannot be tested";
  }
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(contains(r.err, "rollsafe: cannot read '" + f + "': Permission denied\n"))
      << describe(r);
}

TEST_F(Hostile, SymlinkLoopGivenDirectly) {
  fs::create_symlink("b.sql", dir_ / "a.sql");
  fs::create_symlink("a.sql", dir_ / "b.sql");
  const std::string a = (dir_ / "a.sql").string();
  const auto r = lint(a);
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err, "rollsafe: cannot read '" + a + "': Too many levels of symbolic links\n");
}

TEST_F(Hostile, SymlinkLoopInsideADirectory) {
  fs::create_directories(dir_ / "tree");
  fs::create_symlink("b.sql", dir_ / "tree" / "a.sql");
  fs::create_symlink("a.sql", dir_ / "tree" / "b.sql");
  fs::create_directory_symlink("..", dir_ / "tree" / "up"); // a directory cycle, not followed
  const auto r = lint((dir_ / "tree").string());
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_TRUE(contains(r.err, "': Too many levels of symbolic links\n")) << describe(r);
}

TEST_F(Hostile, FifoGivenDirectlyIsRefusedNotWaitedOn) {
  const fs::path fifo = dir_ / "0001_pipe.sql";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0) << std::strerror(errno);
  const auto r = lint(fifo.string(), RunOptions().timeout(10));
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err,
            "rollsafe: cannot lint '" + fifo.string() + "': not a regular file or directory\n");
}

TEST_F(Hostile, FifoInsideADirectoryIsRefusedNotWaitedOn) {
  ASSERT_EQ(::mkfifo((dir_ / "0002_pipe.sql").c_str(), 0644), 0) << std::strerror(errno);
  write("0001_ok.sql", "SELECT 1;\n");
  const auto r = lint(dir_.path().string(), RunOptions().timeout(10));
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err, "rollsafe: cannot lint '" + (dir_ / "0002_pipe.sql").string() +
                       "': not a regular file\n");
}

TEST_F(Hostile, ClosedStandardInputIsAnErrorNotAnEmptyFile) {
  const auto r = run_bounded({"lint", "-"}, RunOptions().stdin_closed().timeout(10));
  expect_completed(r);
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err, "rollsafe: cannot read standard input: Bad file descriptor\n");
}

TEST_F(Hostile, DirectoryAsStandardInputIsAnError) {
  const auto r =
      run_bounded({"lint", "-"}, RunOptions().stdin_from(dir_.path().string()).timeout(10));
  expect_completed(r);
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err, "rollsafe: cannot read standard input: Is a directory\n");
}

TEST_F(Hostile, ClosedStandardOutputIsAnError) {
  const auto f = write("drop.sql", std::string(kUnsafeTail));
  const auto r = lint(f, RunOptions().stdout_closed().timeout(10));
  EXPECT_EQ(r.status, 2) << describe(r);
  EXPECT_EQ(r.err, "rollsafe: cannot write standard output\n");
}

TEST_F(Hostile, ThousandsOfFilesOnTheCommandLineAreAllReported) {
  constexpr int kFiles = 3000;
  std::vector<std::string> args{"lint", "--color", "never", "-q"};
  for (int i = 1; i <= kFiles; ++i) {
    const std::string name = "f" + std::to_string(i) + ".sql";
    write(name,
          "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN c" + std::to_string(i) + ";\n");
    args.push_back(name);
  }
  const auto r = run_bounded(args, RunOptions().in_dir(dir_.path().string()).timeout(120));
  expect_completed(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  // Every file, in command-line order.
  size_t at = 0;
  for (int i = 1; i <= kFiles; ++i) {
    const std::string finding = "f" + std::to_string(i) +
                                ".sql:2:19: error[drop-column]: "
                                "dropping column users.c" +
                                std::to_string(i) + " ";
    const size_t found = r.out.find(finding, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << finding;
    at = found + finding.size();
  }
  EXPECT_EQ(r.err, "");
}

// --- MySQL and MariaDB -----------------------------------------------------------
// The same hostile input through the MySQL frontend (the client's statement
// splitter, the ANTLR lexer and parser): a diagnostic, never a crash, a hang or a
// silently skipped statement.

// A statement after the hostile part, to show the rest of the file is still linted.
constexpr std::string_view kMySqlUnsafeTail = "ALTER TABLE users DROP COLUMN email;\n";
// The MySQL frontend reports brackets nested deeper than this instead of parsing
// them (its parser recurses once per level); expressions are otherwise kept as
// flat token runs, so operators chained any number of times need no recursion.
constexpr size_t kMySqlMaxBrackets = 1000;
constexpr std::string_view kMySqlTooDeep =
    "brackets nested deeper than 1000 levels; rollsafe does not parse this statement";

class HostileMySql : public Hostile {
protected:
  BoundedRun lint_mysql(const std::string& file, const RunOptions& o = {}) {
    BoundedRun r = run_bounded({"lint", "--color", "never", "--dialect", "mysql", file}, o);
    expect_completed(r);
    return r;
  }
  // kMySqlUnsafeTail on line 1, then `hostile` on line 2 (and a line after it):
  // the tail's finding, then `finding` at 2:`column`, two statements in all.
  void expect_tail_then(const std::string& name, const std::string& hostile, size_t column,
                        const std::string& finding) {
    const auto f = write(name, std::string(kMySqlUnsafeTail) + hostile + "\nSELECT 2;\n");
    const auto r = lint_mysql(f);
    EXPECT_EQ(r.status, 1) << describe(r);
    EXPECT_TRUE(contains(r.out, f + ":1:19: error[drop-column]:")) << describe(r);
    EXPECT_TRUE(contains(r.out, f + ":2:" + std::to_string(column) + ": " + finding))
        << describe(r);
    EXPECT_TRUE(contains(r.out, "in 1 file (2 statements)")) << describe(r);
  }
  // `line` on line 2 between two statements: `finding` at 2:`column`, and the
  // statement after it still linted.
  void expect_deep(const std::string& name, const std::string& line, size_t column,
                   const std::string& finding) {
    const auto f = write(name, "SELECT 1;\n" + line + "\n" + std::string(kMySqlUnsafeTail));
    const auto r = lint_mysql(f);
    EXPECT_EQ(r.status, 1) << describe(r);
    EXPECT_TRUE(contains(r.out, f + ":2:" + std::to_string(column) + ": " + finding))
        << describe(r);
    EXPECT_TRUE(contains(r.out, f + ":3:19: error[drop-column]:")) << describe(r);
    EXPECT_TRUE(contains(r.out, "in 1 file (3 statements)")) << describe(r);
  }
};

TEST_F(HostileMySql, TenThousandNestedParenthesesIsAPositionedSyntaxError) {
  const std::string select = "SELECT ";
  // The error points at the first bracket past the limit.
  expect_deep("parens.sql", select + std::string(10000, '(') + "1" + std::string(10000, ')') + ";",
              select.size() + kMySqlMaxBrackets + 1,
              "error[syntax-error]: " + std::string(kMySqlTooDeep));
}

TEST_F(HostileMySql, HundredThousandNestedParenthesesInADefaultIsAPositionedSyntaxError) {
  const std::string alter = "ALTER TABLE t ADD COLUMN c INT DEFAULT ";
  expect_deep(
      "deep-default.sql", alter + std::string(100000, '(') + "1" + std::string(100000, ')') + ";",
      alter.size() + kMySqlMaxBrackets + 1, "error[syntax-error]: " + std::string(kMySqlTooDeep));
}

TEST_F(HostileMySql, HundredThousandDeepExpressionIsLintedWithoutRecursion) {
  // A CHECK of 100,000 chained operators: parsed (no bracket nesting), and its
  // statement's findings reported like any other.
  expect_deep("deep-check.sql",
              "ALTER TABLE t ADD CONSTRAINT ck CHECK (" + chain("a", " + ", 100000) + " > 0);", 15,
              "error[add-check-constraint]: adding CHECK constraint ck to t");
}

TEST_F(HostileMySql, UnterminatedStringIsASyntaxErrorAfterTheEarlierStatements) {
  expect_tail_then("string.sql", "SELECT 'abc;", 8,
                   "error[syntax-error]: syntax error at or near \"'\"");
}

TEST_F(HostileMySql, UnterminatedStringInDdlIsASyntaxError) {
  expect_tail_then("string-ddl.sql", "ALTER TABLE users ADD COLUMN c VARCHAR(10) DEFAULT 'abc;", 52,
                   "error[syntax-error]: syntax error at or near \"'\"");
}

TEST_F(HostileMySql, UnterminatedBacktickIdentifierIsASyntaxError) {
  expect_tail_then("ident.sql", "SELECT `abc;", 8,
                   "error[syntax-error]: syntax error at or near \"`\"");
}

TEST_F(HostileMySql, UnterminatedBacktickIdentifierInDdlIsASyntaxError) {
  expect_tail_then("ident-ddl.sql", "ALTER TABLE `users ADD COLUMN c INT;", 13,
                   "error[syntax-error]: syntax error at or near \"`\"");
}

TEST_F(HostileMySql, UnterminatedBlockCommentIsASyntaxError) {
  // Nothing but the comment follows the last `;`: it must not be dropped as trivia.
  expect_tail_then("comment.sql", "/* abc still open;", 1,
                   "error[syntax-error]: syntax error at or near \"/\"");
}

TEST_F(HostileMySql, UnterminatedVersionCommentIsASyntaxError) {
  expect_tail_then("version-comment.sql", "/*!80013 ALTER TABLE users DROP COLUMN name;", 1,
                   "error[syntax-error]: syntax error at or near \"/\"");
}

TEST_F(HostileMySql, StatementWithoutTrailingSemicolon) {
  const auto f = write("no-semicolon.sql",
                       "SELECT 1;\nALTER TABLE users DROP COLUMN email -- no ; no newline");
  const auto r = lint_mysql(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "in 1 file (2 statements)")) << describe(r);
  EXPECT_FALSE(contains(r.out, "syntax-error")) << describe(r);
}

TEST_F(HostileMySql, InvalidUtf8IsReportedAtItsByteOffsetAndTheRestIsLinted) {
  const auto f = write("latin1.sql",
                       std::string("SELECT 1;\n# caf\xC3 \xFF\n") + std::string(kMySqlUnsafeTail));
  const auto r = lint_mysql(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:6: error[invalid-input]: invalid UTF-8 at byte offset 15; "
                                  "the rest of the file is linted as it is"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":3:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "in 1 file (2 statements)")) << describe(r);
}

TEST_F(HostileMySql, NulByteIsInvalidInputWithItsPosition) {
  const auto f = write("nul.sql", std::string("SELECT 1;\nSEL\0ECT 2;\n", 21));
  const auto r = lint_mysql(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":2:4: error[invalid-input]: the file contains a NUL byte at "
                                  "byte offset 13"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "1 error, 0 warnings in 1 file (0 statements)")) << describe(r);
}

TEST_F(HostileMySql, SingleTenMegabyteLine) {
  // One line, no line break anywhere: 10 MB of 1,000-row INSERTs (the migrate
  // phase, where they draw no finding: each finding keeps a copy of its caret
  // line), then one DDL statement that migrate forbids.
  std::string sql;
  size_t inserts = 0;
  while (sql.size() < (size_t{10} << 20)) {
    sql += "INSERT INTO t (a, b) VALUES ";
    for (int row = 0; row < 1000; ++row) {
      sql += (row == 0 ? "(" : ", (") + std::to_string(row) + ", 'x')";
    }
    sql += "; ";
    ++inserts;
  }
  const size_t column = sql.size() + 1;
  sql += "ALTER TABLE users DROP COLUMN email;";
  const auto f = write("one-line.sql", sql);
  // Generous: a Debug or sanitizer build on a busy machine parses it slowly.
  const auto r =
      run_bounded({"lint", "--color", "never", "--dialect", "mysql", "--phase", "migrate", f},
                  RunOptions().timeout(300));
  expect_completed(r);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":1:" + std::to_string(column) + ": error[ddl-in-migrate]:"))
      << describe(r);
  EXPECT_TRUE(contains(r.out, "in 1 file (" + std::to_string(inserts + 1) + " statements)"))
      << describe(r);
  EXPECT_FALSE(contains(r.out, "syntax-error")) << describe(r);
}

TEST_F(HostileMySql, DelimiterCommandsWithoutStatementsAreNotStatements) {
  // Delimiters changed back and forth with nothing in between, an empty
  // statement under `//`, and a file that ends right after a DELIMITER line: no
  // statement, no error.
  const auto f = write("delimiters.sql", "DELIMITER $$\nDELIMITER ;\nDELIMITER //\n//\n"
                                         "DELIMITER ;\n" +
                                             std::string(kMySqlUnsafeTail) + "DELIMITER $$\n");
  const auto r = lint_mysql(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":6:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "in 1 file (1 statement)")) << describe(r);
  EXPECT_FALSE(contains(r.out, "syntax-error")) << describe(r);
}

TEST_F(HostileMySql, DelimiterWithoutItsArgumentIsASyntaxError) {
  // The client refuses `DELIMITER` alone and keeps `;`; the word then starts a
  // statement the server rejects.
  const auto f = write("bare-delimiter.sql", "DELIMITER\n;\n" + std::string(kMySqlUnsafeTail));
  const auto r = lint_mysql(f);
  EXPECT_EQ(r.status, 1) << describe(r);
  EXPECT_TRUE(
      contains(r.out, f + ":1:1: error[syntax-error]: syntax error at or near \"DELIMITER\""))
      << describe(r);
  EXPECT_TRUE(contains(r.out, f + ":3:19: error[drop-column]:")) << describe(r);
  EXPECT_TRUE(contains(r.out, "in 1 file (2 statements)")) << describe(r);
}

// --- Inputs the fuzzers found ----------------------------------------------------

// scripts/fuzz.sh saves every crashing input under tests/fuzz-regressions/<target>/;
// each must now lint to a verdict (0 or 1), never a crash, hang or internal error:
// SQL inputs in the target's dialect, fuzz_config's inputs as the --config of a
// small migration (where a configuration error, status 2 with its reason, is the
// right verdict for a malformed file).
TEST_F(Hostile, FuzzRegressionsLintWithoutCrashing) {
  const fs::path root = fs::path(ROLLSAFE_SOURCE_DIR) / "tests" / "fuzz-regressions";
  if (!fs::is_directory(root)) {
    GTEST_SKIP() << root.string() << " does not exist";
  }
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") {
      continue;
    }
    ++files;
    const std::string target = entry.path().parent_path().filename().string();
    if (target == "fuzz_config") {
      const std::string config = write("regression.toml", slurp(entry.path()));
      const std::string sql = write("regression.sql", "ALTER TABLE users DROP COLUMN email;\n");
      const auto r = run_bounded({"lint", "--color", "never", "--config", config, sql},
                                 RunOptions().timeout(30));
      expect_completed(r);
      EXPECT_TRUE(r.status == 0 || r.status == 1 ||
                  (r.status == 2 && r.err.starts_with("rollsafe: " + config + ":")))
          << entry.path().string() << ": " << describe(r);
      continue;
    }
    // The input is copied to a .sql name in the scratch folder: a crasher's name
    // is a hash, and its path must not decide its phase.
    const std::string copy = write("regression.sql", slurp(entry.path()));
    std::vector<std::string> args{"lint", "--color", "never", copy};
    if (target == "fuzz_mysql_frontend" || target == "fuzz_mysql_lexer") {
      args.insert(args.begin() + 1, {"--dialect", "mysql"});
    }
    const auto r = run_bounded(args, RunOptions().timeout(30));
    expect_completed(r);
    EXPECT_TRUE(r.status == 0 || r.status == 1) << entry.path().string() << ": " << describe(r);
  }
  std::cout << files << " fuzz regression inputs replayed\n";
}

} // namespace
} // namespace rollsafe::test

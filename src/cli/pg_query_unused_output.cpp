// Keeps libpg_query's JSON and protobuf output out of the rollsafe executable.
//
// rollsafe parses with pg_query_raw_parse() and walks the raw tree itself
// (docs/performance.md, "Parse paths"). libpg_query's static archive defines
// that function in the same object file as pg_query_parse() and
// pg_query_parse_protobuf(), so linking it used to pull in their output code
// as well: the JSON writer, the protobuf writer and protobuf-c's descriptors
// of every node type. Those descriptors are 189 KB of pointers that the
// dynamic loader relocates at every start (7,800 of the executable's 20,900
// relocations), copying 46 pages of the executable that a lint never reads,
// and the binary was 1.2 MB larger.
//
// The linker takes an object file out of an archive only to define a symbol
// that is still undefined. Defining here the two functions through which
// pg_query_parse() and pg_query_parse_protobuf() reach that code, the linker
// has no reason to take it. rollsafe never calls either entry point; should a
// change ever call one, these definitions stop the process with a message that
// says why, and `unused_pg_output` in tests/cli fails first: it checks that the
// protobuf code stays out of the executable.
//
// Only the rollsafe executable is linked with this file, and only against the
// static archive (src/CMakeLists.txt): the tests and benchmarks use the real
// output functions.
#include <pg_query.h>

#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void unused(const char* function) {
  std::fprintf(stderr,
               "rollsafe: internal error: %s is not linked into this executable "
               "(src/cli/pg_query_unused_output.cpp)\n",
               function);
  std::abort();
}

} // namespace

// The signatures of libpg_query's internal headers (pg_query_json.h,
// pg_query_outfuncs.h), which the Debian package does not install.
extern "C" {
char* pg_query_nodes_to_json(const void* /*obj*/) {
  unused("pg_query_nodes_to_json");
}
PgQueryProtobuf pg_query_nodes_to_protobuf(const void* /*obj*/) {
  unused("pg_query_nodes_to_protobuf");
}
}

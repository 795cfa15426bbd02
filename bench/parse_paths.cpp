// Why rollsafe walks libpg_query's raw parse tree: the three ways of getting at the
// tree, timed on the same files.
//
//   (a) pg_query_raw_parse: the parser alone; the tree is PostgreSQL's own node
//       structs, read in place (what rollsafe does).
//   (b) pg_query_parse: the tree serialised to JSON, then read back with
//       simdjson's on-demand API, every value visited once (the least a consumer
//       of the JSON must do).
//   (c) pg_query_parse_protobuf: the tree serialised to protobuf, then unpacked
//       into protobuf-c structs with pg_query__parse_result__unpack.
//
//   parse_paths [--repeat N] PATHS...
//
// Single-threaded; files are read into memory first; the best of N passes is
// reported per path, with its split into parse+serialise and read-back.
#include "bench_common.h"

#include <pg_query/pg_query.pb-c.h>
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <iomanip>
#include <string_view>

namespace {

namespace od = simdjson::ondemand;

struct Timing {
  double total_ms = 0;
  double produce_ms = 0; // parse (+ serialise)
  double consume_ms = 0; // read back
  uint64_t checksum = 0; // keeps the work observable
  size_t errors = 0;
};

// Visits every value below `v`; returns a checksum of what it read.
uint64_t walk(od::value v) { // NOLINT(misc-no-recursion): the JSON tree is recursive
  od::json_type type{};
  if (v.type().get(type) != simdjson::SUCCESS) {
    return 0;
  }
  uint64_t sum = 1;
  switch (type) {
  case od::json_type::object: {
    od::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) {
      return 0;
    }
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key) == simdjson::SUCCESS) {
        sum += key.size();
      }
      od::value child;
      if (field.value().get(child) == simdjson::SUCCESS) {
        sum += walk(child);
      }
    }
    break;
  }
  case od::json_type::array: {
    od::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) {
      return 0;
    }
    for (auto element : arr) {
      od::value child;
      if (element.get(child) == simdjson::SUCCESS) {
        sum += walk(child);
      }
    }
    break;
  }
  case od::json_type::string: {
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) {
      sum += s.size();
    }
    break;
  }
  case od::json_type::number: {
    od::number n;
    if (v.get_number().get(n) == simdjson::SUCCESS) {
      sum += n.is_int64() ? static_cast<uint64_t>(n.get_int64()) : 1;
    }
    break;
  }
  case od::json_type::boolean: {
    bool b = false;
    if (v.get_bool().get(b) == simdjson::SUCCESS) {
      sum += b ? 1 : 0;
    }
    break;
  }
  case od::json_type::null:
    break;
  }
  return sum;
}

Timing run_raw(const std::vector<bench::SqlFile>& files) {
  Timing t;
  const auto start = bench::Clock::now();
  for (const auto& f : files) {
    if (!bench::raw_parse(f.text.c_str())) {
      ++t.errors;
    }
  }
  t.total_ms = t.produce_ms = bench::ms_since(start);
  return t;
}

Timing run_json(const std::vector<bench::SqlFile>& files) {
  Timing t;
  od::parser parser;
  const auto start = bench::Clock::now();
  for (const auto& f : files) {
    const auto t0 = bench::Clock::now();
    PgQueryParseResult result = pg_query_parse(f.text.c_str());
    const auto t1 = bench::Clock::now();
    if (result.error != nullptr) {
      ++t.errors;
    } else {
      // libpg_query's buffer has no padding, so simdjson needs a padded copy.
      const simdjson::padded_string json(std::string_view(result.parse_tree));
      od::document doc;
      od::value root;
      if (parser.iterate(json).get(doc) == simdjson::SUCCESS &&
          doc.get_value().get(root) == simdjson::SUCCESS) {
        t.checksum += walk(root);
      } else {
        ++t.errors;
      }
    }
    pg_query_free_parse_result(result);
    t.produce_ms += std::chrono::duration<double, std::milli>(t1 - t0).count();
  }
  t.total_ms = bench::ms_since(start);
  t.consume_ms = t.total_ms - t.produce_ms;
  return t;
}

Timing run_protobuf(const std::vector<bench::SqlFile>& files) {
  Timing t;
  const auto start = bench::Clock::now();
  for (const auto& f : files) {
    const auto t0 = bench::Clock::now();
    PgQueryProtobufParseResult result = pg_query_parse_protobuf(f.text.c_str());
    const auto t1 = bench::Clock::now();
    if (result.error != nullptr) {
      ++t.errors;
    } else {
      PgQuery__ParseResult* tree = pg_query__parse_result__unpack(
          nullptr, result.parse_tree.len, reinterpret_cast<const uint8_t*>(result.parse_tree.data));
      if (tree == nullptr) {
        ++t.errors;
      } else {
        t.checksum += tree->n_stmts;
        pg_query__parse_result__free_unpacked(tree, nullptr);
      }
    }
    pg_query_free_protobuf_parse_result(result);
    t.produce_ms += std::chrono::duration<double, std::milli>(t1 - t0).count();
  }
  t.total_ms = bench::ms_since(start);
  t.consume_ms = t.total_ms - t.produce_ms;
  return t;
}

template <typename Fn> Timing best_of(int repeat, Fn fn) {
  Timing best;
  for (int r = 0; r < repeat; ++r) {
    const Timing t = fn();
    if (r == 0 || t.total_ms < best.total_ms) {
      best = t;
    }
  }
  return best;
}

} // namespace

int main(int argc, char** argv) {
  int repeat = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg.starts_with("-")) {
      std::cerr << "usage: parse_paths [--repeat N] PATHS...\n";
      return 2;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::cerr << "usage: parse_paths [--repeat N] PATHS...\n";
    return 2;
  }
  const std::vector<bench::SqlFile> files = bench::read_sql_files(paths);
  const size_t bytes = bench::total_bytes(files);

  const Timing raw = best_of(repeat, [&] { return run_raw(files); });
  const Timing json = best_of(repeat, [&] { return run_json(files); });
  const Timing proto = best_of(repeat, [&] { return run_protobuf(files); });

  std::cout << std::fixed << std::setprecision(1) << "parse paths: " << files.size() << " files, "
            << bench::mib(bytes) << " MB, single-threaded, best of " << repeat << "\n\n";
  std::cout << "| path | total ms | parse+serialise ms | read-back ms | MB/s | vs (a) |\n"
            << "|---|---:|---:|---:|---:|---:|\n";
  const std::array<std::pair<const char*, const Timing*>, 3> rows{{
      {"(a) pg_query_raw_parse, tree read in place", &raw},
      {"(b) pg_query_parse (JSON) + simdjson on-demand walk", &json},
      {"(c) pg_query_parse_protobuf + protobuf-c unpack", &proto},
  }};
  for (const auto& [name, t] : rows) {
    std::cout << "| " << name << " | " << t->total_ms << " | " << t->produce_ms << " | "
              << t->consume_ms << " | " << bench::mib(bytes) / (t->total_ms / 1000.0) << " | "
              << std::setprecision(2) << t->total_ms / raw.total_ms << "x |\n"
              << std::setprecision(1);
  }
  std::cout << "\n(parse errors: " << raw.errors << " / " << json.errors << " / " << proto.errors
            << "; checksums " << json.checksum << " " << proto.checksum << ")\n";
  return 0;
}

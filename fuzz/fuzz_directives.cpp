// libFuzzer target: the comment and directive side of a file. The bytes are
// scanned for comments (quotes, dollar quotes and nested block comments
// respected), each comment is parsed as a `rollsafe:` directive, and the bytes
// are also taken whole as a directive, as a phase word and as paths (phase from
// the path, natural ordering, release grouping).
#include "engine/directives.h"
#include "engine/phase.h"
#include "frontend/frontend.h"
#include "source/discover.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<rollsafe::Frontend> frontend = rollsafe::make_postgres_frontend();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string_view bytes(text);
  const auto end = static_cast<uint32_t>(size);

  for (const rollsafe::Comment& c : frontend->comments(text)) {
    if (c.span.begin > c.span.end || c.span.end > end ||
        c.text != bytes.substr(c.span.begin, c.span.end - c.span.begin)) {
      __builtin_trap(); // a comment outside the text, or not the text it spans
    }
    (void)rollsafe::parse_directive(c.text, c.span);
  }
  (void)rollsafe::parse_directive(bytes, {0, end});
  (void)rollsafe::parse_phase(bytes);
  (void)rollsafe::phase_from_path(bytes);

  // Two paths, split at the first newline.
  const size_t cut = bytes.find('\n');
  const std::string_view a = bytes.substr(0, cut);
  const std::string_view b = cut == std::string_view::npos ? bytes : bytes.substr(cut + 1);
  if (rollsafe::path_less(a, b) && rollsafe::path_less(b, a)) {
    __builtin_trap(); // the order is not strict
  }
  if (rollsafe::path_less(a, a)) {
    __builtin_trap(); // not irreflexive
  }
  (void)rollsafe::release_key(a);
  (void)rollsafe::phase_from_path(b);
  return 0;
}

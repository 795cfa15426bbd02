// Text joined from pieces in one allocation. The rules build every finding's
// message and help from a dozen pieces; a chain of `+` reallocates the string
// as it grows and makes a temporary of each `"literal" + piece` on the way.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

namespace rollsafe {

namespace detail {

// A piece as a view: strings, views and C strings as they are, a char as the
// one character (viewed where it is: pieces live until the full expression ends).
template <class T> std::string_view piece(const T& p) {
  if constexpr (std::is_same_v<T, char>) {
    return {&p, 1};
  } else {
    return std::string_view(p);
  }
}

inline void append_views(std::string& out, std::initializer_list<std::string_view> pieces) {
  size_t size = out.size();
  for (const std::string_view p : pieces) {
    size += p.size();
  }
  out.reserve(size);
  for (const std::string_view p : pieces) {
    out.append(p);
  }
}

} // namespace detail

// Appends the pieces (std::string, std::string_view, C strings, chars) to `out`,
// growing it at most once. No piece may view `out` itself.
template <class... Pieces> void append_all(std::string& out, const Pieces&... pieces) {
  detail::append_views(out, {detail::piece(pieces)...});
}

// The pieces joined, in a string allocated once.
template <class... Pieces> [[nodiscard]] std::string concat(const Pieces&... pieces) {
  std::string out;
  detail::append_views(out, {detail::piece(pieces)...});
  return out;
}

// Appends each item of `items` as `text(item)` gives it (the item itself by
// default), with `separator` between them: "id, email".
template <class Range, class Text = std::identity>
void append_joined(std::string& out, const Range& items, std::string_view separator = ", ",
                   const Text& text = {}) {
  bool first = true;
  for (const auto& item : items) {
    append_all(out, first ? std::string_view() : separator, text(item));
    first = false;
  }
}

} // namespace rollsafe

#include "engine/directives.h"

#include "engine/phase.h"

#include <algorithm>
#include <cctype>

namespace rollsafe {

namespace {

class Cursor {
public:
  explicit Cursor(std::string_view s) : s_(s) {}
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])) != 0) {
      ++i_;
    }
  }
  bool eat(std::string_view word) {
    skip_space();
    if (s_.substr(i_, word.size()) == word) {
      i_ += word.size();
      return true;
    }
    return false;
  }
  std::string_view word() {
    skip_space();
    const size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) != 0 ||
                              s_[i_] == '-' || s_[i_] == '_')) {
      ++i_;
    }
    return s_.substr(start, i_ - start);
  }
  // A "..." or '...' string.
  std::optional<std::string> quoted() {
    skip_space();
    if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) {
      return std::nullopt;
    }
    const char q = s_[i_++];
    const size_t end = s_.find(q, i_);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    std::string out(s_.substr(i_, end - i_));
    i_ = end + 1;
    return out;
  }
  [[nodiscard]] std::string_view rest() const { return s_.substr(i_); }

private:
  std::string_view s_;
  size_t i_ = 0;
};

std::string_view strip_markers(std::string_view comment) {
  if (comment.starts_with("--")) {
    comment.remove_prefix(2);
  } else if (comment.starts_with("#")) {
    comment.remove_prefix(1);
  } else if (comment.starts_with("/*")) {
    comment.remove_prefix(2);
    if (comment.ends_with("*/")) {
      comment.remove_suffix(2);
    }
  }
  return comment;
}

bool only_space(std::string_view s) {
  return std::ranges::all_of(
      s, [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

Directive invalid(model::Span span, std::string error) {
  Directive d;
  d.kind = Directive::Kind::Invalid;
  d.span = span;
  d.error = std::move(error);
  return d;
}

} // namespace

std::optional<Directive> parse_directive(std::string_view comment, model::Span span) {
  const std::string_view body = strip_markers(comment);
  const size_t at = body.find("rollsafe:");
  if (at == std::string_view::npos || !only_space(body.substr(0, at))) {
    return std::nullopt; // prose that mentions rollsafe is not a directive
  }
  Cursor c(body.substr(at + 9));
  const std::string_view verb = c.word();
  Directive d;
  d.span = span;
  if (verb == "phase") {
    if (!c.eat("=") && !c.eat(":")) {
      return invalid(span, "expected phase=expand, phase=migrate or phase=contract");
    }
    const std::string_view value = c.word();
    const auto phase = parse_phase(value);
    if (!phase) {
      return invalid(span, "unknown phase '" + std::string(value) +
                               "'; allowed: expand, migrate, contract");
    }
    d.kind = Directive::Kind::Phase;
    d.phase = *phase;
  } else if (verb == "ignore" || verb == "ignore-file") {
    d.kind = verb == "ignore" ? Directive::Kind::Ignore : Directive::Kind::IgnoreFile;
    if (!c.eat("[")) {
      return invalid(span, "expected " + std::string(verb) + "[rule-id, ...]");
    }
    while (true) {
      const std::string_view id = c.word();
      if (id.empty()) {
        return invalid(span, "expected a rule id inside " + std::string(verb) + "[...]");
      }
      d.rules.emplace_back(id);
      if (c.eat("]")) {
        break;
      }
      if (!c.eat(",")) {
        return invalid(span, "expected ',' or ']' after rule id '" + std::string(id) + "'");
      }
    }
    if (c.eat("reason")) {
      if (!c.eat("=")) {
        return invalid(span, "expected reason=\"...\"");
      }
      d.reason = c.quoted();
      if (!d.reason) {
        return invalid(span, "the reason must be quoted: reason=\"...\"");
      }
      if (only_space(*d.reason)) {
        d.reason.reset();
      }
    }
  } else {
    return invalid(span, "unknown directive '" + std::string(verb) +
                             "'; allowed: phase=..., ignore[...], ignore-file[...]");
  }
  // A trailing `-- note` after the directive is a comment on it.
  c.skip_space();
  if (!only_space(c.rest()) && !c.rest().starts_with("--")) {
    return invalid(span, "unexpected text after the directive: '" +
                             std::string(c.rest().substr(0, 40)) + "'");
  }
  return d;
}

} // namespace rollsafe

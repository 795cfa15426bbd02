// Placeholder until the ANTLR-based MySQL frontend lands: every MySQL file is
// reported as not parsed (exit status 1), never as clean.
#include "frontend/frontend.h"

#include <memory>
#include <string>
#include <vector>

namespace rollsafe {
namespace {
class MySqlFrontend final : public Frontend {
public:
  std::vector<Comment> comments(const std::string& /*text*/) override { return {}; }
  void parse(const std::string& text, StatementSink& sink) override {
    sink.syntax_error({0, static_cast<uint32_t>(text.size())},
                      "the MySQL frontend is not available in this build");
  }
};
} // namespace

std::unique_ptr<Frontend> make_mysql_frontend() {
  return std::make_unique<MySqlFrontend>();
}
} // namespace rollsafe

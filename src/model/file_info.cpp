#include "model/file_info.h"

namespace rollsafe::model {

std::string_view to_string(FileRole r) {
  switch (r) {
  case FileRole::Up:
    return "up";
  case FileRole::Down:
    return "down";
  case FileRole::Repeatable:
    return "repeatable";
  case FileRole::Verify:
    return "verify";
  }
  return "up";
}

} // namespace rollsafe::model

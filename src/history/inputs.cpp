#include "history/inputs.h"

#include "history/boundary.h"
#include "source/discover.h"

#include <filesystem>
#include <set>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

void append(PlannedInput& out, Plan&& plan, const std::string& root) {
  out.layouts.push_back({root, plan.layout, plan.summary});
  if (out.units.empty()) {
    out.units = std::move(plan.units); // the usual case, one directory: no unit moved
    return;
  }
  out.units.insert(out.units.end(), std::make_move_iterator(plan.units.begin()),
                   std::make_move_iterator(plan.units.end()));
}

} // namespace

PlannedInput plan_inputs(const std::vector<std::string>& paths, const HistoryOptions& options) {
  PlannedInput out;
  CanonicalPaths canonical;
  if (options.history) {
    // A pre-commit hook passes the staged files and --history DIR: the files
    // named are judged, the rest of DIR is history. Both are ordered together
    // by DIR's layout, so a file named outside DIR still lands where its name
    // puts it.
    std::vector<std::string> files = discover({*options.history}, &out.plain_folders);
    std::set<std::string> known;
    for (const std::string& f : files) {
      known.insert(canonical(f));
    }
    std::set<std::string> judged;
    for (const std::string& f : discover(paths, &out.plain_folders)) {
      const std::string c = canonical(f);
      judged.insert(c);
      if (!known.contains(c)) {
        files.push_back(f);
      }
    }
    Plan plan = plan_layout(*options.history, std::move(files), options.layout);
    for (SourceUnit& u : plan.units) {
      u.info.history = !judged.contains(canonical(u.path));
    }
    append(out, std::move(plan), *options.history);
  } else {
    for (const std::string& p : paths) {
      std::error_code ec;
      if (fs::is_directory(p, ec)) {
        append(out, plan_layout(p, discover({p}, &out.plain_folders), options.layout), p);
      } else {
        for (const std::string& f : discover({p})) {
          out.units.push_back(single_file_unit(f));
        }
      }
    }
  }
  if (options.changed_since) {
    const std::string where = options.history ? *options.history
                              : paths.empty() ? std::string(".")
                                              : paths.front();
    const Changes changed = changed_since(*options.changed_since, where);
    for (SourceUnit& u : out.units) {
      const std::string c = canonical(u.path);
      u.info.history = u.info.history || !changed.contains(c);
      u.info.modified = changed.modified.contains(c);
    }
  }
  out.total = out.units.size();
  for (const SourceUnit& u : out.units) {
    out.history += u.info.history ? 1 : 0;
  }
  return out;
}

std::string layout_line(const LayoutSeen& seen, const PlannedInput& input) {
  std::string line = "layout: " + seen.layout + " (" + seen.summary + ")";
  if (input.history > 0) {
    line += "; " + std::to_string(input.history) + " replayed as history, " +
            std::to_string(input.total - input.history) + " judged";
  }
  return line;
}

} // namespace rollsafe

#include "history/inputs.h"

#include "engine/workers.h"
#include "history/boundary.h"
#include "history/roots.h"
#include "source/discover.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>
#include <vector>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

// Adds `plan` as the next history of the run.
void append(PlannedInput& out, Plan&& plan, const std::string& root) {
  const size_t index = out.histories++;
  out.layouts.push_back({root, plan.layout, plan.summary, plan.units.size(), 0});
  for (SourceUnit& u : plan.units) {
    u.info.history_index = index;
  }
  if (out.units.capacity() == 0) {
    out.units = std::move(plan.units); // the usual case, one history: no unit moved
    return;
  }
  out.units.insert(out.units.end(), std::make_move_iterator(plan.units.begin()),
                   std::make_move_iterator(plan.units.end()));
}

// Adds the files named one by one as the last history of the run, in the order given.
void append_files(PlannedInput& out, const std::vector<std::string>& files) {
  if (files.empty()) {
    return;
  }
  const size_t index = out.histories++;
  for (const std::string& f : files) {
    SourceUnit& u = out.units.emplace_back(single_file_unit(f));
    u.info.history_index = index;
  }
}

bool forced(const HistoryOptions& options) {
  return options.layout && *options.layout != "auto";
}

// `path` is `dir` or below it (both canonical).
bool under(const std::string& path, const std::string& dir) {
  return path.starts_with(dir) &&
         (path.size() == dir.size() || dir.ends_with('/') || path[dir.size()] == '/');
}

// --history DIR PATH...: the PATHs are judged, the rest of DIR is history.
void plan_history(PlannedInput& out, const std::vector<std::string>& paths,
                  const HistoryOptions& options, CanonicalPaths& canonical, Workers* workers) {
  const std::string& dir = *options.history;
  std::vector<std::string> files = discover({dir}, &out.plain_folders, workers, out.folders.get());
  std::vector<std::string> named = discover(paths, &out.plain_folders);
  std::vector<std::string> named_canonical;
  named_canonical.reserve(named.size());
  for (const std::string& f : named) {
    named_canonical.push_back(canonical(f));
  }
  const std::set<std::string> judged(named_canonical.begin(), named_canonical.end());
  std::vector<HistoryRoot> roots;
  if (forced(options)) {
    roots.push_back({dir, std::move(files)});
  } else {
    roots = history_roots(dir, std::move(files));
    if (roots.size() == 1) {
      roots[0].dir = dir; // as for a directory linted (plan_inputs())
    }
  }
  std::unordered_map<std::string, size_t> root_of; // canonical file -> its root
  for (size_t r = 0; r < roots.size(); ++r) {
    for (const std::string& f : roots[r].files) {
      root_of.emplace(canonical(f), r);
    }
  }
  // A PATH that is not one of DIR's files joins the root that holds it. With
  // one root, every such PATH joins it, and lands where its name puts it in
  // the layout's order; with several, one under none of them is linted with
  // the files named one by one.
  std::vector<bool> has_judged(roots.size(), false);
  std::vector<std::string> loose;
  std::vector<std::string> root_dirs; // canonical, resolved once when first needed
  for (size_t k = 0; k < named.size(); ++k) {
    const std::string& c = named_canonical[k];
    if (const auto it = root_of.find(c); it != root_of.end()) {
      has_judged[it->second] = true;
      continue;
    }
    if (roots.size() > 1 && root_dirs.empty()) {
      for (const HistoryRoot& root : roots) {
        root_dirs.push_back(canonical_path(root.dir));
      }
    }
    size_t r = 0;
    while (roots.size() > 1 && r < roots.size() && !under(c, root_dirs[r])) {
      ++r;
    }
    if (r < roots.size()) {
      roots[r].files.push_back(named[k]);
      has_judged[r] = true;
    } else {
      loose.push_back(named[k]);
    }
  }
  for (size_t r = 0; r < roots.size(); ++r) {
    // With several roots, one holding no PATH has nothing to judge: it is
    // neither replayed nor listed.
    if (roots.size() > 1 && !has_judged[r]) {
      continue;
    }
    Plan plan = plan_layout(roots[r].dir, std::move(roots[r].files), options.layout);
    for (SourceUnit& u : plan.units) {
      u.info.history = !judged.contains(canonical(u.path));
    }
    append(out, std::move(plan), roots[r].dir);
  }
  append_files(out, loose);
}

// With several histories, drops those in which nothing is judged: replaying
// them could only fill catalogs nothing is checked against (--history leaves
// such roots out the same way). A pre-push check of a repository with many
// services then reads only the services whose migrations changed.
void drop_unjudged_histories(PlannedInput& out) {
  std::vector<bool> judged(out.histories, false);
  for (const SourceUnit& u : out.units) {
    if (!u.info.history) {
      judged[u.info.history_index] = true;
    }
  }
  // The roots' histories come first, each with its layout; the files named one
  // by one, if any, are the last history and have none.
  std::vector<size_t> renumbered(out.histories);
  size_t kept = 0;
  size_t kept_layouts = 0;
  for (size_t h = 0; h < out.histories; ++h) {
    renumbered[h] = kept;
    if (judged[h]) {
      if (h < out.layouts.size()) {
        if (kept_layouts != h) {
          out.layouts[kept_layouts] = std::move(out.layouts[h]);
        }
        ++kept_layouts;
      }
      ++kept;
    }
  }
  out.layouts.resize(kept_layouts);
  std::erase_if(out.units, [&](const SourceUnit& u) { return !judged[u.info.history_index]; });
  for (SourceUnit& u : out.units) {
    u.info.history_index = renumbered[u.info.history_index];
  }
  out.histories = kept;
}

} // namespace

PlannedInput plan_inputs(const std::vector<std::string>& paths, const HistoryOptions& options,
                         Workers* workers) {
  PlannedInput out;
  CanonicalPaths canonical;
  if (options.history) {
    plan_history(out, paths, options, canonical, workers);
  } else {
    std::vector<std::string> loose; // files named one by one: one history, after the directories'
    for (const std::string& p : paths) {
      std::error_code ec;
      if (!fs::is_directory(p, ec)) {
        for (std::string& f : discover({p})) {
          loose.push_back(std::move(f));
        }
      } else if (forced(options)) {
        // The user named one layout for the directory: it is one history.
        append(out,
               plan_layout(p, discover({p}, &out.plain_folders, workers, out.folders.get()),
                           options.layout),
               p);
      } else {
        std::vector<HistoryRoot> roots =
            history_roots(p, discover({p}, &out.plain_folders, workers, out.folders.get()));
        if (roots.size() == 1) {
          // One history: planned from the directory given, as it always was
          // (the layout looks at the folders below it: Rails' db/migrate/).
          roots[0].dir = p;
        } else {
          // Room for every history's units (a dbmate file makes two): each
          // moves in once, not again as the list grows.
          size_t files = 0;
          for (const HistoryRoot& root : roots) {
            files += root.files.size();
          }
          out.units.reserve(out.units.size() + files);
        }
        // Each history's plan is its own: planned side by side on the workers.
        std::vector<Plan> plans(roots.size());
        for_each_index(workers, roots.size(), [&](size_t k) {
          plans[k] = plan_layout(roots[k].dir, std::move(roots[k].files), options.layout);
        });
        for (size_t k = 0; k < roots.size(); ++k) {
          append(out, std::move(plans[k]), roots[k].dir);
        }
      }
    }
    append_files(out, loose);
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
    if (out.histories > 1) {
      drop_unjudged_histories(out);
    }
  }
  for (const SourceUnit& u : out.units) {
    if (u.info.history && u.info.history_index < out.layouts.size()) {
      ++out.layouts[u.info.history_index].history;
    }
  }
  return out;
}

std::string layout_line(const LayoutSeen& seen, const PlannedInput& input) {
  std::string line = "layout: " + seen.layout + " (" + seen.summary + ")";
  if (input.histories > 1) {
    line += " in " + seen.root;
  }
  if (seen.history > 0) {
    line += "; " + std::to_string(seen.history) + " replayed as history, " +
            std::to_string(seen.units - seen.history) + " judged";
  }
  return line;
}

} // namespace rollsafe

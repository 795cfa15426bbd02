#include "source/discover.h"

#include "engine/phase.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Compares two path segments in natural order.
int compare_natural(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t ei = i;
      size_t ej = j;
      while (ei < a.size() && is_digit(a[ei])) {
        ++ei;
      }
      while (ej < b.size() && is_digit(b[ej])) {
        ++ej;
      }
      std::string_view da = a.substr(i, ei - i);
      std::string_view db = b.substr(j, ej - j);
      const auto strip = [](std::string_view d) {
        const size_t nz = d.find_first_not_of('0');
        return nz == std::string_view::npos ? std::string_view() : d.substr(nz);
      };
      const std::string_view na = strip(da);
      const std::string_view nb = strip(db);
      if (na.size() != nb.size()) {
        return na.size() < nb.size() ? -1 : 1;
      }
      if (const int c = na.compare(nb); c != 0) {
        return c;
      }
      i = ei;
      j = ej;
      continue;
    }
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[j]);
    if (ca != cb) {
      return ca < cb ? -1 : 1;
    }
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) {
    return i < a.size() ? 1 : -1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::optional<Phase> phase_dir(std::string_view segment) {
  if (segment.find('.') != std::string_view::npos) {
    return std::nullopt; // a file, not a phase directory
  }
  if (auto p = phase_from_path(segment)) {
    return p->phase;
  }
  return std::nullopt;
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool has_sql_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".sql";
}

} // namespace

bool path_less(std::string_view a, std::string_view b) {
  const auto sa = segments(a);
  const auto sb = segments(b);
  for (size_t i = 0; i < std::min(sa.size(), sb.size()); ++i) {
    if (sa[i] == sb[i]) {
      continue;
    }
    const auto pa = phase_dir(sa[i]);
    const auto pb = phase_dir(sb[i]);
    if (pa && pb && *pa != *pb) {
      return *pa < *pb;
    }
    return compare_natural(sa[i], sb[i]) < 0;
  }
  return sa.size() < sb.size();
}

std::vector<std::string> discover(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      throw InputError("cannot read '" + path +
                       "': " + (ec ? ec.message() : std::string("no such file or directory")));
    }
    if (fs::is_directory(status)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::none, ec);
      if (ec) {
        throw InputError("cannot read directory '" + path + "': " + ec.message());
      }
      for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
          throw InputError("cannot read directory '" + path + "': " + ec.message());
        }
        if (!has_sql_extension(it->path())) {
          continue;
        }
        std::error_code fec;
        if (!it->is_regular_file(fec)) {
          if (it->is_directory(fec)) {
            continue;
          }
          throw InputError("cannot lint '" + it->path().string() + "': not a regular file");
        }
        found.push_back(it->path().lexically_normal().generic_string());
      }
      if (ec) {
        throw InputError("cannot read directory '" + path + "': " + ec.message());
      }
      std::sort(found.begin(), found.end(),
                [](const std::string& a, const std::string& b) { return path_less(a, b); });
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(status)) {
      files.push_back(path);
    } else {
      throw InputError("cannot lint '" + path + "': not a regular file or directory");
    }
  }
  return files;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.seekg(0, std::ios::beg);
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw InputError("cannot read '" + path + "': read error");
  }
  return text;
}

std::string release_key(std::string_view path) {
  const auto parts = segments(path);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!phase_dir(parts[i])) {
      continue;
    }
    std::string key;
    for (size_t k = 0; k < i; ++k) {
      key += parts[k];
      key += '/';
    }
    if (parts[i].ends_with("_repo")) {
      // Per-phase repositories: expand_repo/003_x.sql pairs with contract_repo/003_y.sql.
      const std::string_view file = parts.back();
      size_t digits = 0;
      while (digits < file.size() && is_digit(file[digits])) {
        ++digits;
      }
      key += "#";
      key += digits > 0 ? file.substr(0, digits) : file;
    }
    return key;
  }
  return std::string(path);
}

} // namespace rollsafe

// Scratch folders for tests that need files on disk, and a working-directory
// guard: both undo themselves however the test ends.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace rollsafe::test {

// A fresh folder under the temporary directory, named rollsafe-<tag>-XXXXXX by
// mkdtemp() (so no two runs, nor two tests of one run, share one), and removed
// with everything in it however the test ends, an ASSERT that returns early
// included, so no run sees another run's files and none are left behind.
// mkdtemp() makes it 0700: a test that runs the binary as another user opens
// it up itself.
class ScratchDir {
public:
  explicit ScratchDir(std::string_view tag) {
    std::string name =
        (std::filesystem::temp_directory_path() / ("rollsafe-" + std::string(tag) + "-XXXXXX"))
            .string();
    if (::mkdtemp(name.data()) == nullptr) {
      const int error = errno;
      throw std::system_error(error, std::generic_category(), "cannot create " + name);
    }
    path_ = name;
  }
  ~ScratchDir() {
    std::error_code ignored; // a destructor must not throw; a leftover is all that can go wrong
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ScratchDir(ScratchDir&&) = delete;
  ScratchDir& operator=(ScratchDir&&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& rel) const {
    return path_ / rel;
  }
  // Writes `text` byte for byte to `rel`, creating the folders on the way, and
  // returns the file's full path.
  std::filesystem::path write(const std::filesystem::path& rel, std::string_view text) const {
    const std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      throw std::system_error(std::make_error_code(std::errc::io_error),
                              "cannot write " + p.string());
    }
    return p;
  }

private:
  std::filesystem::path path_;
};

// Changes the working directory for one scope and changes it back when the
// scope ends, an ASSERT that returns early included, so a failing test does
// not leave the tests after it in a folder about to be removed.
class WorkingDirectory {
public:
  explicit WorkingDirectory(const std::filesystem::path& dir)
      : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~WorkingDirectory() {
    std::error_code ignored; // nowhere better to go if the old folder is gone
    std::filesystem::current_path(saved_, ignored);
  }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;
  WorkingDirectory(WorkingDirectory&&) = delete;
  WorkingDirectory& operator=(WorkingDirectory&&) = delete;

private:
  std::filesystem::path saved_;
};

} // namespace rollsafe::test

// Threads started before a run is planned. Starting a thread costs more than
// its creation: its first allocation sets up its heap and touches fresh
// memory (a 2 MiB huge page to zero, see src/cli/allocator.cpp). Started
// while the main thread discovers and plans the files, that happens on
// another core instead of after the plan, where every file waits for it.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rollsafe {

class Workers {
public:
  // Starts `count` threads, which set up their heap and then wait for run().
  explicit Workers(unsigned count);
  // Joins the threads; those run() did not use end without work.
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  Workers(Workers&&) = delete;
  Workers& operator=(Workers&&) = delete;

  [[nodiscard]] unsigned size() const { return static_cast<unsigned>(threads_.size()); }

  // Runs `task` on `count` (at most size()) of the threads and on the calling
  // one, and returns when all are done. Once per Workers: the threads end
  // after it.
  void run(unsigned count, const std::function<void()>& task);

private:
  void serve(unsigned index);

  std::mutex mutex_;
  std::condition_variable started_;
  const std::function<void()>* task_ = nullptr; // guarded by mutex_
  unsigned count_ = 0;                          // guarded by mutex_
  bool closing_ = false;                        // guarded by mutex_
  std::vector<std::string> warm_;               // one per thread, written by it
  std::vector<std::jthread> threads_;
};

} // namespace rollsafe

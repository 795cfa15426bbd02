// Threads started before a run is planned. Starting a thread costs more than
// its creation: its first allocation sets up its heap and touches fresh
// memory (a 2 MiB huge page to zero, see src/cli/allocator.cpp). Started
// while the main thread discovers and plans the files, that happens on
// another core instead of after the plan, where every file waits for it.
// Discovery then walks a tree's folders on them too (source/discover.h).
#pragma once

#include <condition_variable>
#include <cstddef>
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
  // Ends and joins the threads.
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  Workers(Workers&&) = delete;
  Workers& operator=(Workers&&) = delete;

  [[nodiscard]] unsigned size() const { return static_cast<unsigned>(threads_.size()); }

  // Runs `task` on the calling thread and on each of `count` (at most size())
  // threads that wakes while the run lasts, and returns when every task that
  // started is done; then the threads wait for the next run. A thread that
  // wakes after the calling one has finished its task is not waited for and
  // does not run it, so a task takes its work from what is left (a shared
  // counter) and must not count on the others. `task` must not throw on the
  // threads (std::terminate). One run at a time: planning walks folders with
  // them, then the files are linted.
  void run(unsigned count, const std::function<void()>& task);

private:
  void serve(unsigned index);

  std::mutex mutex_;
  std::condition_variable started_;
  std::condition_variable finished_;
  const std::function<void()>* task_ = nullptr; // guarded by mutex_
  unsigned count_ = 0;                          // guarded by mutex_
  unsigned busy_ = 0;                           // threads in the run's task; guarded by mutex_
  unsigned runs_ = 0;                           // guarded by mutex_
  bool closing_ = false;                        // guarded by mutex_
  std::vector<std::string> warm_;               // one per thread, written by it
  std::vector<std::jthread> threads_;
};

// `count` threads for the rest of the process, made on the first call (later
// calls get the same ones, whatever their `count`) and never joined: a run's
// end does not wait for each thread to wake and hand back its heap (mimalloc's
// teardown, about 1.4 M instructions, 0.25-0.3 ms at the end of every
// `rollsafe lint -j2`). They wait for runs until the process ends them.
Workers& process_workers(unsigned count);

// Calls body(k) for every k below `count`, each once: on the workers' threads
// and the calling one when `workers` is given and there are two or more,
// else in order on the calling thread. An exception from body(k) is thrown
// here once every call has ended, the one of the smallest k if several threw:
// what the calls in order would have thrown first.
void for_each_index(Workers* workers, size_t count, const std::function<void(size_t)>& body);

} // namespace rollsafe

// Threads started before a run is planned. Starting a thread costs more than
// its creation: its first allocation sets up its heap and touches fresh
// memory (a 2 MiB huge page to zero, see src/cli/allocator.cpp). Started
// while the main thread discovers and plans the files, that happens on
// another core instead of after the plan, where every file waits for it.
// Discovery then walks a tree's folders on them too (source/discover.h).
#pragma once

#include <chrono>
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

// How long a thread polls before it blocks on a condition variable. On this
// project's VMs (and on many cloud instances) a vCPU that blocks halts, and
// waking it takes the hypervisor anywhere from 0.1 to several milliseconds:
// the walk's threads finished together, yet the caller saw it up to 5 ms
// later. The waits that use it are short (the next run a few hundred
// microseconds on, the last folder of a walk, the next file to judge), so
// polling first costs little CPU.
inline constexpr std::chrono::microseconds kPollBeforeBlocking{500};

namespace detail {
inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}
} // namespace detail

// cv.wait(lock, ready), after polling `ready` for up to kPollBeforeBlocking
// with the lock released in between.
template <class Ready>
void poll_then_wait(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Ready ready) {
  const auto until = std::chrono::steady_clock::now() + kPollBeforeBlocking;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= until) {
      cv.wait(lock, ready);
      return;
    }
    lock.unlock();
    for (int i = 0; i < 32; ++i) {
      detail::relax();
    }
    lock.lock();
  }
}

// Calls body(k) for every k below `count`, each once: on the workers' threads
// and the calling one when `workers` is given and there are two or more,
// else in order on the calling thread. An exception from body(k) is thrown
// here once every call has ended, the one of the smallest k if several threw:
// what the calls in order would have thrown first.
void for_each_index(Workers* workers, size_t count, const std::function<void(size_t)>& body);

} // namespace rollsafe

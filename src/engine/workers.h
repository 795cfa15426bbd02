// Threads started before a run is planned. Starting a thread costs more than
// its creation: its first allocation sets up its heap and touches fresh
// memory (a 2 MiB huge page to zero, see src/cli/allocator.cpp). Started
// while the main thread discovers and plans the files, that happens on
// another core instead of after the plan, where every file waits for it.
// Discovery then walks a tree's folders on them too (source/discover.h).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rollsafe {

// How long a thread polls before it blocks. On this project's VMs (and on
// many cloud instances) a vCPU that blocks halts, and waking it takes the
// hypervisor anywhere from 0.1 to several milliseconds: the walk's threads
// finished together, yet the caller saw it up to 5 ms later. The waits that
// use it are short (the next run a few hundred microseconds on, the last
// folder of a walk, the next file to judge), so polling first costs little CPU.
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

// The CPUs this process may run on (its affinity mask: `taskset`, a
// container's cpuset), as `nproc` counts them; the online CPUs where the mask
// cannot be read. At least 1.
[[nodiscard]] unsigned usable_cpus();

// Where threads wait for a condition on atomics that other threads change.
// Neither side takes a lock while nobody sleeps: a waiter polls the condition
// (for up to kPollBeforeBlocking, when asked to), and only then registers as
// a sleeper and blocks; notify_all() costs a fence and a load unless someone
// sleeps. A mutex held while polling, as a condition variable's predicate
// needs, made the thread that changes the state block on it: each such
// contention is a futex sleep and wake, and on these VMs a wake is a
// hypervisor's IPI (the real migrations at -j2 made 1,100-2,600 futex calls
// in some runs, 120-230 in others).
class WaitPoint {
public:
  // Returns once ready() holds. ready() reads only atomics (or what they
  // publish). `poll`: whether to poll before blocking, which is worth it only
  // when the waiting thread has a core of its own.
  template <class Ready> void wait(Ready ready, bool poll = true) { wait(ready, poll, ready); }

  // The same, but once polling is over it sleeps until wake() holds, which
  // implies ready(): a condition further on, such that a sleeper is woken
  // once for several changes (the notifier notifies only when one may hold).
  template <class Ready, class Wake> void wait(Ready ready, bool poll, Wake wake) {
    if (ready()) {
      return;
    }
    if (poll) {
      const auto until = std::chrono::steady_clock::now() + kPollBeforeBlocking;
      do {
        for (int i = 0; i < 32; ++i) {
          detail::relax();
        }
        if (ready()) {
          return;
        }
      } while (std::chrono::steady_clock::now() < until);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    sleepers_.fetch_add(1, std::memory_order_relaxed);
    // Pairs with the fence in notify_all(): either the notifier sees this
    // sleeper, or this thread sees the notifier's change (then it does not sleep).
    std::atomic_thread_fence(std::memory_order_seq_cst);
    cv_.wait(lock, wake);
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
  }

  // Wakes the sleepers, if any, to test their condition again. Call it after
  // a change that may make a waiter's ready() hold.
  void notify_all() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_relaxed) != 0) {
      // Taken and released: a sleeper that registered is now in cv_.wait().
      { const std::lock_guard<std::mutex> lock(mutex_); }
      cv_.notify_all();
    }
  }

  // Threads asleep in wait() now (for tests).
  [[nodiscard]] unsigned sleeping() const { return sleepers_.load(std::memory_order_acquire); }

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<unsigned> sleepers_{0};
};

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

  // The CPU each thread is kept on, in order (-1: it could not be), or
  // nothing when they are not kept on one (see pick_cpus() in workers.cpp).
  [[nodiscard]] const std::vector<int>& cpus() const { return cpus_; }

  // Runs `task` on the calling thread and on each of `count` (at most size())
  // threads that wakes while the run lasts, and returns when every task that
  // started is done; then the threads wait for the next run. A thread that
  // wakes after the calling one has finished its task is not waited for and
  // does not run it, so a task takes its work from what is left (a shared
  // counter) and must not count on the others. `task` must not throw on the
  // threads (std::terminate). One run at a time: planning walks folders with
  // them, then the files are linted. While the threads are kept on CPUs of
  // their own (cpus()), so is the caller for the run, on one of the others.
  void run(unsigned count, const std::function<void()>& task);

private:
  void serve(unsigned index);

  // A run starts when runs_ moves (task_ and count_ are set first, under
  // mutex_); a thread joins it under mutex_ while task_ is set, counted in
  // busy_. The threads and the caller poll runs_ and busy_ without the lock.
  std::mutex mutex_;
  WaitPoint started_;
  WaitPoint finished_;
  const std::function<void()>* task_ = nullptr; // guarded by mutex_
  unsigned count_ = 0;                          // guarded by mutex_
  std::atomic<unsigned> busy_{0};               // threads in the run's task; raised under mutex_
  std::atomic<unsigned> runs_{0};               // changed under mutex_
  std::atomic<bool> closing_{false};
  bool poll_ = true;              // whether the threads and the caller have a core each
  std::vector<std::string> warm_; // one per thread, written by it
  std::vector<int> cpus_;         // see cpus()
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

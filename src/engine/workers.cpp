#include "engine/workers.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace rollsafe {

namespace {

// A mask of the one CPU `cpu`.
cpu_set_t only(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return one;
}

// The CPUs to keep `count` threads on, one each, none of them the one the
// calling thread runs on; nothing when the process may not run on that many
// CPUs (then the scheduler places them: several threads kept on one CPU
// could not move away from each other).
//
// Why keep them at all: a VM's guest kernel does not wake a thread onto an
// idle vCPU that the hypervisor has descheduled (a halted one counts as
// preempted), but onto the waker's own CPU, and leaves it to the load
// balancer to move it, milliseconds later. A new worker so started on the
// main thread's CPU, polled there for work and held the main thread off it
// for the whole poll (0.5 ms); the walk ran on one thread in half the runs,
// and the lint started a worker 0.6 to 2 ms late. Kept on a CPU of its own,
// a thread is woken there (docs/performance.md, "Threads kept on a CPU").
// The calling (judging) thread is kept on one of the others only while a
// run lasts (KeepCaller).
std::vector<int> pick_cpus(unsigned count) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (count == 0 || ::sched_getaffinity(0, sizeof allowed, &allowed) != 0) {
    return {};
  }
  const int here = ::sched_getcpu();
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE && cpus.size() < count; ++cpu) {
    if (CPU_ISSET(cpu, &allowed) && cpu != here) {
      cpus.push_back(cpu);
    }
  }
  if (cpus.size() < count) {
    return {}; // fewer CPUs than threads
  }
  return cpus;
}

// Keeps the calling thread, while it lives, on its CPU (or, should that be one
// of `taken`, on another it may run on), and then lets it run where it could
// before. Without it the guest's scheduler, packing threads onto fewer vCPUs,
// moved the judging thread onto a worker's CPU in about one run in ten, where
// the two then took turns (a 9 ms lint took 27 ms).
class KeepCaller {
public:
  explicit KeepCaller(const std::vector<int>& taken) {
    CPU_ZERO(&before_);
    if (taken.empty() || ::sched_getaffinity(0, sizeof before_, &before_) != 0) {
      return;
    }
    const auto free = [&](int cpu) {
      return cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, &before_) &&
             std::find(taken.begin(), taken.end(), cpu) == taken.end();
    };
    int cpu = ::sched_getcpu();
    for (int c = 0; c < CPU_SETSIZE && !free(cpu); ++c) {
      cpu = c;
    }
    if (!free(cpu)) {
      return;
    }
    const cpu_set_t one = only(cpu);
    kept_ = ::sched_setaffinity(0, sizeof one, &one) == 0;
  }
  ~KeepCaller() {
    if (kept_) {
      (void)::sched_setaffinity(0, sizeof before_, &before_);
    }
  }
  KeepCaller(const KeepCaller&) = delete;
  KeepCaller& operator=(const KeepCaller&) = delete;
  KeepCaller(KeepCaller&&) = delete;
  KeepCaller& operator=(KeepCaller&&) = delete;

private:
  cpu_set_t before_{};
  bool kept_ = false;
};

} // namespace

unsigned usable_cpus() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (::sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&allowed)));
  }
  return std::max(1U, std::thread::hardware_concurrency());
}

Workers::Workers(unsigned count)
    : poll_(count < usable_cpus()), warm_(count), cpus_(pick_cpus(count)) {
  threads_.reserve(count);
  for (unsigned t = 0; t < count; ++t) {
    const int cpu = cpus_.empty() ? -1 : cpus_[t];
    threads_.emplace_back([this, t, cpu] {
      // A new thread starts on the CPU of the thread that made it, and there
      // it ran ahead of its maker (its heap, then its poll for a run) until
      // the maker moved it: this thread lost 0.7 ms at the start of 8 runs in
      // 15. Moving itself first, it leaves its maker's CPU at once.
      if (cpu >= 0) {
        const cpu_set_t one = only(cpu);
        (void)::sched_setaffinity(0, sizeof one, &one); // checked below, by the maker
      }
      serve(t);
    });
    if (cpu >= 0) {
      const cpu_set_t one = only(cpu);
      // Should it fail, the thread runs where the scheduler puts it, as
      // without this.
      if (::pthread_setaffinity_np(threads_.back().native_handle(), sizeof one, &one) != 0) {
        cpus_[t] = -1;
      }
    }
  }
}

Workers::~Workers() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    closing_.store(true, std::memory_order_relaxed);
  }
  started_.notify_all();
  threads_.clear(); // joins
}

void Workers::serve(unsigned index) {
  // The thread's heap and its first page, while nothing waits for them (kept
  // in a member, so that the compiler cannot leave the allocation out).
  warm_[index].reserve(64);
  for (unsigned seen = 0;;) {
    started_.wait(
        [&] {
          return runs_.load(std::memory_order_acquire) != seen ||
                 closing_.load(std::memory_order_acquire);
        },
        poll_);
    std::unique_lock<std::mutex> lock(mutex_);
    if (runs_.load(std::memory_order_relaxed) == seen) {
      return; // closing
    }
    seen = runs_.load(std::memory_order_relaxed);
    if (task_ == nullptr || index >= count_) {
      continue; // the run ended before this thread woke, or it is not needed
    }
    const std::function<void()>& task = *task_;
    busy_.fetch_add(1, std::memory_order_relaxed);
    lock.unlock();
    task();
    if (busy_.fetch_sub(1, std::memory_order_release) == 1) {
      finished_.notify_all();
    }
  }
}

void Workers::run(unsigned count, const std::function<void()>& task) {
  const KeepCaller keep(cpus_);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    count_ = std::min(count, size());
    runs_.fetch_add(1, std::memory_order_release);
  }
  started_.notify_all();
  task();
  // Waits for the threads that took the task, not for those that have not
  // woken yet: on a busy machine a thread may wait milliseconds for a core,
  // and by now the work is done. They see that the run has ended. A thread
  // joins only under the lock while task_ is set, so once busy_ reads 0
  // under it, no thread is in the task or can enter it.
  for (;;) {
    finished_.wait([&] { return busy_.load(std::memory_order_acquire) == 0; }, poll_);
    const std::lock_guard<std::mutex> lock(mutex_);
    if (busy_.load(std::memory_order_acquire) == 0) {
      task_ = nullptr; // the task's state lives in the caller's frame
      return;
    }
  }
}

Workers& process_workers(unsigned count) {
  // Reachable through this pointer until the end: not a leak for the
  // sanitizers' or valgrind's leak checks.
  static auto* const workers = new Workers(count);
  return *workers;
}

void for_each_index(Workers* workers, size_t count, const std::function<void(size_t)>& body) {
  if (workers == nullptr || workers->size() == 0 || count < 2) {
    for (size_t k = 0; k < count; ++k) {
      body(k);
    }
    return;
  }
  std::vector<std::exception_ptr> errors(count);
  std::atomic<size_t> next{0};
  workers->run(workers->size(), [&] {
    for (size_t k = next++; k < count; k = next++) {
      try {
        body(k);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  });
  for (const std::exception_ptr& e : errors) {
    if (e) {
      std::rethrow_exception(e);
    }
  }
}

} // namespace rollsafe

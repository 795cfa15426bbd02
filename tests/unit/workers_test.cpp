#include "engine/run.h"
#include "engine/workers.h"

#include <gtest/gtest.h>

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace rollsafe {
namespace {

// Which threads ran a task, and how many times.
struct Seen {
  std::mutex mutex;
  std::condition_variable arrived;
  std::set<std::thread::id> threads;
  std::atomic<int> runs{0};

  void note() {
    const std::lock_guard<std::mutex> lock(mutex);
    threads.insert(std::this_thread::get_id());
    ++runs;
    arrived.notify_all();
  }
  // note(), then waits (at most 30 s) until `expected` tasks have: the caller
  // is still in its task, so the run lasts until the threads have woken.
  void note_and_wait_for(int expected) {
    note();
    std::unique_lock<std::mutex> lock(mutex);
    arrived.wait_for(lock, std::chrono::seconds(30), [&] { return runs.load() >= expected; });
  }
};

TEST(WorkersTest, RunsTheTaskOnCountThreadsAndTheCaller) {
  Seen seen;
  Workers workers(3);
  EXPECT_EQ(workers.size(), 3U);
  workers.run(2, [&] { seen.note_and_wait_for(3); });
  EXPECT_EQ(seen.runs.load(), 3);
  EXPECT_EQ(seen.threads.size(), 3U);
  EXPECT_TRUE(seen.threads.contains(std::this_thread::get_id()));
}

TEST(WorkersTest, ReturnsOnlyWhenEveryTaskStartedIsDone) {
  Seen seen;
  std::atomic<int> done{0};
  Workers workers(2);
  workers.run(2, [&] {
    seen.note_and_wait_for(3);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++done;
  });
  EXPECT_EQ(done.load(), 3);
}

// A run whose work the calling thread has finished does not wait for a thread
// that has not woken: each run returns, however many threads took part, and
// a thread's late wake-up does not run an ended run's task.
TEST(WorkersTest, ARunDoesNotWaitForThreadsThatHaveNotWoken) {
  Workers workers(3);
  for (int round = 0; round < 200; ++round) {
    std::atomic<int> ran{0};
    {
      const std::function<void()> task = [&] { ++ran; };
      workers.run(3, task);
      const int now = ran.load();
      EXPECT_GE(now, 1);
      EXPECT_LE(now, 4);
    } // `task` is gone: a thread that ran it now would be caught by the sanitizers
  }
}

TEST(WorkersTest, CountZeroRunsOnTheCallerAlone) {
  Seen seen;
  Workers workers(2);
  workers.run(0, [&] { seen.note(); });
  EXPECT_EQ(seen.runs.load(), 1);
  EXPECT_TRUE(seen.threads.contains(std::this_thread::get_id()));
}

// Planning walks folders with the threads, then the files are linted with
// them: the same threads serve every run, each run complete before the next.
TEST(WorkersTest, ServesRunAfterRunWithTheSameThreads) {
  Seen first;
  Seen second;
  Seen third;
  Workers workers(2);
  workers.run(2, [&] { first.note_and_wait_for(3); });
  workers.run(1, [&] { second.note_and_wait_for(2); });
  workers.run(2, [&] { third.note_and_wait_for(3); });
  EXPECT_EQ(first.runs.load(), 3);
  EXPECT_EQ(second.runs.load(), 2);
  EXPECT_EQ(third.runs.load(), 3);
  EXPECT_EQ(third.threads, first.threads);
  EXPECT_TRUE(std::includes(first.threads.begin(), first.threads.end(), second.threads.begin(),
                            second.threads.end()));
}

// Every index once, on the workers or in order without them; the exception
// of the smallest index that threw, once every call has ended.
TEST(WorkersTest, ForEachIndexCallsEachOnceAndThrowsTheFirstInOrder) {
  Workers workers(2);
  for (Workers* w : {static_cast<Workers*>(nullptr), &workers}) {
    std::vector<std::atomic<int>> calls(100);
    for_each_index(w, calls.size(), [&](size_t k) { ++calls[k]; });
    EXPECT_TRUE(std::all_of(calls.begin(), calls.end(), [](const auto& c) { return c == 1; }));
  }
  std::atomic<int> ended{0};
  const auto throwing = [&](size_t k) {
    if (k == 7 || k == 3 || k == 50) {
      ++ended;
      throw std::runtime_error("index " + std::to_string(k));
    }
    ++ended;
  };
  try {
    for_each_index(&workers, 100, throwing);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "index 3");
  }
  EXPECT_EQ(ended.load(), 100) << "every call ends before the exception leaves";
  // In order, on the calling thread alone: the first exception stops the calls.
  ended = 0;
  EXPECT_THROW(for_each_index(nullptr, 100, throwing), std::runtime_error);
  EXPECT_EQ(ended.load(), 4);
}

// A sleeping waiter wakes for the change it waits for, and sleeps through
// the changes before it (the window's step: one wake for several files). The
// waiter is detached and owns its state, so that if it never woke the test
// would fail instead of hanging.
TEST(WaitPointTest, ASleeperWakesOnlyOnceItsWakeConditionHolds) {
  struct State {
    WaitPoint point;
    std::atomic<int> value{0};
  };
  auto state = std::make_shared<State>();
  std::promise<int> woke;
  std::future<int> waiter = woke.get_future();
  std::thread(
      [state](std::promise<int> done) {
        state->point.wait([&] { return state->value.load() >= 1; }, /*poll=*/false,
                          [&] { return state->value.load() >= 4; });
        done.set_value(state->value.load());
      },
      std::move(woke))
      .detach();
  while (state->point.sleeping() == 0) {
    std::this_thread::yield();
  }
  for (int v = 1; v <= 4; ++v) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    state->value = v;
    state->point.notify_all();
    if (v < 4) {
      EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(5)), std::future_status::timeout)
          << "woke at " << v;
    }
  }
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(waiter.get(), 4);
  EXPECT_EQ(state->point.sleeping(), 0U);
}

// Two threads hand a token back and forth through two wait points, many
// times, with and without polling: a wake-up lost between a waiter's last
// look at the condition and its sleep would hang a round (caught by the
// timeout), and a waiter that returned early would see the token on the
// wrong side. The players are detached and own their state, so that a hung
// one fails the test instead of hanging it.
TEST(WaitPointTest, NoWakeUpIsLost) {
  constexpr int kRounds = 20000;
  struct Game {
    WaitPoint to_a;
    WaitPoint to_b;
    std::atomic<int> turn{0}; // even: a's turn, odd: b's
    std::atomic<int> wrong{0};
  };
  for (const bool poll : {false, true}) {
    auto game = std::make_shared<Game>();
    const auto play = [game, poll](int parity, WaitPoint Game::*mine, WaitPoint Game::*theirs,
                                   std::promise<void> done) {
      for (int k = parity; k < 2 * kRounds; k += 2) {
        ((*game).*mine).wait([&] { return game->turn.load(std::memory_order_acquire) >= k; }, poll);
        if (game->turn.load() != k) {
          ++game->wrong;
        }
        game->turn.store(k + 1, std::memory_order_release);
        ((*game).*theirs).notify_all();
      }
      done.set_value();
    };
    std::promise<void> a_done;
    std::promise<void> b_done;
    std::future<void> a = a_done.get_future();
    std::future<void> b = b_done.get_future();
    std::thread(play, 0, &Game::to_a, &Game::to_b, std::move(a_done)).detach();
    std::thread(play, 1, &Game::to_b, &Game::to_a, std::move(b_done)).detach();
    ASSERT_EQ(a.wait_for(std::chrono::seconds(60)), std::future_status::ready)
        << "poll " << poll << ": a hung at turn " << game->turn.load();
    ASSERT_EQ(b.wait_for(std::chrono::seconds(60)), std::future_status::ready)
        << "poll " << poll << ": b hung at turn " << game->turn.load();
    EXPECT_EQ(game->turn.load(), 2 * kRounds);
    EXPECT_EQ(game->wrong.load(), 0);
  }
}

// With a CPU for each thread besides the caller's, each thread is kept on
// its own, none on the caller's, and runs its tasks there, and the caller is
// kept on another for each run; with more threads
// than CPUs, none is kept. (Under `taskset -c 0`, one CPU leaves none to
// spare: then no thread is kept.)
TEST(WorkersTest, ThreadsAreKeptOnCpusOfTheirOwnWhenThereAreEnough) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(::sched_getaffinity(0, sizeof allowed, &allowed), 0);
  const auto cpus = static_cast<unsigned>(CPU_COUNT(&allowed));
  {
    // The caller's CPU when the threads were made: the same before and after
    // (else made again; a thread seldom moves, let alone twice).
    int here = -1;
    std::unique_ptr<Workers> made;
    for (int attempt = 0; attempt < 100 && here < 0; ++attempt) {
      const int before = ::sched_getcpu();
      made = std::make_unique<Workers>(cpus > 1 ? cpus - 1 : 1);
      if (::sched_getcpu() == before) {
        here = before;
      }
    }
    ASSERT_GE(here, 0);
    Workers& workers = *made;
    if (cpus < 2) {
      EXPECT_TRUE(workers.cpus().empty());
    } else {
      // Each keeps its own, in the caller's mask, and none the caller's.
      ASSERT_EQ(workers.cpus().size(), cpus - 1);
      std::set<int> distinct(workers.cpus().begin(), workers.cpus().end());
      EXPECT_EQ(distinct.size(), cpus - 1);
      EXPECT_EQ(distinct.count(here), 0U);
      for (const int cpu : workers.cpus()) {
        EXPECT_TRUE(CPU_ISSET(cpu, &allowed)) << cpu;
      }
      // A task seen on a worker runs on a CPU the workers keep; the caller,
      // for the run, is kept on one CPU of its own, and after it may run
      // where it could before.
      std::mutex seen_mutex;
      std::set<int> seen;
      cpu_set_t during;
      CPU_ZERO(&during);
      const std::thread::id caller = std::this_thread::get_id();
      for (int round = 0; round < 50 && seen.empty(); ++round) {
        workers.run(workers.size(), [&] {
          if (std::this_thread::get_id() != caller) {
            const std::lock_guard<std::mutex> lock(seen_mutex);
            seen.insert(::sched_getcpu());
          } else {
            ASSERT_EQ(::sched_getaffinity(0, sizeof during, &during), 0);
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(2)); // time for them to join
        });
      }
      ASSERT_EQ(CPU_COUNT(&during), 1);
      for (const int cpu : distinct) {
        EXPECT_FALSE(CPU_ISSET(cpu, &during)) << "the caller was kept on worker CPU " << cpu;
      }
      cpu_set_t after;
      CPU_ZERO(&after);
      ASSERT_EQ(::sched_getaffinity(0, sizeof after, &after), 0);
      EXPECT_TRUE(CPU_EQUAL(&after, &allowed));
      ASSERT_FALSE(seen.empty()) << "no worker joined a run";
      for (const int cpu : seen) {
        EXPECT_EQ(distinct.count(cpu), 1U) << "a worker ran on CPU " << cpu;
      }
    }
  }
  // More threads than CPUs: left to the scheduler.
  const Workers crowded(cpus + 1);
  EXPECT_TRUE(crowded.cpus().empty());
}

// The default job count follows the CPUs the process may use, as `nproc`
// does, not the machine's: under `taskset -c 0` (or a container's cpuset) one.
TEST(WorkersTest, UsableCpusFollowTheAffinityMask) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(::sched_getaffinity(0, sizeof allowed, &allowed), 0);
  EXPECT_EQ(usable_cpus(), static_cast<unsigned>(CPU_COUNT(&allowed)));
  EXPECT_EQ(job_count(0), usable_cpus());
  EXPECT_EQ(job_count(3), 3U);
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &allowed)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  ASSERT_EQ(::sched_setaffinity(0, sizeof one, &one), 0);
  const unsigned narrowed = usable_cpus();
  const unsigned jobs = job_count(0);
  ASSERT_EQ(::sched_setaffinity(0, sizeof allowed, &allowed), 0);
  EXPECT_EQ(narrowed, 1U);
  EXPECT_EQ(jobs, 1U);
}

// The process's threads: made once, the same ones for every caller.
TEST(WorkersTest, ProcessWorkersAreMadeOnce) {
  Workers& first = process_workers(2);
  Workers& again = process_workers(5);
  EXPECT_EQ(&first, &again);
  EXPECT_EQ(again.size(), 2U);
  Seen seen;
  first.run(2, [&] { seen.note_and_wait_for(3); });
  EXPECT_EQ(seen.threads.size(), 3U);
}

// A run that ends before its threads get work (an unreadable path, a bad
// configuration) must not leave them waiting.
TEST(WorkersTest, EndsWithoutAnyRun) {
  auto ended = std::async(std::launch::async, [] { const Workers workers(4); });
  EXPECT_EQ(ended.wait_for(std::chrono::seconds(30)), std::future_status::ready);
}

} // namespace
} // namespace rollsafe

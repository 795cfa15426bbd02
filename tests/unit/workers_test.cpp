#include "engine/workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace rollsafe {
namespace {

// Which threads ran a task, and how many times.
struct Seen {
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> runs{0};

  void note() {
    const std::lock_guard<std::mutex> lock(mutex);
    threads.insert(std::this_thread::get_id());
    ++runs;
  }
};

TEST(WorkersTest, RunsTheTaskOnCountThreadsAndTheCaller) {
  Seen seen;
  Workers workers(3);
  EXPECT_EQ(workers.size(), 3U);
  workers.run(2, [&] { seen.note(); });
  EXPECT_EQ(seen.runs.load(), 3);
  EXPECT_EQ(seen.threads.size(), 3U);
  EXPECT_TRUE(seen.threads.contains(std::this_thread::get_id()));
}

TEST(WorkersTest, ReturnsOnlyWhenEveryThreadIsDone) {
  std::atomic<int> done{0};
  Workers workers(2);
  workers.run(2, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++done;
  });
  EXPECT_EQ(done.load(), 3);
}

TEST(WorkersTest, CountZeroRunsOnTheCallerAlone) {
  Seen seen;
  Workers workers(2);
  workers.run(0, [&] { seen.note(); });
  EXPECT_EQ(seen.runs.load(), 1);
  EXPECT_TRUE(seen.threads.contains(std::this_thread::get_id()));
}

// A run that ends before its threads get work (an unreadable path, a bad
// configuration) must not leave them waiting.
TEST(WorkersTest, EndsWithoutAnyRun) {
  auto ended = std::async(std::launch::async, [] { const Workers workers(4); });
  EXPECT_EQ(ended.wait_for(std::chrono::seconds(30)), std::future_status::ready);
}

} // namespace
} // namespace rollsafe

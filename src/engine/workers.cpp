#include "engine/workers.h"

namespace rollsafe {

Workers::Workers(unsigned count) : warm_(count) {
  threads_.reserve(count);
  for (unsigned t = 0; t < count; ++t) {
    threads_.emplace_back([this, t] { serve(t); });
  }
}

Workers::~Workers() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  started_.notify_all();
  threads_.clear(); // joins
}

void Workers::serve(unsigned index) {
  // The thread's heap and its first page, while nothing waits for them (kept
  // in a member, so that the compiler cannot leave the allocation out).
  warm_[index].reserve(64);
  std::unique_lock<std::mutex> lock(mutex_);
  started_.wait(lock, [&] { return task_ != nullptr || closing_; });
  if (task_ == nullptr || index >= count_) {
    return;
  }
  const std::function<void()>& task = *task_;
  lock.unlock();
  task();
}

void Workers::run(unsigned count, const std::function<void()>& task) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    count_ = count;
  }
  started_.notify_all();
  task();
  threads_.clear(); // joins: the task's state lives in the caller's frame
}

} // namespace rollsafe

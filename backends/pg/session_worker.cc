#include "backends/pg/session_worker.h"

#include <utility>

namespace interleave::impl::pg {

std::uint64_t FinishSignal::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::uint64_t FinishSignal::await_change(std::uint64_t seen, std::chrono::microseconds limit) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, limit, [&] { return count_ != seen; });
  return count_;
}

void FinishSignal::notify() {
  {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

SessionWorker::SessionWorker(std::unique_ptr<PgSession> session)
    : session_(std::move(session)), pid_(session_->backend_pid()), thread_([this] { serve(); }) {}

SessionWorker::~SessionWorker() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SessionWorker::start(Job job) {
  {
    std::lock_guard lock(mutex_);
    job_ = std::move(job);
    running_ = true;
    escaped_ = nullptr;
  }
  wake_.notify_one();
}

bool SessionWorker::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

bool SessionWorker::await(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return done_.wait_for(lock, limit, [this] { return !running_; });
}

std::exception_ptr SessionWorker::escaped() const {
  std::lock_guard lock(mutex_);
  return escaped_;
}

void SessionWorker::notify_finishes(std::shared_ptr<FinishSignal> signal) {
  std::lock_guard lock(mutex_);
  finishes_ = std::move(signal);
}

void SessionWorker::serve() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return job_ || quit_; });
      if (!job_) return;
      job = std::exchange(job_, nullptr);
    }
    std::exception_ptr escaped;
    try {
      job(*session_);
    } catch (...) {
      escaped = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      running_ = false;
      escaped_ = escaped;
      if (finishes_) finishes_->notify();
    }
    done_.notify_all();
  }
}

}  // namespace interleave::impl::pg

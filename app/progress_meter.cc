#include "app/progress_meter.h"

#include <unistd.h>

#include <fmt/format.h>

namespace interleave::app {
namespace {

constexpr std::chrono::milliseconds kTerminalEvery{1000};
constexpr std::chrono::milliseconds kLinesEvery{10000};

// "1 h 2 min", "3 min 4 s", "5 s".
std::string duration_text(double seconds) {
  const auto whole = static_cast<std::uint64_t>(seconds + 0.5);
  if (whole >= 3600) return fmt::format("{} h {} min", whole / 3600, whole % 3600 / 60);
  if (whole >= 60) return fmt::format("{} min {} s", whole / 60, whole % 60);
  return fmt::format("{} s", whole);
}

}  // namespace

ProgressMeter::ProgressMeter(std::FILE* out)
    : ProgressMeter(out, isatty(fileno(out)) ? Style::kTerminal : Style::kLines) {}

ProgressMeter::ProgressMeter(std::FILE* out, Style style)
    : out_(out),
      style_(style),
      every_(style == Style::kTerminal ? kTerminalEvery : kLinesEvery),
      phase_started_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

ProgressMeter::~ProgressMeter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (shown_) fmt::print(out_, "\r\033[K");
  std::fflush(out_);
}

void ProgressMeter::variant(std::size_t index, std::size_t count, std::string name) {
  std::lock_guard lock(mutex_);
  variant_ = index == 0 ? std::move(name) : fmt::format("variant {}/{} {}", index, count, name);
}

void ProgressMeter::phase(std::string name, std::uint64_t total) {
  std::lock_guard lock(mutex_);
  phase_ = std::move(name);
  total_ = total;
  done_.store(0, std::memory_order_relaxed);
  phase_started_ = std::chrono::steady_clock::now();
  show();
}

void ProgressMeter::above(const std::function<void()>& print) {
  std::lock_guard lock(mutex_);
  if (shown_) fmt::print(out_, "\r\033[K");
  std::fflush(out_);
  shown_ = false;
  print();
  std::fflush(stdout);
}

std::string ProgressMeter::line() const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - phase_started_).count();
  std::string text = variant_.empty() ? phase_ : variant_ + ": " + phase_;
  if (total_ == 0) return text + ", " + duration_text(elapsed);
  const std::uint64_t done = done_.load(std::memory_order_relaxed);
  text += fmt::format(" {}/{} schedules", done, total_);
  if (done == 0 || elapsed <= 0) return text;
  const double rate = static_cast<double>(done) / elapsed;
  return text + fmt::format(", {:.0f}/s, ETA {}", rate,
                            duration_text(static_cast<double>(total_ > done ? total_ - done : 0) / rate));
}

void ProgressMeter::show() {
  if (phase_.empty()) return;
  if (style_ == Style::kTerminal) {
    fmt::print(out_, "\r\033[K{}", line());
    shown_ = true;
  } else {
    fmt::print(out_, "{}\n", line());
  }
  std::fflush(out_);
}

void ProgressMeter::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, every_, [this] { return stopping_; })) break;
    show();
  }
}

}  // namespace interleave::app

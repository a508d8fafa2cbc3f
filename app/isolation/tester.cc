#include "app/isolation/tester.h"

#include <algorithm>
#include <utility>

namespace interleave::app::isolation {

Tester::Tester(const Spec& spec, Connections& connections, std::string& out, std::string& err,
               std::int64_t max_step_wait_ms)
    : spec_(spec),
      connections_(connections),
      out_(out),
      err_(err),
      max_step_wait_ms_(max_step_wait_ms),
      active_(spec.sessions.size() + 1, -1),
      held_(spec.sessions.size() + 1),
      notices_(spec.sessions.size() + 1, 0) {}

void Tester::print_header() {
  out_ += "Parsed test spec with " + std::to_string(spec_.sessions.size()) + " sessions\n";
}

std::string Tester::name_of(std::size_t connection) const {
  return connection == 0 ? "control connection" : spec_.sessions[connection - 1].name;
}

bool Tester::run(const PlannedPermutation& permutation) {
  permutation_ = &permutation;
  target_notices_.assign(permutation.size(), {});
  waiting_.clear();
  out_ += "\nstarting permutation:";
  for (const PlannedStep& step : permutation) out_ += " " + step.name;
  out_ += "\n";
  if (!run_setup()) return false;
  try {
    run_steps();
  } catch (const StuckError& stuck) {
    err_ += stuck.what();
    err_ += "\n";
    return false;
  }
  if (!waiting_.empty()) {
    err_ += "failed to complete permutation due to mutually-blocking steps\n";
    return false;
  }
  run_teardown();
  return true;
}

// PQexec's answer to a block of statements: the error if one failed, else
// the last result.
namespace {
const Received* exec_result(const std::vector<Received>& received) {
  const Received* last = nullptr;
  for (const Received& item : received) {
    if (item.kind == Received::Kind::kError) return &item;
    if (item.kind == Received::Kind::kResult) last = &item;
  }
  return last;
}
}  // namespace

bool Tester::run_setup() {
  for (const std::string& sql : spec_.setups) {
    const std::vector<Received> received = connections_.run(0, sql);  // the control connection hides notices
    const Received* result = exec_result(received);
    if (result && result->kind == Received::Kind::kError) {
      err_ += "setup failed: " + result->text;
      return false;
    }
    if (result) out_ += result->text;
  }
  for (std::size_t s = 0; s < spec_.sessions.size(); ++s) {
    if (!spec_.sessions[s].setup) continue;
    const std::vector<Received> received = connections_.run(s + 1, *spec_.sessions[s].setup);
    for (const Received& item : received) {
      if (item.kind == Received::Kind::kNotice) print_notice(s + 1, item.text);
    }
    const Received* result = exec_result(received);
    if (result && result->kind == Received::Kind::kError) {
      err_ += "setup of session " + spec_.sessions[s].name + " failed: " + result->text;
      return false;
    }
    if (result) out_ += result->text;
  }
  return true;
}

void Tester::run_steps() {
  const PlannedPermutation& steps = *permutation_;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::size_t connection = steps[i].session + 1;
    // The session still runs an earlier step: wait for it, reporting what
    // finishes meanwhile.
    while (active_[connection] >= 0) {
      const auto old = static_cast<std::size_t>(active_[connection]);
      if (!try_complete(old, kRetry)) {
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), old));
      }
      try_complete_waiting(kNonBlock | kRetry);
    }
    connections_.send(connection, steps[i].step->sql);
    active_[connection] = static_cast<long>(i);
    for (const PlannedBlocker& blocker : steps[i].blockers) {
      target_notices_[i].push_back(blocker.kind == BlockerKind::kNotices
                                       ? blocker.notices + notices_[blocker.session + 1]
                                       : -1);
    }
    const bool must_wait = try_complete(i, kNonBlock);
    try_complete_waiting(kNonBlock | kRetry);
    if (must_wait) waiting_.push_back(i);
  }
  try_complete_waiting(kRetry);
}

void Tester::try_complete_waiting(unsigned flags) {
  for (;;) {
    new_notice_ = false;
    const std::size_t before = waiting_.size();
    bool have_blocker = false;
    for (std::size_t w = 0; w < waiting_.size();) {
      if (try_complete(waiting_[w], flags)) {
        if (!(*permutation_)[waiting_[w]].blockers.empty()) have_blocker = true;
        ++w;
      } else {
        waiting_.erase(waiting_.begin() + static_cast<long>(w));
      }
    }
    // A finished step or a notice may have released a blocker of a step
    // looked at earlier in the loop: look again.
    if (!(have_blocker && (waiting_.size() < before || new_notice_))) return;
  }
}

bool Tester::held_by_blocker(std::size_t index) const {
  const PlannedStep& step = (*permutation_)[index];
  for (std::size_t b = 0; b < step.blockers.size(); ++b) {
    const PlannedBlocker& blocker = step.blockers[b];
    const std::size_t connection = blocker.session + 1;
    switch (blocker.kind) {
      case BlockerKind::kOnce:
        break;
      case BlockerKind::kOtherStep:
        if (active_[connection] >= 0 &&
            (*permutation_)[static_cast<std::size_t>(active_[connection])].step == blocker.step) {
          return true;
        }
        break;
      case BlockerKind::kNotices:
        if (notices_[connection] < target_notices_[index][b]) return true;
        break;
    }
  }
  return false;
}

void Tester::print_waiting(std::size_t index) {
  const PlannedStep& step = (*permutation_)[index];
  out_ += "step " + step.name + ": " + step.step->sql + " <waiting ...>\n";
}

void Tester::print_notice(std::size_t connection, const std::string& text) {
  if (connection == 0) return;  // the control connection's notices are hidden
  out_ += name_of(connection) + ": " + text;
  ++notices_[connection];
  new_notice_ = true;
}

void Tester::read(std::size_t connection) {
  std::vector<Received>& held = held_[connection];
  for (Received& item : connections_.take_received(connection)) held.push_back(std::move(item));
  std::size_t leading = 0;
  while (leading < held.size() && held[leading].kind == Received::Kind::kNotice) {
    print_notice(connection, held[leading++].text);
  }
  held.erase(held.begin(), held.begin() + static_cast<long>(leading));
}

void Tester::print_completion(std::size_t index, bool retry) {
  const PlannedStep& step = (*permutation_)[index];
  const std::size_t connection = step.session + 1;
  read(connection);  // notices before the first result
  const std::vector<Received> held = std::exchange(held_[connection], {});
  // libpq reads on past a finished result while notices follow it, so the
  // notices after result k print before result k does (those after the
  // first result before the step line).
  auto print_notices_after = [&](std::size_t result) {
    for (std::size_t i = result + 1; i < held.size() && held[i].kind == Received::Kind::kNotice; ++i) {
      print_notice(connection, held[i].text);
    }
  };
  if (!held.empty()) print_notices_after(0);
  out_ += "step " + step.name + ": " + (retry ? std::string("<... completed>") : step.step->sql) + "\n";
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (held[i].kind == Received::Kind::kNotice) continue;
    out_ += held[i].text;
    std::size_t next = i + 1;
    while (next < held.size() && held[next].kind == Received::Kind::kNotice) ++next;
    if (next < held.size()) print_notices_after(next);
  }
}

bool Tester::try_complete(std::size_t index, unsigned flags) {
  const PlannedStep& step = (*permutation_)[index];
  const std::size_t connection = step.session + 1;
  if (!(flags & kRetry)) {
    for (const PlannedBlocker& blocker : step.blockers) {
      if (blocker.kind == BlockerKind::kOnce) {
        print_waiting(index);
        return true;
      }
    }
  }
  // isolationtester looks at a running step every 10 ms and cancels it
  // once it has waited on it longer than max_step_wait (an invalid
  // permutation: the step waits for a session that is not running).
  const std::int64_t started = connections_.now_ms();
  const std::int64_t cancel_at = started + max_step_wait_ms_ + kPollMs;
  bool canceled = false;
  while (connections_.busy(connection)) {
    if ((flags & kNonBlock) && connections_.lock_waiting(connection)) {
      read(connection);
      if (!(flags & kRetry)) print_waiting(index);
      return true;
    }
    if (canceled) {
      connections_.wait_for_progress(std::nullopt);
    } else if (!connections_.wait_for_progress(cancel_at)) {
      connections_.cancel(connection);
      out_ += "isolationtester: canceling step " + step.name + " after " +
              std::to_string((cancel_at - started) / 1000) + " seconds\n";
      canceled = true;
    }
  }
  if (held_by_blocker(index)) {
    if (!(flags & kRetry)) print_waiting(index);
    return true;
  }
  print_completion(index, (flags & kRetry) != 0);
  active_[connection] = -1;
  return false;
}

void Tester::run_teardown() {
  for (std::size_t s = 0; s < spec_.sessions.size(); ++s) {
    if (!spec_.sessions[s].teardown) continue;
    const std::vector<Received> received = connections_.run(s + 1, *spec_.sessions[s].teardown);
    for (const Received& item : received) {
      if (item.kind == Received::Kind::kNotice) print_notice(s + 1, item.text);
    }
    const Received* result = exec_result(received);
    if (result && result->kind == Received::Kind::kError) {
      err_ += "teardown of session " + spec_.sessions[s].name + " failed: " + result->text;
    } else if (result) {
      out_ += result->text;
    }
  }
  if (spec_.teardown) {
    const std::vector<Received> received = connections_.run(0, *spec_.teardown);
    const Received* result = exec_result(received);
    if (result && result->kind == Received::Kind::kError) {
      err_ += "teardown failed: " + result->text;
    } else if (result) {
      out_ += result->text;
    }
  }
}

}  // namespace interleave::app::isolation

#include "model/db/wait_graph.h"

#include <algorithm>
#include <functional>

namespace interleave::model::db {

void WaitGraph::start_waiting(SessionId session, std::vector<SessionId> blockers, std::int64_t now_ms,
                              std::int64_t deadlock_timeout_ms) {
  stop_waiting(session);
  waiting_.push_back({session, std::move(blockers), now_ms + deadlock_timeout_ms, sequence_++, false});
}

void WaitGraph::update_blockers(SessionId session, std::vector<SessionId> blockers) {
  if (Waiting* waiting = find(session)) waiting->blockers = std::move(blockers);
}

void WaitGraph::stop_waiting(SessionId session) {
  std::erase_if(waiting_, [&](const Waiting& waiting) { return waiting.session == session; });
}

std::int64_t WaitGraph::check_due(SessionId session) const { return find(session)->check_at; }

bool WaitGraph::check_pending(SessionId session) const {
  const Waiting* waiting = find(session);
  return waiting && !waiting->checked;
}

const WaitGraph::Waiting* WaitGraph::find(SessionId session) const {
  for (const Waiting& waiting : waiting_) {
    if (waiting.session == session) return &waiting;
  }
  return nullptr;
}

WaitGraph::Waiting* WaitGraph::find(SessionId session) {
  return const_cast<Waiting*>(std::as_const(*this).find(session));
}

std::vector<SessionId> WaitGraph::cycle_through(SessionId from) const {
  std::vector<SessionId> path;
  std::vector<SessionId> visited;
  std::function<bool(SessionId)> reaches_from = [&](SessionId session) -> bool {
    const Waiting* waiting = find(session);
    if (!waiting) return false;
    for (SessionId next : waiting->blockers) {
      if (next == from) return true;
      if (std::find(visited.begin(), visited.end(), next) != visited.end()) continue;
      visited.push_back(next);
      path.push_back(next);
      if (reaches_from(next)) return true;
      path.pop_back();
    }
    return false;
  };
  path.push_back(from);
  if (!reaches_from(from)) return {};
  return path;
}

bool WaitGraph::check(SessionId session, std::int64_t now_ms) {
  Waiting* me = find(session);
  if (!me || me->checked || me->check_at > now_ms) return false;
  const std::vector<SessionId> cycle = cycle_through(session);
  // Among the cycle's checks due now and not yet run, the earliest runs first.
  const Waiting* first = me;
  for (SessionId member : cycle) {
    const Waiting* other = find(member);
    if (other && !other->checked && other->check_at <= now_ms &&
        std::tie(other->check_at, other->sequence) < std::tie(first->check_at, first->sequence)) {
      first = other;
    }
  }
  me->checked = true;
  return !cycle.empty() && first == me;
}

}  // namespace interleave::model::db

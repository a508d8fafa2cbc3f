#include "reports/divergence_account.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "reports/reproduce.h"

namespace interleave::reports {

namespace {

// The mirror's wordings of who waited (backends/pg/mirror_session.cc), each
// with what the model and the server did.
struct WaitWording {
  std::string_view tail;
  std::string_view model;
  std::string_view server;
};
constexpr std::array<WaitWording, 3> kWaitWordings{{
    {": the server made it wait; the model ran it at once", "ran it at once", "made it wait"},
    {": the model let it go on; the server still makes it wait", "let it go on", "still makes it wait"},
    {": the model makes it wait; the server ran it at once", "makes it wait", "ran it at once"},
}};

// "on PostgreSQL: step 19, agent-3: STATEMENT" -> where and statement.
void split_head(std::string_view head, DivergenceAccount& account) {
  constexpr std::string_view kPrefix = "on PostgreSQL: ";
  if (head.starts_with(kPrefix)) head.remove_prefix(kPrefix.size());
  if (!head.starts_with("step ")) {
    account.statement = std::string(head);
    return;
  }
  const std::size_t actor_end = head.find(": ");
  if (actor_end == std::string_view::npos) {
    account.where = std::string(head);
    return;
  }
  account.where = std::string(head.substr(0, actor_end));
  account.statement = std::string(head.substr(actor_end + 2));
}

}  // namespace

DivergenceAccount divergence_account(std::string_view message) {
  DivergenceAccount account;
  for (const WaitWording& wording : kWaitWordings) {
    // The wording ends the message, or is followed by whom the server makes
    // the statement wait for: " (for agent-3)", which goes with its side.
    const std::size_t at = message.rfind(wording.tail);
    if (at == std::string_view::npos) continue;
    const std::string_view rest = message.substr(at + wording.tail.size());
    if (!rest.empty() && !(rest.starts_with(" (for ") && rest.ends_with(")"))) continue;
    split_head(message.substr(0, at), account);
    account.model = std::string(wording.model);
    account.server = std::string(wording.server);
    account.server += rest;
    return account;
  }
  constexpr std::string_view kAnswered = ": the model answered ";
  constexpr std::string_view kServer = ", the server ";
  if (const std::size_t answered = message.rfind(kAnswered); answered != std::string_view::npos) {
    const std::string_view answers = message.substr(answered + kAnswered.size());
    if (const std::size_t server = answers.rfind(kServer); server != std::string_view::npos) {
      split_head(message.substr(0, answered), account);
      account.model = std::string(answers.substr(0, server));
      account.server = std::string(answers.substr(server + kServer.size()));
    }
  }
  return account;
}

std::vector<std::string> divergence_waits(const TraceRecord& trace) {
  std::vector<std::string> waits;
  for (const Event& event : trace.events) {
    if (!event.result.starts_with("blocked")) continue;
    waits.push_back(fmt::format("step {}, {}: {} — {}", event.step, event.actor_name, event.text, event.result));
  }
  return waits;
}

std::string postgres_explore_command(const TraceRecord& trace) {
  // schedule is a zero-based index: exploring schedule+1 schedules reaches it.
  return explore_command(trace, trace.schedule + 1) + " --backend postgres";
}

}  // namespace interleave::reports

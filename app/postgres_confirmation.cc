#include "app/postgres_confirmation.h"

#include "app/postgres_replay.h"

namespace interleave::app {

namespace {

// Folds one replay in; false once the confirmation has failed.
bool add(Confirmation& confirmation, const PostgresReplay& result) {
  confirmation.elapsed_s += result.elapsed_s;
  if (result.failure) {
    confirmation.status = Confirmation::Status::kServerFailed;
    confirmation.detail = *result.failure;
    return false;
  }
  if (result.divergence) {
    confirmation.status = Confirmation::Status::kDiverges;
    confirmation.detail = *result.divergence;
    return false;
  }
  if (result.unreplayable) {
    ++confirmation.unreplayable;
    return true;
  }
  ++confirmation.replays;
  confirmation.statements += result.statements.size();
  if (result.verdict != result.expected) {
    confirmation.status = Confirmation::Status::kDiverges;
    confirmation.detail = "the model's verdict (" + std::string(to_string(result.expected.status)) +
                          ") did not come back on the server: " + std::string(to_string(result.verdict.status)) +
                          " " + result.verdict.message;
    return false;
  }
  return true;
}

}  // namespace

std::string Confirmation::word() const {
  switch (status) {
    case Status::kConfirmed: return replays > 0 ? "confirmed" : "unconfirmed";
    case Status::kDiverges: return "DIVERGES";
    case Status::kServerFailed: return "server failed";
  }
  return "?";
}

nlohmann::ordered_json Confirmation::to_json() const {
  return {{"confirmed", status == Status::kConfirmed && replays > 0},
          {"status", word()},
          {"replays", replays},
          {"unreplayable", unreplayable},
          {"statements", statements},
          {"elapsed_s", elapsed_s},
          {"detail", detail.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(detail)}};
}

Confirmation confirm_race(const scenarios::Scenario& scenario, const Trace& trace, const std::string& dsn) {
  Confirmation confirmation;
  add(confirmation, replay_on_postgres(scenario, trace, dsn));
  if (confirmation.status == Confirmation::Status::kConfirmed && confirmation.replays == 0) {
    confirmation.detail = "the race's schedule delays a waiter the server lets go at once";
  }
  return confirmation;
}

Confirmation confirm_holds(const scenarios::Scenario& scenario, const std::string& variant, std::uint64_t seed,
                           std::uint64_t wanted, const std::string& dsn) {
  Confirmation confirmation;
  impl::pg::ServerMirror mirror({.dsn = dsn});  // one database for the samples, emptied between them
  for (const Trace& trace : sample_traces(scenario, variant, seed, 5 * wanted)) {
    if (confirmation.replays == wanted) break;
    if (!add(confirmation, replay_on_postgres(scenario, trace, mirror))) break;
  }
  return confirmation;
}

}  // namespace interleave::app

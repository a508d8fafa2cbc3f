#pragma once
// What every operation does around its service call: the model's ports for
// the service, its arguments, and the record of what the caller was told.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "impl/backend.h"
#include "model/world.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

impl::Backend model_backend(model::World& world);

// The id of the row of `table` whose `column` is `value`, read by a fixture
// with a statement; std::invalid_argument when no row has it (a `given`
// line that names what no earlier line built).
std::int64_t id_of(model::db::Session& session, std::string_view table, std::string_view column,
                   const std::string& value);
// The same from the committed state, without a statement, for an operation
// whose caller already holds the id (a workflow's input, an agent's
// session), so its scheduling points stay the service's own. nullopt when
// no committed row has it.
std::optional<std::int64_t> committed_id(const model::World& world, std::string_view table, std::string_view column,
                                         const std::string& value);

// Requires: `name` is present (validation checked required arguments).
const std::string& argument(const Arguments& arguments, std::string_view name);
std::string argument_or(const Arguments& arguments, std::string_view name, std::string_view otherwise);
// A whole number argument; throws std::invalid_argument naming it otherwise.
std::int64_t integer_argument(const Arguments& arguments, std::string_view name, std::int64_t otherwise);

// Writes the outcome to the ledger and, when recording, a "call.return"
// event ("ok: ...", "conflict: ...", "unhandled error: ...").
void finish_call(model::World& world, model::CallOutcome outcome);

// For calls the service never refuses cleanly: no exception has this type.
struct NoCleanRefusal {
  const char* what() const { return ""; }
};

// Makes a service call as its caller sees it, and records that (finish_call):
// what `call` returns is the success detail; a `Refusal` (the service's
// "already exists", a 409) is a clean conflict; any other std::exception is
// an unhandled error, a 500. ExecutionCancelled passes through.
template <typename Refusal, typename Call>
void record_call(model::World& world, std::string operation, std::string key, Call call) {
  model::CallOutcome outcome{world.exec.current(), std::move(operation), std::move(key)};
  try {
    outcome.detail = call();
    outcome.status = model::CallStatus::kSuccess;
  } catch (const Refusal& refusal) {
    outcome.status = model::CallStatus::kConflict;
    outcome.detail = refusal.what();
  } catch (const std::exception& error) {
    outcome.status = model::CallStatus::kError;
    outcome.detail = error.what();
  }
  finish_call(world, std::move(outcome));
}

// The same for a call that returns its refusal instead of throwing it:
// `call` returns std::variant<std::string, Refusal>, and a Refusal's
// message() is the conflict's detail.
template <typename Refusal, typename Call>
void record_answer(model::World& world, std::string operation, std::string key, Call call) {
  model::CallOutcome outcome{world.exec.current(), std::move(operation), std::move(key)};
  try {
    std::variant<std::string, Refusal> answer = call();
    if (const Refusal* refusal = std::get_if<Refusal>(&answer)) {
      outcome.status = model::CallStatus::kConflict;
      outcome.detail = refusal->message();
    } else {
      outcome.status = model::CallStatus::kSuccess;
      outcome.detail = std::get<std::string>(std::move(answer));
    }
  } catch (const std::exception& error) {
    outcome.status = model::CallStatus::kError;
    outcome.detail = error.what();
  }
  finish_call(world, std::move(outcome));
}

}  // namespace interleave::scenarios

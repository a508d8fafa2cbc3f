#pragma once
// What every operation does around its service call: the model's ports for
// the service, its arguments, and the record of what the caller was told.

#include <string>
#include <string_view>

#include "impl/backend.h"
#include "model/world.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

impl::Backend model_backend(model::World& world);

// Requires: `name` is present (validation checked required arguments).
const std::string& argument(const Arguments& arguments, std::string_view name);
std::string argument_or(const Arguments& arguments, std::string_view name, std::string_view otherwise);
// A whole number argument; throws std::invalid_argument naming it otherwise.
std::int64_t integer_argument(const Arguments& arguments, std::string_view name, std::int64_t otherwise);

// Writes the outcome to the ledger and, when recording, a "call.return"
// event ("ok: ...", "conflict: ...", "unhandled error: ...").
void finish_call(model::World& world, model::CallOutcome outcome);

}  // namespace interleave::scenarios

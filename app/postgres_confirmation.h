#pragma once
// hunt --confirm-postgres: after the model's verdict on a variant, the same
// verdict on a real server. A race's (shrunk) trace must reproduce its
// violation there; a variant that holds has sampled schedules replayed
// there, which must hold with the model's outcome at every statement.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/trace.h"
#include "scenarios/scenario.h"

namespace interleave::app {

struct Confirmation {
  enum class Status : std::uint8_t { kConfirmed, kDiverges, kServerFailed };
  Status status = Status::kConfirmed;
  std::uint64_t replays = 0;       // schedules replayed on the server to the end
  std::uint64_t unreplayable = 0;  // drawn but not replayable there (server_mirror.h)
  std::uint64_t statements = 0;    // statements the server answered as the model
  double elapsed_s = 0;
  std::string detail;              // the divergence or the failure

  // "confirmed", "DIVERGES", "server failed": the hunt table's column.
  std::string word() const;
  // {"confirmed": true, "replays": 1, ..., "detail": null}
  nlohmann::ordered_json to_json() const;
};

// The race's trace replayed on the server (dsn "": the PG* environment).
Confirmation confirm_race(const scenarios::Scenario& scenario, const Trace& trace, const std::string& dsn);

// Up to `wanted` replayable schedules drawn by the random strategy from
// `seed` (at most 5 × wanted drawn), replayed on the server.
Confirmation confirm_holds(const scenarios::Scenario& scenario, const std::string& variant, std::uint64_t seed,
                           std::uint64_t wanted, const std::string& dsn);

}  // namespace interleave::app

#include "model/invariants/no_5xx_during_deletion.h"

#include <fmt/format.h>

#include "model/http/http_exception.h"
#include "model/http/pipeline.h"
#include "model/world.h"

namespace interleave::model {

namespace {

namespace status = http::status;

bool graceful(int code) {
  return code == status::kOk || code == status::kForbidden || code == status::kNotFound || code == status::kGone ||
         code == status::kServiceUnavailable;
}

// Formats only when the exchange breaks the property.
std::optional<Violation> judge(const World& world, const HttpExchange& exchange) {
  if (exchange.status == 0) return std::nullopt;  // still in flight
  const bool answered_as_gone = exchange.status == status::kGone || exchange.status == status::kForbidden;
  if (graceful(exchange.status) && (answered_as_gone || !exchange.tenant_deleted_at_start)) return std::nullopt;
  const std::string& caller = world.exec.actor_info(exchange.actor).name;
  const std::string request = http::request_line(exchange.route, exchange.tenant);
  const std::string response = fmt::format("{} {}{}{}", exchange.status, http::reason_phrase(exchange.status),
                                           exchange.detail.empty() ? "" : ": ", exchange.detail);
  if (!graceful(exchange.status)) {
    return Violation{"no-5xx-during-deletion", fmt::format("{}: {} got {}", caller, request, response)};
  }
  return Violation{"no-5xx-during-deletion",
                   fmt::format("{}: {} arrived after tenant '{}' was deleted, but got {} (want 410 Gone or 403 "
                               "Forbidden)",
                               caller, request, exchange.tenant, response)};
}

std::optional<Violation> judge_deletion_exchanges(const World& world) {
  for (const HttpExchange& exchange : world.ledger.exchanges()) {
    if (auto violation = judge(world, exchange)) return violation;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Violation> No5xxDuringDeletion::check_step(const World& world) const { return judge_deletion_exchanges(world); }

std::optional<Violation> No5xxDuringDeletion::check_quiescent(const World& world) const { return judge_deletion_exchanges(world); }

}  // namespace interleave::model

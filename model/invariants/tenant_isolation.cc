#include "model/invariants/tenant_isolation.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/http/pipeline.h"
#include "model/world.h"

namespace interleave::model {

namespace {

// Checked as each access happens: an open exchange's range runs to the end.
std::optional<Violation> foreign_access(const World& world) {
  const std::vector<TableAccessRecord>& accesses = world.ledger.table_accesses();
  for (const HttpExchange& exchange : world.ledger.exchanges()) {
    const std::size_t end = std::min(exchange.table_accesses_end, accesses.size());
    for (std::size_t i = exchange.table_accesses_begin; i < end; ++i) {
      const TableAccessRecord& access = accesses[i];
      if (access.actor != exchange.actor || access.schema == "public") continue;
      if (access.schema == tenant_schema_name(exchange.tenant)) continue;
      return Violation{"tenant-isolation",
                       fmt::format("{}: {} for tenant '{}' touched {}.{}, a table of another tenant's schema",
                                   world.exec.actor_info(exchange.actor).name,
                                   http::request_line(exchange.route, exchange.tenant), exchange.tenant,
                                   access.schema, access.table)};
    }
  }
  return std::nullopt;
}

}  // namespace

void TenantIsolation::prepare(World& world) const {
  world.db.observe_table_accesses([&ledger = world.ledger](const db::TableAccess& access) {
    ledger.record_table_access({access.actor, std::string(access.schema), std::string(access.table)});
  });
}

std::optional<Violation> TenantIsolation::check_step(const World& world) const { return foreign_access(world); }

std::optional<Violation> TenantIsolation::check_quiescent(const World& world) const { return foreign_access(world); }

}  // namespace interleave::model

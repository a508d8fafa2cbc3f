#include "model/invariants/tenant_isolation.h"

#include <fmt/format.h>

#include "model/db/identifier.h"
#include "model/http/pipeline.h"
#include "model/world.h"

namespace interleave::model {

namespace {

// Judged when it happens (prepare's observer keeps only foreign accesses):
// a step's check is then one look at the ledger, not a rescan of every
// statement so far.
std::optional<Violation> foreign_access(const World& world) {
  if (world.ledger.foreign_accesses().empty()) return std::nullopt;
  const ForeignTableAccess& access = world.ledger.foreign_accesses().front();
  const HttpExchange& exchange = world.ledger.exchanges()[access.exchange];
  return Violation{"tenant-isolation",
                   fmt::format("{}: {} for tenant '{}' touched {}.{}, a table of another tenant's schema",
                               world.exec.actor_info(exchange.actor).name,
                               http::request_line(exchange.route, exchange.tenant), exchange.tenant, access.schema,
                               access.table)};
}

}  // namespace

void TenantIsolation::prepare(World& world) const {
  world.db.observe_table_accesses([&ledger = world.ledger](const db::TableAccess& access) {
    if (access.schema == "public") return;
    std::size_t index = 0;
    const HttpExchange* exchange = ledger.open_exchange_of(access.actor, &index);
    // The catalog holds the server's names: compare with the tenant's schema
    // as the server cut it, or every long slug would touch a "foreign" schema.
    if (!exchange || access.schema == db::truncated_identifier(tenant_schema_name(exchange->tenant))) return;
    ledger.record_foreign_access({index, std::string(access.schema), std::string(access.table)});
  });
}

std::optional<Violation> TenantIsolation::check_step(const World& world) const { return foreign_access(world); }

std::optional<Violation> TenantIsolation::check_quiescent(const World& world) const { return foreign_access(world); }

}  // namespace interleave::model

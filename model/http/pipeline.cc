#include "model/http/pipeline.h"

#include <algorithm>

#include <fmt/format.h>

#include "model/http/http_exception.h"
#include "model/world.h"

namespace interleave::model::http {

namespace {

// Soft-deleted and its schema dropped, both committed: a request arriving
// now comes after the tenant's deletion completed. Read from the committed
// state without a statement (no scheduling point), once per request.
bool deletion_completed(const World& world, const std::string& slug) {
  static const std::size_t slug_column = kTenants.column_index("slug");
  static const std::size_t deleted_at_column = kTenants.column_index("deleted_at");
  bool soft_deleted = false;
  world.db.touch_committed(kTenants.name);
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& values) {
    if (std::get<std::string>(values[slug_column]) == slug) {
      soft_deleted = !std::holds_alternative<std::monostate>(values[deleted_at_column]);
    }
  });
  if (!soft_deleted) return false;
  const std::vector<std::string> schemas = world.db.committed_schemas();
  return std::find(schemas.begin(), schemas.end(), tenant_schema_name(slug)) == schemas.end();
}

Response dependency_then_handler(World& world, const Route& route, const std::string& tenant_slug) {
  // get_db: one session for the request, shared by dependency and handler.
  std::unique_ptr<db::Session> db = world.db.connect();
  Response response;
  try {
    const db::Row tenant = route.dependency(*db, tenant_slug);
    response = route.handler(*db, tenant);
  } catch (const HttpException& refusal) {
    response = {refusal.status_code(), refusal.detail()};
  } catch (const db::DbError& error) {
    response = {status::kInternalServerError, fmt::format("{} (SQLSTATE {})", error.what(), error.sqlstate())};
  } catch (const std::exception& error) {
    response = {status::kInternalServerError, error.what()};
  }
  db->rollback();  // get_db's session.close()
  return response;
}

}  // namespace

Response serve(World& world, const Route& route, const std::string& tenant_slug) {
  Execution& exec = world.exec;
  HttpExchange arrival{.actor = exec.current(), .route = route.name, .tenant = tenant_slug};
  arrival.tenant_deleted_at_start = deletion_completed(world, tenant_slug);
  if (exec.recording()) {
    exec.record("http.request", request_line(route.name, tenant_slug),
                arrival.tenant_deleted_at_start ? "arrives after the tenant's deletion completed" : "arrives");
  }
  const std::size_t exchange = world.ledger.open_exchange(std::move(arrival));
  Response response = dependency_then_handler(world, route, tenant_slug);
  world.ledger.close_exchange(exchange, response.status_code, response.detail);
  if (exec.recording()) {
    const std::string_view reason = reason_phrase(response.status_code);
    exec.record("http.response", request_line(route.name, tenant_slug),
                response.detail.empty() ? fmt::format("{} {}", response.status_code, reason)
                                        : fmt::format("{} {}: {}", response.status_code, reason, response.detail));
  }
  return response;
}

std::string request_line(std::string_view route, std::string_view tenant_slug) {
  std::string line(route);
  constexpr std::string_view kSlot = "{tenant_slug}";
  if (auto at = line.find(kSlot); at != std::string::npos) line.replace(at, kSlot.size(), tenant_slug);
  return line;
}

}  // namespace interleave::model::http

#pragma once
// The HTTP request pipeline of the backend's tenant routes (DESIGN.md §4),
// as FastAPI runs them: get_db opens one session for the request; the
// route's dependency validates the tenant with it; the handler receives the
// validated tenant and queries with the same session; the session is closed
// (rolled back) before the response goes out. Dependency and handler are
// separate statements, so whatever commits between them is seen by the
// handler and not by the validation.
//
// An HttpException becomes its own response; any other exception (a DbError
// such as 42P01 undefined_table) is the unhandled error: a 500. Every
// request is written to the world's ledger (an HttpExchange, opened when it
// arrives and closed with its response) and, when recording, appears in the
// trace as "http.request" and "http.response" events.
//
// Example:
//   Route products{"GET /api/v1/tenants/{tenant_slug}/products", get_validated_tenant, list_products};
//   Response response = serve(world, products, "acme");   // 200, 403, 404, 410, 500, 503 ...

#include <functional>
#include <string>
#include <string_view>

#include "model/db/session.h"
#include "model/db/table.h"

namespace interleave::model {
struct World;
}

namespace interleave::model::http {

struct Response {
  int status_code = 200;
  std::string detail;
};

struct Route {
  // Method and path template; must outlive the world's ledger (a literal).
  std::string_view name;
  // Depends(get_validated_tenant): the tenant row, or an HttpException.
  std::function<db::Row(db::Session& db, const std::string& tenant_slug)> dependency;
  // The route's own code, given the validated tenant.
  std::function<Response(db::Session& db, const db::Row& tenant)> handler;
};

// Serves one request for `tenant_slug` as the current actor.
Response serve(World& world, const Route& route, const std::string& tenant_slug);

// The route's name with the slug in its path: "GET /api/v1/tenants/acme/products".
std::string request_line(std::string_view route, std::string_view tenant_slug);

}  // namespace interleave::model::http

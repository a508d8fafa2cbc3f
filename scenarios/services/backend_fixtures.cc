// The committed state scenarios start from: users, tenants with their own
// schema, memberships. Built with ordinary statements by the setup actor.

#include <stdexcept>

#include <fmt/format.h>

#include "model/app_schema.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

// given user email=a@x [name=Ann]
void user(model::World& world, const Arguments& arguments) {
  auto session = world.db.connect();
  const std::string& email = argument(arguments, "email");
  session->insert("users", {{"email", email}, {"name", argument_or(arguments, "name", email)}});
  session->commit();
}

// given tenant slug=acme [name=Acme] [status=ready] [owner=a@x] [schema=yes|no] [products=N]
//              [deleted=yes|no]
// A tenant as provisioning leaves it: active, its schema holding `products`
// rows (one unless said otherwise). The schema defaults to present unless
// the tenant is still provisioning. deleted=yes: as a finished deletion
// leaves it — soft-deleted (is_active false, deleted_at now) and, unless
// schema=yes says otherwise, its schema dropped; its status stays.
void tenant(model::World& world, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "slug");
  const std::string status = argument_or(arguments, "status", model::tenant_status::kReady);
  if (status != model::tenant_status::kReady && status != model::tenant_status::kProvisioning &&
      status != model::tenant_status::kFailed) {
    throw std::invalid_argument(fmt::format("status must be ready, provisioning or failed, got '{}'", status));
  }
  const std::string deleted_flag = argument_or(arguments, "deleted", "no");
  if (deleted_flag != "yes" && deleted_flag != "no") {
    throw std::invalid_argument(fmt::format("deleted must be yes or no, got '{}'", deleted_flag));
  }
  const bool deleted = deleted_flag == "yes";
  const bool schema_by_default = status != model::tenant_status::kProvisioning && !deleted;
  const std::string schema_flag = argument_or(arguments, "schema", schema_by_default ? "yes" : "no");
  if (schema_flag != "yes" && schema_flag != "no") {
    throw std::invalid_argument(fmt::format("schema must be yes or no, got '{}'", schema_flag));
  }
  const std::int64_t products = integer_argument(arguments, "products", 1);
  const std::string schema = model::tenant_schema_name(slug);
  auto session = world.db.connect();
  model::db::Assignments values = {{"name", argument_or(arguments, "name", slug)},
                                   {"slug", slug},
                                   {"status", status},
                                   {"is_active", std::int64_t{deleted ? 0 : 1}},
                                   {"schema_name", schema}};
  if (deleted) values.push_back({"deleted_at", world.exec.now_ms()});
  if (auto owner = arguments.find("owner"); owner != arguments.end()) {
    values.push_back({"owner_id", id_of(*session, "users", "email", owner->second)});
  }
  session->insert("tenants", values);
  if (schema_flag == "yes") {
    session->create_schema(schema);
    session->create_table(schema, model::kProducts);
    for (std::int64_t i = 1; i <= products; ++i) {
      session->insert({schema, "products"}, {{"name", fmt::format("product {}", i)}});
    }
  }
  session->commit();
}

// given membership user=a@x tenant=acme [role=admin]
void membership(model::World& world, const Arguments& arguments) {
  auto session = world.db.connect();
  std::int64_t user_id = id_of(*session, "users", "email", argument(arguments, "user"));
  std::int64_t tenant_id = id_of(*session, "tenants", "slug", argument(arguments, "tenant"));
  session->insert("memberships",
                  {{"user_id", user_id}, {"tenant_id", tenant_id}, {"role", argument_or(arguments, "role", "admin")}});
  session->commit();
}

}  // namespace

std::vector<FixtureDef> backend_fixtures() {
  return {
      {"user", {"email"}, {"name"}, &user},
      {"tenant", {"slug"}, {"name", "status", "owner", "schema", "products", "deleted"}, &tenant,
       {{"status", {model::tenant_status::kReady, model::tenant_status::kProvisioning, model::tenant_status::kFailed}},
        {"schema", {"yes", "no"}},
        {"deleted", {"yes", "no"}},
        {"products", {}, 0}}},
      {"membership", {"user", "tenant"}, {"role"}, &membership},
  };
}

}  // namespace interleave::scenarios
